import { createClient, RedisClientType } from '@keyv/redis';
import { randomUUID } from 'node:crypto';
import { GetScheduleDocument } from '../../client/operations';
import { PrivateRedisServer, describeWithRedisServer } from '../helpers/private-redis-server';
import { SCHEDULE_GET, TestStack, startTestStack } from '../helpers/test-stack';

/**
 * API.md "Writes": while Redis is unreachable, reads go on (token and limiter fall back to the process).
 * A Redis of the test's own, on a spare port, is paused (hung) and then killed.
 */

const STORE_TIMEOUT_MS = 200;

describeWithRedisServer('the call budget while Redis is hung or down', () => {
  let redis: PrivateRedisServer;
  let stack: TestStack;
  let inspector: RedisClientType;
  const keyPrefix = `test-budget-${randomUUID()}:`;

  beforeAll(async () => {
    redis = await PrivateRedisServer.start();
    stack = await startTestStack({
      gateway: { cacheUrl: redis.url, callBudget: { callsPerMinute: 4, keyPrefix, storeTimeoutMs: STORE_TIMEOUT_MS } },
    });
    inspector = createClient({ url: redis.url, socket: { reconnectStrategy: false } }) as RedisClientType;
    inspector.on('error', () => undefined);
    await inspector.connect();
  });
  afterAll(async () => {
    // Redis first: closing the gateway's connection to a paused Redis would wait for it forever.
    await redis?.kill();
    await stack?.stop();
  });

  async function unitsInRedis(): Promise<number> {
    const keys = await inspector.keys(`${keyPrefix}*:calls`);
    return keys.length === 0 ? 0 : inspector.zCard(keys[0]);
  }

  it('counts in Redis while it answers, then in the process: reads go on within the budget, a hung Redis costing at most its timeout', async () => {
    for (let i = 0; i < 2; i++) expect((await stack.graphql(GetScheduleDocument, { id: `up${i}` })).errors).toBeUndefined();
    expect(await unitsInRedis()).toBe(2);
    inspector.destroy();

    redis.pause();
    const started = Date.now();
    expect((await stack.graphql(GetScheduleDocument, { id: 'hung' })).errors).toBeUndefined();
    expect(Date.now() - started).toBeLessThan(STORE_TIMEOUT_MS + 1500);

    await redis.kill();
    // The process counts on its own now: 1 unit spent while hung, 3 more, then its budget of 4 is spent.
    for (let i = 0; i < 3; i++) expect((await stack.graphql(GetScheduleDocument, { id: `down${i}` })).errors).toBeUndefined();
    const refused = await stack.graphql(GetScheduleDocument, { id: 'over' });
    expect(refused.errors?.[0].extensions).toMatchObject({ code: 'WECOM_RATE_LIMITED', limitedBy: 'gateway' });
    expect(stack.emulator.callCount(SCHEDULE_GET)).toBe(6);
    expect(stack.logs()).toContain('shared store unavailable');
  });
});
