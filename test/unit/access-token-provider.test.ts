import { Keyv } from 'keyv';
import pino from 'pino';
import { deadlineIn } from '../../src/http/deadline';
import { MemoryLockStore } from '../../src/coordination/lock-memory-store';
import { LockStore, LockStoreUnavailableError } from '../../src/coordination/lock-types';
import { AccessTokenProvider, CachedToken } from '../../src/token/access-token-provider';
import { tokenCacheKey } from '../../src/token/token-cache-key';

/** A Keyv store whose every operation takes `delayMs`, like a distant Redis. */
function slowStore(delayMs: number) {
  const map = new Map<string, unknown>();
  const later = <T>(value: () => T) => new Promise<T>((resolve) => setTimeout(() => resolve(value()), delayMs));
  return {
    opts: {},
    namespace: undefined as string | undefined,
    get: (key: string) => later(() => map.get(key)),
    set: (key: string, value: unknown) => later(() => void map.set(key, value)),
    delete: (key: string) => later(() => map.delete(key)),
    clear: () => later(() => map.clear()),
    on: () => undefined,
  };
}

/** A Keyv store that is down: every operation fails, like Redis refusing connections. */
function downStore() {
  const down = () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:6379'));
  return { opts: {}, namespace: undefined as string | undefined, get: down, set: down, delete: down, clear: down, on: () => undefined };
}

function providerOver(store: ReturnType<typeof slowStore> | ReturnType<typeof downStore>) {
  let fetched = 0;
  const provider = new AccessTokenProvider({
    credentials: { corpId: 'corp', corpSecret: 'secret' },
    cache: new Keyv<CachedToken>({ store, namespace: 'token-test', throwOnErrors: true }),
    fetchToken: async () => ({ accessToken: `T${++fetched}`, expiresInSeconds: 7200 }),
    logger: pino({ level: 'silent' }),
  });
  return { provider, fetchCount: () => fetched };
}

describe('AccessTokenProvider', () => {
  it('never hands out a rejected token, even while the shared cache still holds it', async () => {
    const { provider, fetchCount } = providerOver(slowStore(30));
    const first = await provider.getToken(deadlineIn(5000));
    expect(first).toBe('T1');

    // A second request asks for a token while the first is still deleting the rejected one.
    const invalidating = provider.invalidate(first);
    const next = await provider.getToken(deadlineIn(5000));
    await invalidating;

    expect(next).toBe('T2');
    expect(fetchCount()).toBe(2);
  });

  it('shares one fetch among concurrent first callers', async () => {
    const { provider, fetchCount } = providerOver(slowStore(10));
    const tokens = await Promise.all(Array.from({ length: 20 }, () => provider.getToken(deadlineIn(5000))));
    expect(new Set(tokens)).toEqual(new Set(['T1']));
    expect(fetchCount()).toBe(1);
  });

  it('keeps a newer token when an older one is invalidated late', async () => {
    const { provider } = providerOver(slowStore(5));
    const first = await provider.getToken(deadlineIn(5000));
    await provider.invalidate(first);
    const second = await provider.getToken(deadlineIn(5000));
    await provider.invalidate(first); // a slow request reporting the old rejection again
    expect(await provider.getToken(deadlineIn(5000))).toBe(second);
  });

  it('keeps the newer in-process token when an older one is invalidated late while the shared cache is down (no extra gettoken)', async () => {
    const { provider, fetchCount } = providerOver(downStore());
    const first = await provider.getToken(deadlineIn(5000));
    await provider.invalidate(first);
    const second = await provider.getToken(deadlineIn(5000));
    expect(second).toBe('T2');
    expect(fetchCount()).toBe(2);

    // A slow request reports the old token's rejection after the new one was fetched: the in-process
    // copy is the only copy, and it is not the rejected token.
    await provider.invalidate(first);
    expect(await provider.getToken(deadlineIn(5000))).toBe(second);
    expect(fetchCount()).toBe(2);
  });

  it('drops the in-process token when that very token is rejected, even with the shared cache down', async () => {
    const { provider, fetchCount } = providerOver(downStore());
    const first = await provider.getToken(deadlineIn(5000));
    await provider.invalidate(first);
    expect(await provider.getToken(deadlineIn(5000))).toBe('T2');
    expect(fetchCount()).toBe(2);
  });
});

describe('AccessTokenProvider with a fleet fetch lock', () => {
  /** Two providers over one cache and one lock store: two instances of a fleet. */
  function fleetOf(locks: LockStore) {
    const store = slowStore(2);
    let fetched = 0;
    const make = () =>
      new AccessTokenProvider({
        credentials: { corpId: 'corp', corpSecret: 'secret' },
        cache: new Keyv<CachedToken>({ store, namespace: 'token-test', throwOnErrors: true }),
        fetchToken: async () => {
          await new Promise((resolve) => setTimeout(resolve, 30));
          return { accessToken: `T${++fetched}`, expiresInSeconds: 7200 };
        },
        logger: pino({ level: 'silent' }),
        fetchLock: locks,
      });
    return { instances: [make(), make()], fetchCount: () => fetched };
  }

  it('fetches once for two instances: the second finds the first one\'s token once it gets the lock', async () => {
    const { instances, fetchCount } = fleetOf(new MemoryLockStore());
    const tokens = await Promise.all(instances.map((provider) => provider.getToken(deadlineIn(5000))));
    expect(tokens).toEqual(['T1', 'T1']);
    expect(fetchCount()).toBe(1);
  });

  it('answers WECOM_UNAVAILABLE without fetching when the lock holder does not finish before the deadline', async () => {
    const locks = new MemoryLockStore();
    const { instances, fetchCount } = fleetOf(locks);
    const held = await locks.acquire(tokenCacheKey('corp', 'secret'), deadlineIn(1000));
    await expect(instances[0].getToken(deadlineIn(100))).rejects.toMatchObject({ extensions: { code: 'WECOM_UNAVAILABLE' } });
    expect(fetchCount()).toBe(0);
    await held.release();
  });

  it('fetches on its own when the lock store is unreachable (the process-local fallback)', async () => {
    const unreachable: LockStore = { acquire: async () => Promise.reject(new LockStoreUnavailableError('down')) };
    const { instances, fetchCount } = fleetOf(unreachable);
    expect(await instances[0].getToken(deadlineIn(1000))).toBe('T1');
    expect(fetchCount()).toBe(1);
  });
});
