import { createClient } from '@keyv/redis';
import { createHash, randomUUID } from 'node:crypto';
import { request } from 'undici';
import { PERSISTED_QUERY_TTL_SECONDS } from '../../src/limits/query-caches';
import { TEST_REDIS_URL, describeWithRedis } from '../helpers/redis-availability';
import { TestStack, startTestStack } from '../helpers/test-stack';

describeWithRedis('persisted queries in Redis expire', () => {
  let stack: TestStack;
  const redis = createClient({ url: TEST_REDIS_URL });
  const created: string[] = [];

  beforeAll(async () => {
    await redis.connect();
    stack = await startTestStack({ gateway: { cacheUrl: TEST_REDIS_URL } });
  });
  afterAll(async () => {
    await stack.stop();
    if (created.length > 0) await redis.del(created);
    await redis.close();
  });

  it(`stores a registered query with a TTL of ${PERSISTED_QUERY_TTL_SECONDS} s`, async () => {
    // A query text of its own: its hash names a key no one else writes.
    const query = `{ q_${randomUUID().replace(/-/g, '')}: __typename }`;
    const hash = createHash('sha256').update(query).digest('hex');
    const response = await request(stack.gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query, extensions: { persistedQuery: { version: 1, sha256Hash: hash } } }),
    });
    expect(response.statusCode).toBe(200);
    await response.body.text();

    let keys: string[] = [];
    // Up to 5 s: on a loaded machine with a large shared keyspace a full SCAN takes a while.
    for (const deadline = Date.now() + 5_000; keys.length === 0 && Date.now() < deadline; ) {
      // Apollo stores after answering; SCAN (read-only) finds the key whatever the namespace prefix.
      await new Promise((resolve) => setTimeout(resolve, 50));
      keys = [];
      for await (const batch of redis.scanIterator({ MATCH: `*${hash}*`, COUNT: 1000 })) keys.push(...batch);
    }
    created.push(...keys);
    expect(keys).toHaveLength(1);
    const ttl = await redis.ttl(keys[0]);
    expect(ttl).toBeGreaterThan(PERSISTED_QUERY_TTL_SECONDS - 60);
    expect(ttl).toBeLessThanOrEqual(PERSISTED_QUERY_TTL_SECONDS);
  });
});
