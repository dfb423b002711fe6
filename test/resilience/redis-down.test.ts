import { CreateScheduleDocument, GetScheduleDocument, UpdateScheduleDocument } from '../../client/operations';
import { WeComEmulator } from '../../src/emulator/wecom-emulator';
import { scheduleInput } from '../helpers/fixtures';
import { PrivateRedisServer, describeWithRedisServer } from '../helpers/private-redis-server';
import { TestStack, startTestStack } from '../helpers/test-stack';

/**
 * Issue 11 item 6: Redis down and back under two gateway instances sharing it (a Redis of the test's own on a
 * spare port, killed and started again on the same port). Reads go on while it is down (token and budget fall
 * back to the process); writes that need the lock or an idempotency record answer CACHE_UNAVAILABLE without
 * calling WeCom; once Redis is back, writes succeed again on every instance (recovery time printed).
 */
const RECOVERY_BOUND_MS = 10_000;

describeWithRedisServer('two gateways while their Redis is down, and after it is back', () => {
  let redis: PrivateRedisServer;
  let emulator: WeComEmulator;
  let stacks: TestStack[] = [];
  let scheduleId = '';

  beforeAll(async () => {
    redis = await PrivateRedisServer.start();
    emulator = await WeComEmulator.start();
    for (let i = 0; i < 2; i++) stacks.push(await startTestStack({ sharedEmulator: emulator, gateway: { cacheUrl: redis.url, wecomTimeoutMs: 500, lockWaitMs: 500 } }));
    scheduleId = emulator.seedSchedules(emulator.addCalendar(), 1)[0];
  });
  afterAll(async () => {
    await redis?.kill();
    for (const stack of stacks) await stack.stop();
    stacks = [];
    await emulator?.close();
  });

  const update = (stack: TestStack, location: string) => stack.graphql(UpdateScheduleDocument, { input: { id: scheduleId, location } });

  it('reads on, refuses locked writes with CACHE_UNAVAILABLE while Redis is down, and writes again on every instance once it is back', async () => {
    for (const [i, stack] of stacks.entries()) expect((await update(stack, `up ${i}`)).errors).toBeUndefined();

    await redis.kill();
    const updatesBefore = emulator.callCount('/cgi-bin/oa/schedule/update');
    for (const stack of stacks) {
      const read = await stack.graphql(GetScheduleDocument, { id: scheduleId });
      expect(read.errors).toBeUndefined();
      expect(read.data?.schedule?.location).toBe('up 1');
      const refused = await update(stack, 'while down');
      expect(refused.errors?.[0]?.extensions?.code).toBe('CACHE_UNAVAILABLE');
      const keyed = await stack.graphql(CreateScheduleDocument, { input: scheduleInput(), idempotencyKey: `down-${Date.now()}` });
      expect(keyed.errors?.[0]?.extensions?.code).toBe('CACHE_UNAVAILABLE');
    }
    expect(emulator.callCount('/cgi-bin/oa/schedule/update')).toBe(updatesBefore);

    redis = await PrivateRedisServer.start(redis.port);
    const back = Date.now();
    const recovered: number[] = [];
    for (const [i, stack] of stacks.entries()) {
      for (;;) {
        expect(Date.now() - back).toBeLessThan(RECOVERY_BOUND_MS);
        const answer = await update(stack, `back ${i}`);
        if (!answer.errors) break;
        expect(answer.errors[0].extensions?.code).toBe('CACHE_UNAVAILABLE');
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      recovered.push(Date.now() - back);
    }
    expect(emulator.storedSchedule(scheduleId)?.location).toBe('back 1');
    // eslint-disable-next-line no-console
    console.log(`recovery after Redis down then back on the same port: writes succeed again after ${recovered.join(' ms and ')} ms (two instances)`);
  }, 30_000);
});
