import { RedisClientType, createClient } from '@keyv/redis';
import { randomUUID } from 'node:crypto';
import { RedisIdempotencyStore } from '../../src/coordination/idempotency-redis-store';
import { TEST_REDIS_URL, describeWithRedis } from '../helpers/redis-availability';
import { idempotencyStoreSuite } from './idempotency-store.suite';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

describeWithRedis('RedisIdempotencyStore', () => {
  const prefix = `test-idempotency-${randomUUID()}:`;
  const client = createClient({ url: TEST_REDIS_URL, disableOfflineQueue: true }) as RedisClientType;
  const store = new RedisIdempotencyStore(client, { prefix });

  afterAll(async () => {
    // Only the keys this run wrote (its random prefix).
    for await (const keys of client.scanIterator({ MATCH: `${prefix}*` })) if (keys.length) await client.del(keys);
    await client.close();
  });

  idempotencyStoreSuite(() => store, sleep);

  it('keeps records in Redis under the prefix, so another connection sees them', async () => {
    expect(await store.claim('shared', { state: 'unknown', token: 't', digest: 'd' }, 60_000)).toBeUndefined();
    const otherClient = createClient({ url: TEST_REDIS_URL }) as RedisClientType;
    try {
      const other = new RedisIdempotencyStore(otherClient, { prefix });
      expect(await other.get('shared')).toEqual({ state: 'unknown', token: 't', digest: 'd' });
    } finally {
      await otherClient.close();
    }
    expect(await client.pTTL(`${prefix}shared`)).toBeGreaterThan(50_000);
  });

  it('rejects quickly when Redis cannot be reached', async () => {
    const dead = createClient({ url: 'redis://127.0.0.1:1', socket: { reconnectStrategy: false } }) as RedisClientType;
    const unreachable = new RedisIdempotencyStore(dead, { connectWaitMs: 200 });
    const started = Date.now();
    await expect(unreachable.claim('k', { state: 'unknown', token: 't', digest: 'd' }, 1000)).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(2000);
    if (dead.isOpen) dead.destroy();
  });
});
