import { createLogger, scrubSecrets } from '../../src/logger';

const SECRET = 'Sup3rS3cretCorpSecretValue';
const TOKEN = 'AT_abcdefghijklmnopqrstuvwxyz0123456789';

function capture() {
  const lines: string[] = [];
  const logger = createLogger({ level: 'debug', secrets: [SECRET], destination: { write: (line: string) => void lines.push(line) } });
  return { logger, output: () => lines.join('') };
}

describe('scrubSecrets', () => {
  it('redacts access_token and corpsecret query parameters, keeping the rest of the URL', () => {
    const url = `https://qyapi.weixin.qq.com/cgi-bin/gettoken?corpid=ww1&corpsecret=${SECRET}&x=1`;
    expect(scrubSecrets(url, [])).toBe('https://qyapi.weixin.qq.com/cgi-bin/gettoken?corpid=ww1&corpsecret=[REDACTED]&x=1');
    expect(scrubSecrets(`/cgi-bin/oa/schedule/get?access_token=${TOKEN}`, [])).toBe(
      '/cgi-bin/oa/schedule/get?access_token=[REDACTED]',
    );
  });

  it('redacts credential parameters whatever their case', () => {
    expect(scrubSecrets(`?ACCESS_TOKEN=${TOKEN}`, [])).not.toContain(TOKEN);
  });

  it('redacts every occurrence of a configured secret standing as a token', () => {
    const scrubbed = scrubSecrets(`secret ${SECRET} and again:${SECRET}.`, [SECRET]);
    expect(scrubbed).toBe('secret [REDACTED] and again:[REDACTED].');
  });

  it('redacts a short secret as a whole token only (it does not eat the letters of other words), a real one anywhere', () => {
    expect(scrubSecrets('this is s, and "s" again', ['s'])).toBe('this is [REDACTED], and "[REDACTED]" again');
    expect(scrubSecrets(`key=${SECRET}&next ${SECRET}x`, [SECRET])).toBe('key=[REDACTED]&next [REDACTED]x');
  });

  it('leaves text without credentials unchanged', () => {
    expect(scrubSecrets('schedule/get answered 90461', [SECRET])).toBe('schedule/get answered 90461');
  });
});

describe('createLogger', () => {
  it('scrubs the configured secret and credential parameters from messages', () => {
    const { logger, output } = capture();
    logger.info(`GET https://qyapi.weixin.qq.com/cgi-bin/gettoken?corpid=ww1&corpsecret=${SECRET}`);
    logger.warn(`POST /cgi-bin/oa/schedule/add?access_token=${TOKEN} failed`);
    logger.info('printf-style %s', SECRET);
    const text = output();
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain(TOKEN);
    expect(text).toContain('[REDACTED]');
    expect(text).toContain('/cgi-bin/oa/schedule/add?access_token=[REDACTED] failed');
  });

  it('scrubs nested fields and arrays', () => {
    const { logger, output } = capture();
    logger.info(
      { request: { url: `https://x/cgi-bin/gettoken?corpsecret=${SECRET}`, headers: [{ note: `uses ${SECRET}` }] }, hint: `access_token=${TOKEN}` },
      'nested',
    );
    const text = output();
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain(TOKEN);
    expect(JSON.parse(text).request.url).toBe('https://x/cgi-bin/gettoken?corpsecret=[REDACTED]');
  });

  it('scrubs Error objects given as a field or as the first argument', () => {
    const { logger, output } = capture();
    const error = Object.assign(new Error(`connect failed for https://x/cgi-bin/gettoken?corpsecret=${SECRET}`), { code: 'ECONNRESET' });
    logger.error({ err: error }, 'as a field');
    logger.error(new Error(`request to ?access_token=${TOKEN} timed out`));
    const text = output();
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain(TOKEN);
    const [first] = text.trim().split('\n').map((line) => JSON.parse(line));
    expect(first.err).toMatchObject({ name: 'Error', code: 'ECONNRESET' });
    expect(first.err.message).toContain('corpsecret=[REDACTED]');
  });

  it('redacts a real (long) secret glued to other text too: URL-encoded, after an escape, between digits', () => {
    const { logger, output } = capture();
    logger.warn({ url: `https://x/cgi-bin/gettoken?corpsecret%3D${SECRET}`, glued: `0${SECRET}x` }, 'glued');
    logger.warn({ a: { b: { c: { d: { e: { f: `line\n${SECRET}` } } } } } }, 'escaped when flattened');
    expect(output()).not.toContain(SECRET);
  });

  it('scrubs a secret however deeply it is nested in a logged object', () => {
    const { logger, output } = capture();
    logger.info({ a: { b: { c: { d: { e: { f: { g: `corpsecret=${SECRET}` } } } } } } }, 'deep');
    expect(output()).not.toContain(SECRET);
  });

  it('redacts token and secret fields by name', () => {
    const { logger, output } = capture();
    logger.info({ access_token: 'opaque1', accessToken: 'opaque2', corpSecret: 'opaque3', token: 'opaque4' }, 'fields');
    const text = output();
    for (const value of ['opaque1', 'opaque2', 'opaque3', 'opaque4']) expect(text).not.toContain(value);
  });

  it('redacts credential fields by name at any depth and in any case (authorization, secret, token…)', () => {
    const { logger, output } = capture();
    logger.info({ req: { headers: { Authorization: 'Bearer opaque5', 'X-Api-Key': 'opaque6' } }, jwt: { secret: 'opaque7' }, count: 3 }, 'fields');
    const line = JSON.parse(output());
    for (const value of ['opaque5', 'opaque6', 'opaque7']) expect(output()).not.toContain(value);
    expect(line.req.headers.Authorization).toBe('[REDACTED]');
    expect(line.count).toBe(3);
  });

  it('keeps words that merely contain the letters of a short secret', () => {
    const lines: string[] = [];
    const logger = createLogger({ level: 'info', secrets: ['s'], destination: { write: (line: string) => void lines.push(line) } });
    logger.info({ note: 'this schedule is busy' }, 'this message stays readable');
    const line = JSON.parse(lines[0]);
    expect(line.msg).toBe('this message stays readable');
    expect(line.note).toBe('this schedule is busy');
  });

  it('ignores empty secrets instead of redacting between every character', () => {
    const lines: string[] = [];
    const logger = createLogger({ level: 'info', secrets: [''], destination: { write: (line: string) => void lines.push(line) } });
    logger.info('plain message');
    expect(JSON.parse(lines[0]).msg).toBe('plain message');
  });
});
