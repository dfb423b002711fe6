import { RedisClientType, createClient } from '@keyv/redis';
import { lockKey } from '../../src/coordination/lock-resource';
import { RESOURCE_LOCK_PREFIX } from '../../src/coordination/lock-store';
import { wecomAppKey } from '../../src/domain/app-key';
import { GetScheduleDocument, UpdateScheduleDocument } from '../../client/operations';
import { WeComEmulator } from '../../src/emulator/wecom-emulator';
import { CALENDAR_GET, CALENDAR_UPDATE, createSchedule, patchCalendarPairs, patchSchedulePairs } from '../helpers/concurrent-patches';
import { TEST_REDIS_URL, describeWithRedis } from '../helpers/redis-availability';
import { PrivateRedisServer, describeWithRedisServer } from '../helpers/private-redis-server';
import { SCHEDULE_GET, SCHEDULE_UPDATE, TestStack, startTestStack } from '../helpers/test-stack';
import { freshApp } from '../helpers/fixtures';


async function until(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error('condition not reached');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describeWithRedis('concurrent writes through two gateway instances sharing Redis (CACHE_URL)', () => {
  let emulator: WeComEmulator;
  let first: TestStack;
  let second: TestStack;

  beforeAll(async () => {
    const app = freshApp();
    emulator = await WeComEmulator.start({ apps: [app] });
    const shared = { sharedEmulator: emulator, app, gateway: { cacheUrl: TEST_REDIS_URL, lockWaitMs: 1500 } };
    first = await startTestStack(shared);
    second = await startTestStack(shared);
  });
  afterAll(async () => {
    emulator.release();
    await first.stop();
    await second.stop();
    await emulator.close();
  });
  afterEach(() => {
    emulator.release();
    emulator.setLatency(0);
  });

  const slowWeCom = () => {
    for (const path of [SCHEDULE_GET, SCHEDULE_UPDATE, CALENDAR_GET, CALENDAR_UPDATE]) emulator.setLatency(20, path);
  };

  it('loses no change when 20 pairs of patches of one schedule each arrive at once, one of each pair per instance', async () => {
    slowWeCom();
    const { lost, errors } = await patchSchedulePairs([first, second], 20);
    expect(errors).toEqual([]);
    expect(lost).toBe(0);
  });

  it('loses no change when 20 pairs of patches of one calendar each arrive at once, one of each pair per instance', async () => {
    slowWeCom();
    const { lost, errors } = await patchCalendarPairs([first, second], 20);
    expect(errors).toEqual([]);
    expect(lost).toBe(0);
  });

  it('answers CONFLICT on one instance while a patch on the other holds the schedule, writing nothing', async () => {
    const id = await createSchedule(first);
    const updatesBefore = emulator.callCount(SCHEDULE_UPDATE);
    emulator.hang(SCHEDULE_UPDATE);
    const holder = first.graphql(UpdateScheduleDocument, { input: { id, summary: 'first' } });
    await until(() => emulator.callCount(SCHEDULE_UPDATE) > updatesBefore);
    const gets = emulator.callCount(SCHEDULE_GET);
    const conflicting = await second.graphql(UpdateScheduleDocument, { input: { id, location: 'second' } });
    expect(conflicting.errors?.[0].extensions?.code).toBe('CONFLICT');
    expect(emulator.callCount(SCHEDULE_GET)).toBe(gets);
    expect(emulator.callCount(SCHEDULE_UPDATE)).toBe(updatesBefore + 1);
    emulator.release();
    expect((await holder).errors).toBeUndefined();
    expect(emulator.storedSchedule(id)).toMatchObject({ summary: 'first', location: 'Room 301' });
  });
});

describeWithRedisServer('writes while Redis is unreachable (CACHE_URL set)', () => {
  let redis: PrivateRedisServer;
  let stack: TestStack;
  beforeAll(async () => {
    redis = await PrivateRedisServer.start();
    stack = await startTestStack({ emulator: { apps: [freshApp()] }, gateway: { cacheUrl: redis.url } });
  });
  afterAll(async () => {
    await stack.stop();
    await redis.kill();
  });

  it('answers CACHE_UNAVAILABLE for a patch and writes nothing, while reads go on', async () => {
    const id = await createSchedule(stack);
    const before = await stack.graphql(UpdateScheduleDocument, { input: { id, summary: 'while Redis is up' } });
    expect(before.errors).toBeUndefined();

    await redis.kill();
    const gets = stack.emulator.callCount(SCHEDULE_GET);
    const updates = stack.emulator.callCount(SCHEDULE_UPDATE);
    const patch = await stack.graphql(UpdateScheduleDocument, { input: { id, summary: 'while Redis is down' } });
    expect(patch.errors?.[0].extensions?.code).toBe('CACHE_UNAVAILABLE');
    expect(patch.data).toBeNull();
    expect(stack.emulator.callCount(SCHEDULE_GET)).toBe(gets);
    expect(stack.emulator.callCount(SCHEDULE_UPDATE)).toBe(updates);
    expect(stack.emulator.storedSchedule(id)!.summary).toBe('while Redis is up');

    const read = await stack.graphql(GetScheduleDocument, { id });
    expect(read.errors).toBeUndefined();
    expect(read.data!.schedule!.summary).toBe('while Redis is up');
  });
});

describeWithRedis('a write whose lock lease was lost (CACHE_URL set)', () => {
  const app = freshApp();
  let stack: TestStack;
  let redis: RedisClientType;

  beforeAll(async () => {
    redis = createClient({ url: TEST_REDIS_URL }) as RedisClientType;
    await redis.connect();
    // A short lease, renewed every 100 ms, so that a takeover is noticed within the slow read below.
    stack = await startTestStack({ emulator: { apps: [app] }, gateway: { cacheUrl: TEST_REDIS_URL, lockTtlMs: { resource: 300 } } });
  });
  afterAll(async () => {
    await stack.stop();
    await redis.close();
  });

  it('is not sent when another holder took the lock meanwhile: CONFLICT, nothing written', async () => {
    const id = await createSchedule(stack);
    const key = RESOURCE_LOCK_PREFIX + lockKey(wecomAppKey(app), 'schedule', id);
    stack.emulator.setLatency(800, SCHEDULE_GET);
    const patch = stack.graphql(UpdateScheduleDocument, { input: { id, summary: 'after a lost lease' } });
    await until(() => stack.emulator.callCount(SCHEDULE_GET) >= 2); // the create's read-back, then the patch's read
    // What a lease that expired during a Redis outage looks like: someone else's token under the key.
    await redis.set(key, 'another-holder', { expiration: { type: 'PX', value: 5000 } });
    const answer = await patch;
    stack.emulator.setLatency(0);
    await redis.del(key);
    expect(answer.errors?.[0].extensions?.code).toBe('CONFLICT');
    expect(stack.emulator.callCount(SCHEDULE_UPDATE)).toBe(0);
    expect(stack.emulator.storedSchedule(id)!.summary).not.toBe('after a lost lease');
  });
});
