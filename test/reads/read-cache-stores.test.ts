import { RedisClientType, createClient } from '@keyv/redis';
import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { MemoryReadCacheStore } from '../../src/reads/cache/memory-read-cache-store';
import { ReadCacheStore } from '../../src/reads/cache/read-cache-store';
import { RedisReadCacheStore } from '../../src/reads/cache/redis-read-cache-store';
import { PrivateRedisServer, describeWithRedisServer } from '../helpers/private-redis-server';
import { TEST_REDIS_URL, describeWithRedis } from '../helpers/redis-availability';
import { waitFor } from '../helpers/subscription-client';

/** The stores' rules, the same in process memory and in Redis: what a fill may store, and what a gap drops. */
const logger = pino({ level: 'silent' });
const filled = (id: string, value = `{"id":"${id}"}`) => new Map([[id, value]]);

async function connect(url: string): Promise<RedisClientType> {
  const client = createClient({ url, disableOfflineQueue: true, socket: { reconnectStrategy: () => 50 } }) as RedisClientType;
  client.on('error', () => undefined);
  await client.connect();
  return client;
}

function storeRules(name: string, makeStore: () => Promise<ReadCacheStore>): void {
  describe(name, () => {
    it('answers what a look-up filled, and nothing after an invalidation', async () => {
      const store = await makeStore();
      await (await store.lookup('schedule', ['a'], false)).settle(filled('a'));
      expect((await store.lookup('schedule', ['a'], false)).hits.get('a')).toBe('{"id":"a"}');
      await store.invalidate('schedule', ['a']);
      expect((await store.lookup('schedule', ['a'], false)).hits.size).toBe(0);
    });

    it('refuses the fill of a look-up that began before an invalidation of its id, and only of that id', async () => {
      const store = await makeStore();
      const reading = await store.lookup('schedule', ['a', 'b'], false);
      await store.invalidate('schedule', ['a']);
      expect(await reading.settle(new Map([...filled('a'), ...filled('b')]))).toEqual({ stored: 1, refused: 1 });
      const after = await store.lookup('schedule', ['a', 'b'], false);
      expect([...after.hits.keys()]).toEqual(['b']);
    });

    it('drops everything on a gap, and refuses every fill in progress', async () => {
      const store = await makeStore();
      await (await store.lookup('calendar', ['c'], false)).settle(filled('c'));
      const reading = await store.lookup('schedule', ['a'], false);
      await store.invalidateAll();
      expect(await reading.settle(filled('a'))).toEqual({ stored: 0, refused: 1 });
      const missed = await store.lookup('calendar', ['c'], false);
      expect(missed.hits.size).toBe(0);
      await missed.settle(filled('c'));
      expect((await store.lookup('calendar', ['c'], false)).hits.size).toBe(1); // and fills again afterwards
    });

    it('lets a fresh look-up skip the entry and replace it; an older read in flight stores nothing over it', async () => {
      const store = await makeStore();
      await (await store.lookup('schedule', ['a'], false)).settle(filled('a', '"old"'));
      const older = await store.lookup('schedule', ['x', 'a'].slice(1), false);
      expect(older.hits.get('a')).toBe('"old"');
      const slow = await store.lookup('schedule', ['b'], false);
      const fresh = await store.lookup('schedule', ['a', 'b'], true);
      expect(fresh.hits.size).toBe(0);
      expect(await fresh.settle(new Map([['a', '"new"'], ['b', '"new b"']]))).toEqual({ stored: 2, refused: 0 });
      expect(await slow.settle(new Map([['b', '"old b"']]))).toEqual({ stored: 0, refused: 1 });
      const after = await store.lookup('schedule', ['a', 'b'], false);
      expect([after.hits.get('a'), after.hits.get('b')]).toEqual(['"new"', '"new b"']);
    });

    it('caches nothing for ids WeCom did not find, nor for a read that failed', async () => {
      const store = await makeStore();
      await (await store.lookup('schedule', ['gone'], false)).settle(new Map());
      await (await store.lookup('schedule', ['failed'], false)).settle(null);
      expect((await store.lookup('schedule', ['gone', 'failed'], false)).hits.size).toBe(0);
    });
  });
}

storeRules('the in-process store', async () => new MemoryReadCacheStore({ ttlMs: 60_000, maxEntries: 100, maxBytes: 1 << 20 }));

describe('the in-process store’s bounds', () => {
  it('keeps at most maxEntries, the least recently used going first', async () => {
    const store = new MemoryReadCacheStore({ ttlMs: 60_000, maxEntries: 2, maxBytes: 1 << 20 });
    for (const id of ['a', 'b']) await (await store.lookup('schedule', [id], false)).settle(filled(id));
    await store.lookup('schedule', ['a'], false); // a used: b is the least recent
    await (await store.lookup('schedule', ['c'], false)).settle(filled('c'));
    expect([...(await store.lookup('schedule', ['a', 'b', 'c'], false)).hits.keys()]).toEqual(['a', 'c']);
  });

  it('keeps at most maxBytes, and never an entry larger than that', async () => {
    const store = new MemoryReadCacheStore({ ttlMs: 60_000, maxEntries: 100, maxBytes: 1000 });
    await (await store.lookup('schedule', ['big'], false)).settle(filled('big', 'x'.repeat(600)));
    expect(store.size().entries).toBe(0);
    for (const id of ['a', 'b', 'c', 'd']) await (await store.lookup('schedule', [id], false)).settle(filled(id, 'x'.repeat(150)));
    expect(store.size().bytes).toBeLessThanOrEqual(1000);
    expect(store.size().entries).toBe(3);
  });

  it('lets entries expire after the TTL', async () => {
    let now = 0;
    const store = new MemoryReadCacheStore({ ttlMs: 1000, maxEntries: 10, maxBytes: 1 << 20, now: () => now });
    await (await store.lookup('schedule', ['a'], false)).settle(filled('a'));
    now = 999;
    expect((await store.lookup('schedule', ['a'], false)).hits.size).toBe(1);
    now = 1000;
    expect((await store.lookup('schedule', ['a'], false)).hits.size).toBe(0);
    expect(store.size().entries).toBe(0);
  });
});

describeWithRedis('the Redis store', () => {
  const clients: RedisClientType[] = [];
  afterAll(async () => {
    for (const client of clients) await client.close();
  });
  storeRules('rules', async () => {
    const redis = await connect(TEST_REDIS_URL);
    clients.push(redis);
    return new RedisReadCacheStore({ redis, appKey: `app-${randomUUID()}`, ttlMs: 60_000, logger });
  });

  it('shares entries and invalidations between instances of the same app, not with another app', async () => {
    const redis = await connect(TEST_REDIS_URL);
    clients.push(redis);
    const appKey = `app-${randomUUID()}`;
    const [one, two] = [0, 1].map(() => new RedisReadCacheStore({ redis, appKey, ttlMs: 60_000, logger }));
    const other = new RedisReadCacheStore({ redis, appKey: `app-${randomUUID()}`, ttlMs: 60_000, logger });
    await (await one.lookup('schedule', ['a'], false)).settle(filled('a'));
    expect((await two.lookup('schedule', ['a'], false)).hits.size).toBe(1);
    expect((await other.lookup('schedule', ['a'], false)).hits.size).toBe(0);
    const reading = await one.lookup('schedule', ['b'], false);
    await two.invalidate('schedule', ['b']);
    expect((await reading.settle(filled('b'))).refused).toBe(1);
  });
});

describeWithRedisServer('the Redis store while Redis is hung', () => {
  let server: PrivateRedisServer | undefined;
  let redis: RedisClientType | undefined;
  afterEach(async () => {
    server?.resume();
    await redis?.close().catch(() => undefined);
    await server?.kill();
  });

  it('misses instead of failing, and sends the invalidations it owes before answering again', async () => {
    server = await PrivateRedisServer.start();
    redis = await connect(server.url);
    let errors = 0;
    const store = new RedisReadCacheStore({ redis, appKey: 'app', ttlMs: 60_000, logger, commandTimeoutMs: 200, retryAfterMs: 300, onError: () => (errors += 1) });
    await (await store.lookup('schedule', ['a'], false)).settle(filled('a'));
    server.pause();
    await store.invalidate('schedule', ['a']); // times out: owed
    const started = Date.now();
    expect((await store.lookup('schedule', ['a'], false)).hits.size).toBe(0);
    expect(Date.now() - started).toBeLessThan(150); // skipped at once after a failure, no wait
    expect(errors).toBe(1);
    server.resume();
    // The stale entry is still in Redis: it must never be answered once Redis is back.
    await waitFor(async () => {
      const lookup = await store.lookup('schedule', ['a'], false);
      expect(lookup.hits.size).toBe(0);
      const sent = (await redis!.exists('wecom-gateway:reads:app:s:a')) === 0 || (await redis!.get('wecom-gateway:reads:app:s:a'))!.startsWith('l|');
      await lookup.settle(null);
      return sent;
    }, 'the owed invalidation to be sent');
  });
});
