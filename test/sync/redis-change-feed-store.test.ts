import { createClient, RedisClientType } from '@keyv/redis';
import { randomUUID } from 'node:crypto';
import { Server, Socket, connect as connectTcp, createServer } from 'node:net';
import { ChangeFeedLimits, CursorExpiredError } from '../../src/sync/feed/change-feed-store';
import { followChanges } from '../../src/sync/feed/follow-changes';
import { ChangeTooLargeError, RedisChangeFeedStore, RedisChangeFeedStoreOptions, atLeast } from '../../src/sync/feed/redis-change-feed-store';
import { RecordedChange } from '../../src/sync/change';
import { TEST_REDIS_URL, describeWithRedis } from '../helpers/redis-availability';
import { PrivateRedisServer, describeWithRedisServer } from '../helpers/private-redis-server';
import { appendNumbered, calendarFacts, changeFeedStoreSuite, followingStore, waitFor } from './change-feed-store.suite';

const connect = async (url: string): Promise<RedisClientType> => {
  const client = createClient({ url, disableOfflineQueue: true, socket: { reconnectStrategy: () => 50 } }) as RedisClientType;
  client.on('error', () => undefined);
  await client.connect();
  return client;
};

/** The next cursor the feed has not given: ordinal and id one further. */
const beyond = (head: string) => head.replace(/\.(\d+)\.(\d+)-(\d+)$/, (_, n: string, ms: string, seq: string) => `.${Number(n) + 1}.${BigInt(ms) + 1n}-${seq}`);

async function nextWithin(follower: AsyncIterableIterator<RecordedChange>, ms = 10_000): Promise<IteratorResult<RecordedChange>> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('no change within the deadline')), ms)));
  return Promise.race([follower.next(), timeout]).finally(() => clearTimeout(timer));
}

describeWithRedis('RedisChangeFeedStore', () => {
  // Two connections: two gateway instances sharing one Redis.
  let first: RedisClientType;
  let second: RedisClientType;
  const keyPrefix = `test:feed:${randomUUID()}:`;
  const stores: RedisChangeFeedStore[] = [];
  const storeOn = (redis: RedisClientType, appKey: string, options: Partial<RedisChangeFeedStoreOptions> = {}) => {
    const store = new RedisChangeFeedStore({ redis, appKey, keyPrefix, ...options });
    stores.push(store);
    return store;
  };

  beforeAll(async () => {
    first = await connect(TEST_REDIS_URL);
    second = await connect(TEST_REDIS_URL);
  });
  afterEach(async () => {
    await Promise.all(stores.map((store) => store.close()));
    stores.length = 0;
  });
  afterAll(async () => {
    const keys = await first.keys(`${keyPrefix}*`);
    if (keys.length > 0) await first.del(keys);
    await first.close();
    await second.close();
  });

  changeFeedStoreSuite('RedisChangeFeedStore', {
    open: async (limits?: Partial<ChangeFeedLimits>) => storeOn(first, `corp-${randomUUID()}:1`, { limits }),
    beyond,
  });

  it('keys one stream per app under one hash tag', () => {
    expect(storeOn(first, 'ww1234:1000002', { keyPrefix: 'wecom-gateway:feed:' }).redisKeys).toEqual({
      stream: 'wecom-gateway:feed:{ww1234:1000002}',
      meta: 'wecom-gateway:feed:{ww1234:1000002}:meta',
      digests: 'wecom-gateway:feed:{ww1234:1000002}:digests',
      recency: 'wecom-gateway:feed:{ww1234:1000002}:recency',
    });
  });

  it('shares the feed between two instances: an append on one reaches a follower on the other, in order', async () => {
    const appKey = `corp-${randomUUID()}:1`;
    const one = storeOn(first, appKey);
    const other = storeOn(second, appKey);
    const follower = await followChanges(other, { after: null });
    const appended = [];
    for (let i = 0; i < 3; i++) appended.push((await appendNumbered(one, i)).cursor);
    const got = [];
    for (let i = 0; i < 3; i++) got.push((await nextWithin(follower)).value.cursor);
    expect(got).toEqual(appended);
    expect(await other.read(null, 10)).toEqual(await one.read(null, 10));
    // The digest is shared too: the other instance does not record the same state again.
    expect(await other.append(calendarFacts(0), 'calendar:cal-0', 'digest-0')).toBeNull();
    await follower.return!();
  });

  it('answers CURSOR_EXPIRED for cursors of a feed whose keys were lost (FLUSHALL, eviction), and starts a new one', async () => {
    const appKey = `corp-${randomUUID()}:1`;
    const store = storeOn(first, appKey);
    const old = (await appendNumbered(store, 1)).cursor;
    const follower = await followChanges(store, { after: old });
    const { stream, meta, digests, recency } = store.redisKeys;
    await first.del([stream, meta, digests, recency]);
    await expect(store.read(old, 10)).rejects.toBeInstanceOf(CursorExpiredError);
    await expect(store.checkCursor(old)).rejects.toBeInstanceOf(CursorExpiredError);
    expect(await store.head()).toBeNull();

    const fresh = await appendNumbered(store, 1); // the same state again: the new feed has no digests
    expect(fresh.cursor).not.toBe(old);
    await expect(store.read(old, 10)).rejects.toBeInstanceOf(CursorExpiredError);
    expect(() => store.compare(old, fresh.cursor)).toThrow(CursorExpiredError);
    // A follower of the lost feed is told, rather than carrying on in the new one as if nothing was lost.
    await expect(nextWithin(follower)).rejects.toBeInstanceOf(CursorExpiredError);

    // Only the stream lost (evicted), its meta kept: still a new feed.
    await first.del(stream);
    await expect(store.read(fresh.cursor, 10)).rejects.toBeInstanceOf(CursorExpiredError);
    const again = await appendNumbered(store, 2);
    expect((await store.read(null, 10)).map((change) => change.cursor)).toEqual([again.cursor]);
  });

  it('refuses a change over the per-entry size cap, recording nothing', async () => {
    const store = storeOn(first, `corp-${randomUUID()}:1`, { maxEntryBytes: 2000 });
    const facts = calendarFacts(1);
    facts.calendar!.description = 'x'.repeat(3000);
    await expect(store.append(facts, 'calendar:cal-1', 'big')).rejects.toBeInstanceOf(ChangeTooLargeError);
    expect(await store.head()).toBeNull();
  });

  it('keeps the digests bounded: the least recently changed resources are forgotten beyond max(10000, maxChanges)', async () => {
    const store = storeOn(first, `corp-${randomUUID()}:1`, { limits: { maxChanges: 10 } });
    for (let batch = 0; batch < 101; batch++) {
      await Promise.all(Array.from({ length: 100 }, (_, i) => appendNumbered(store, batch * 100 + i)));
    }
    expect(await first.hLen(store.redisKeys.digests)).toBe(10_000);
    expect(await first.zCard(store.redisKeys.recency)).toBe(10_000);
    // The most recent is remembered (not recorded again); the oldest forgotten (recorded again, harmlessly).
    expect(await store.append(calendarFacts(10_099), 'calendar:cal-10099', 'digest-10099')).toBeNull();
    expect(await store.append(calendarFacts(0), 'calendar:cal-0', 'digest-0')).not.toBeNull();
    expect(await first.xLen(store.redisKeys.stream)).toBeLessThan(200);
  }, 60_000);

  it('blocks on a connection of its own: the shared one answers at once, and close() does not wait for the block', async () => {
    const name = `feed-follower-${randomUUID()}`;
    const store = storeOn(first, `corp-${randomUUID()}:1`, { blockMs: 60_000, followerConnectionName: name });
    store.subscribe(() => undefined);
    const blocked = async () => {
      const clients = String(await second.sendCommand(['CLIENT', 'LIST']));
      return clients.split('\n').some((line) => line.includes(`name=${name} `) && / flags=\S*b/.test(line) && line.includes('cmd=xread'));
    };
    let isBlocked = false;
    const until = Date.now() + 10_000;
    while (!(isBlocked = await blocked()) && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(isBlocked).toBe(true);

    const started = Date.now();
    await first.get(`${keyPrefix}unrelated`);
    await appendNumbered(store, 1);
    expect(Date.now() - started).toBeLessThan(5000); // far below the 60 s block it would otherwise sit behind

    const closing = Date.now();
    await store.close();
    expect(Date.now() - closing).toBeLessThan(5000);
    const gone = Date.now() + 5000;
    while ((await blocked()) && Date.now() < gone) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await blocked()).toBe(false);
  });

  it('replaces a follower connection that stops answering without closing (half-open): later appends still arrive', async () => {
    const appKey = `corp-${randomUUID()}:1`;
    const proxy = await TcpProxy.start(6379, new URL(TEST_REDIS_URL).hostname);
    const behindProxy = await connect(`redis://127.0.0.1:${proxy.port}`);
    try {
      const writer = storeOn(first, appKey);
      const reader = storeOn(behindProxy, appKey, { blockMs: 300 });
      await followingStore(reader);
      const got: string[] = [];
      let gaps = 0;
      reader.subscribe((change) => got.push(change.cursor), () => gaps++);
      const before = (await appendNumbered(writer, 1)).cursor;
      await waitFor(() => got.includes(before), 'the change before the freeze');

      proxy.freeze(); // the follower's XREAD never gets its answer, and its socket never closes
      const appended: string[] = [];
      for (let i = 0; i < 5; i++) appended.push((await appendNumbered(writer, 10 + i)).cursor);
      // Without a bound on the XREAD this waits for TCP keepalive (minutes); with it, a few seconds.
      await waitFor(() => appended.every((cursor) => got.includes(cursor)), 'the changes made while frozen', 20_000);
      expect(got).toEqual([before, ...appended]);
      expect(gaps).toBe(0); // read on from where it was: nothing missed
      const later = (await appendNumbered(writer, 100)).cursor;
      await waitFor(() => got.includes(later), 'a later change');
    } finally {
      behindProxy.destroy();
      await proxy.close();
    }
  }, 30_000);

  it('tells followers of a gap when changes after their place were trimmed while the connection was down', async () => {
    const appKey = `corp-${randomUUID()}:1`;
    const proxy = await TcpProxy.start(6379, new URL(TEST_REDIS_URL).hostname);
    const behindProxy = await connect(`redis://127.0.0.1:${proxy.port}`);
    try {
      const writer = storeOn(first, appKey, { limits: { maxChanges: 10 } });
      const reader = storeOn(behindProxy, appKey, { limits: { maxChanges: 10 } });
      await followingStore(reader);
      const follower = await followChanges(reader, { after: null });
      const live = (await appendNumbered(writer, 1)).cursor;
      expect((await nextWithin(follower)).value.cursor).toBe(live); // caught up: from here on it is live
      const got: string[] = [];
      let gaps = 0;
      reader.subscribe((change) => got.push(change.cursor), () => gaps++);

      proxy.cut(); // the follower's connection drops and cannot come back until reopened
      let last = '';
      for (let i = 0; i < 300; i++) last = (await appendNumbered(writer, 100 + i)).cursor;
      proxy.reopen();

      await waitFor(() => got.includes(last), 'the changes after the reconnect');
      expect(gaps).toBeGreaterThan(0);
      expect(got).toEqual([...got].sort((a, b) => reader.compare(a, b)));
      // The follower, told of the gap, reads the store and learns its place was trimmed, instead of
      // carrying on with the changes after the gap as if it had missed nothing.
      await expect(nextWithin(follower)).rejects.toBeInstanceOf(CursorExpiredError);
    } finally {
      behindProxy.destroy();
      await proxy.close();
    }
  });
});

describeWithRedisServer('RedisChangeFeedStore when Redis restarts', () => {
  it('keeps following: later appends still arrive, and old cursors are CURSOR_EXPIRED (the restarted Redis lost the stream)', async () => {
    let server = await PrivateRedisServer.start();
    const redis = await connect(server.url);
    const store = new RedisChangeFeedStore({ redis, appKey: 'corp:1', commandTimeoutMs: 500 });
    try {
      await followingStore(store);
      const got: string[] = [];
      let gaps = 0;
      store.subscribe((change) => got.push(change.cursor), () => gaps++);
      const before = (await appendNumbered(store, 1)).cursor;
      await waitFor(() => got.includes(before), 'the change before the restart');

      await server.kill();
      server = await PrivateRedisServer.start(server.port);
      let after: RecordedChange | undefined;
      const until = Date.now() + 15_000;
      while (!after && Date.now() < until) {
        after = await appendNumbered(store, 2).catch(() => undefined);
        if (!after) await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(after).toBeDefined();
      await waitFor(() => got.includes(after!.cursor), 'the change after the restart', 15_000);
      expect(gaps).toBeGreaterThan(0);
      await expect(store.read(before, 10)).rejects.toBeInstanceOf(CursorExpiredError);

      await redis.flushAll();
      await expect(store.checkCursor(after!.cursor)).rejects.toBeInstanceOf(CursorExpiredError);
    } finally {
      await store.close();
      redis.destroy();
      await server.kill();
    }
  }, 60_000);
});

describe('RedisChangeFeedStore with Redis unreachable', () => {
  it('closes at once while its follower waits for a connection, and reads fail with CACHE_UNAVAILABLE', async () => {
    // Nothing listens on port 1: the follower's connection keeps failing.
    const redis = createClient({ url: 'redis://127.0.0.1:1', disableOfflineQueue: true, socket: { reconnectStrategy: () => 50 } }) as RedisClientType;
    redis.on('error', () => undefined);
    const store = new RedisChangeFeedStore({ redis, appKey: 'corp:1', commandTimeoutMs: 300 });
    try {
      store.subscribe(() => undefined);
      await new Promise((resolve) => setTimeout(resolve, 300)); // the follower is now waiting to connect (up to 2 s a wait)
      await expect(store.read(null, 10)).rejects.toMatchObject({ extensions: { code: 'CACHE_UNAVAILABLE' } });
      const closing = Date.now();
      await store.close();
      expect(Date.now() - closing).toBeLessThan(1000);
    } finally {
      redis.destroy();
    }
  });
});

describe('the Redis version check', () => {
  it('compares dotted versions', () => {
    expect(atLeast('7.0.15', '6.2.0')).toBe(true);
    expect(atLeast('6.2.0', '6.2.0')).toBe(true);
    expect(atLeast('6.0.20', '6.2.0')).toBe(false);
    expect(atLeast('10.0', '6.2.0')).toBe(true);
  });
});

/**
 * A TCP proxy to Redis whose connections the test can cut, refusing new ones until reopened, or freeze:
 * they stay open but carry nothing more (a half-open connection), while new ones work.
 */
class TcpProxy {
  private readonly sockets = new Set<Socket>();
  private readonly pairs = new Set<[Socket, Socket]>();
  private refusing = false;

  private constructor(private readonly server: Server) {}

  static async start(targetPort: number, targetHost: string): Promise<TcpProxy> {
    const proxy: TcpProxy = new TcpProxy(
      createServer((client) => {
        if (proxy.refusing) return void client.destroy();
        const upstream = connectTcp(targetPort, targetHost);
        for (const socket of [client, upstream]) {
          proxy.sockets.add(socket);
          socket.on('error', () => undefined);
          socket.on('close', () => {
            proxy.sockets.delete(socket);
            client.destroy();
            upstream.destroy();
          });
        }
        const pair: [Socket, Socket] = [client, upstream];
        proxy.pairs.add(pair);
        client.on('close', () => proxy.pairs.delete(pair));
        client.pipe(upstream).pipe(client);
      }),
    );
    await new Promise<void>((resolve) => proxy.server.listen(0, '127.0.0.1', resolve));
    return proxy;
  }

  get port(): number {
    return (this.server.address() as { port: number }).port;
  }

  cut(): void {
    this.refusing = true;
    for (const socket of this.sockets) socket.destroy();
  }

  reopen(): void {
    this.refusing = false;
  }

  /** The connections open now stop forwarding, without closing (bytes stay unread in both directions). */
  freeze(): void {
    for (const [client, upstream] of this.pairs) {
      client.unpipe(upstream);
      upstream.unpipe(client);
      client.pause();
      upstream.pause();
    }
    this.pairs.clear();
  }

  async close(): Promise<void> {
    this.cut();
    await new Promise((resolve) => this.server.close(resolve));
  }
}
