import { createClient, RedisClientType } from '@keyv/redis';
import { ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { RedisLockStore } from '../../src/coordination/lock-redis-store';
import { LockStoreUnavailableError, LockWaitTimeoutError } from '../../src/coordination/lock-types';
import { deadlineIn } from '../../src/http/deadline';
import { TEST_REDIS_URL, describeWithRedis } from '../helpers/redis-availability';
import { lockStoreSuite } from './lock-suite';

const connect = async (url: string): Promise<RedisClientType> => {
  const client = createClient({ url, disableOfflineQueue: true }) as RedisClientType;
  client.on('error', () => undefined);
  await client.connect();
  return client;
};

describeWithRedis('RedisLockStore', () => {
  // Two connections: two gateway instances sharing one Redis.
  let first: RedisClientType;
  let second: RedisClientType;
  const keyPrefix = `test:lock:${randomUUID()}:`;
  const storeOn = (redis: RedisClientType, ttlMs?: number, maxHoldMs?: number) =>
    new RedisLockStore({ redis, keyPrefix, ttlMs, maxHoldMs });

  beforeAll(async () => {
    first = await connect(TEST_REDIS_URL);
    second = await connect(TEST_REDIS_URL);
  });
  afterAll(async () => {
    await first.close();
    await second.close();
  });

  lockStoreSuite('RedisLockStore (two instances)', () => [storeOn(first), storeOn(second)]);

  it('keeps a live holder\'s lock past its lease by renewing it', async () => {
    const key = randomUUID();
    const holder = await storeOn(first, 300).acquire(key, deadlineIn(1000));
    await expect(storeOn(second, 300).acquire(key, deadlineIn(900))).rejects.toBeInstanceOf(LockWaitTimeoutError);
    expect(holder.held).toBe(true);
    await holder.release();
  });

  it('releases only its own lock: a holder whose lease ran out cannot delete the next holder\'s', async () => {
    const key = randomUUID();
    // maxHoldMs 0: never renewed, so the lease runs out while the first still thinks it holds.
    const stale = await storeOn(first, 200, 0).acquire(key, deadlineIn(1000));
    const next = await storeOn(second, 5000).acquire(key, deadlineIn(2000));
    await stale.release();
    expect(await second.get(keyPrefix + key)).not.toBeNull();
    await next.release();
    expect(await second.get(keyPrefix + key)).toBeNull();
  });

  it('frees the lock of a holder process that died, within the lease', async () => {
    const key = randomUUID();
    const ttlMs = 800;
    const child = await startHolder(keyPrefix, key, ttlMs);
    try {
      // While the holder lives, it renews: the lock stays taken well past one lease.
      await expect(storeOn(second).acquire(key, deadlineIn(2 * ttlMs))).rejects.toBeInstanceOf(LockWaitTimeoutError);
      child.kill('SIGKILL');
      const killed = Date.now();
      const handle = await storeOn(second).acquire(key, deadlineIn(5000));
      expect(Date.now() - killed).toBeLessThanOrEqual(ttlMs + 300);
      await handle.release();
    } finally {
      child.kill('SIGKILL');
    }
  }, 30_000);
});

describe('RedisLockStore with Redis unreachable', () => {
  it('refuses at once with LockStoreUnavailableError instead of guessing', async () => {
    // Nothing listens on port 1; the client keeps reconnecting in the background.
    const redis = createClient({ url: 'redis://127.0.0.1:1', disableOfflineQueue: true }) as RedisClientType;
    redis.on('error', () => undefined);
    try {
      const store = new RedisLockStore({ redis, keyPrefix: 'unused:', commandTimeoutMs: 300 });
      const started = Date.now();
      await expect(store.acquire('k', deadlineIn(5000))).rejects.toBeInstanceOf(LockStoreUnavailableError);
      expect(Date.now() - started).toBeLessThan(1500);
      // The in-process queue was not left taken: the next attempt also reaches Redis (and fails the same way).
      await expect(store.acquire('k', deadlineIn(5000))).rejects.toBeInstanceOf(LockStoreUnavailableError);
    } finally {
      redis.destroy();
    }
  });
});

/** Spawns lock-holder-child.ts and resolves once it says it holds the lock. */
function startHolder(keyPrefix: string, key: string, ttlMs: number): Promise<ChildProcess> {
  const script = join(__dirname, 'lock-holder-child.ts');
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', script, TEST_REDIS_URL, keyPrefix, key, String(ttlMs)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let errors = '';
    child.stderr!.on('data', (data) => (errors += String(data)));
    child.stdout!.on('data', (data) => {
      if (String(data).includes('held')) resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`lock holder exited (${code}): ${errors}`)));
  });
}
