import { tokenCacheKey } from '../../src/token/token-cache-key';

describe('tokenCacheKey', () => {
  const secretA = 'app-A-secret-0123456789abcdefghijklmnopqrstu';
  const secretB = 'app-B-secret-0123456789abcdefghijklmnopqrstu';

  it('gives two apps of one corp different keys', () => {
    expect(tokenCacheKey('ww0001', secretA)).not.toBe(tokenCacheKey('ww0001', secretB));
  });

  it('gives one app the same key every time (shared across instances)', () => {
    expect(tokenCacheKey('ww0001', secretA)).toBe(tokenCacheKey('ww0001', secretA));
  });

  it('gives two corps with the same secret different keys', () => {
    expect(tokenCacheKey('ww0001', secretA)).not.toBe(tokenCacheKey('ww0002', secretA));
  });

  it('never contains the secret, nor a sizeable piece of it', () => {
    const key = tokenCacheKey('ww0001', secretA);
    expect(key).not.toContain(secretA);
    for (let i = 0; i + 8 <= secretA.length; i++) expect(key).not.toContain(secretA.slice(i, i + 8));
  });

  it('names the corp, so keys can be told apart when listed', () => {
    expect(tokenCacheKey('ww0001', secretA).startsWith('ww0001')).toBe(true);
  });
});
