import { createClient } from '@keyv/redis';
import pino from 'pino';
import { ScheduleChangesDocument } from '../../client/operations';
import { CALLBACK_INBOX_PREFIX, RedisCallbackInbox } from '../../src/callbacks/inbox/redis-callback-inbox';
import { dedupeKeyOf } from '../../src/callbacks/callback-event';
import { wecomAppKey } from '../../src/domain/app-key';
import { freshApp } from '../helpers/fixtures';
import { TEST_REDIS_URL, describeWithRedis } from '../helpers/redis-availability';
import { PrivateRedisServer, describeWithRedisServer } from '../helpers/private-redis-server';
import { SCHEDULE_GET, TestStack, stacksStoppedAfterEach, startTestStack } from '../helpers/test-stack';
import { callbackSettings, deliverEvent, eventually, metricValue } from '../helpers/wecom-callback';

const startStack = stacksStoppedAfterEach();

async function changes(stack: TestStack) {
  const answer = await stack.graphql(ScheduleChangesDocument, { first: 100 });
  expect(answer.errors).toBeUndefined();
  return answer.data!.scheduleChanges.edges.map((edge) => edge.node);
}

describeWithRedis('WeCom callbacks with Redis: an inbox the fleet shares', () => {
  const redis = createClient({ url: TEST_REDIS_URL });
  const streams: string[] = [];
  beforeAll(() => redis.connect());
  afterAll(async () => {
    if (streams.length > 0) await redis.del(streams);
    await redis.close();
  });

  /** Two instances of one fresh app on one emulator and one Redis; A does not process (it "dies" first). */
  async function fleet(options: { processOnA: boolean; claimIdleMs?: number }) {
    const app = freshApp(1000002);
    streams.push(`${CALLBACK_INBOX_PREFIX}${wecomAppKey(app)}`);
    const settings = callbackSettings();
    const emulator = await startStack.emulator({ apps: [app] });
    const common = { sharedEmulator: emulator, app };
    const a = await startStack({ ...common, gateway: { cacheUrl: TEST_REDIS_URL, callback: { ...settings, process: options.processOnA } } });
    const b = await startStack({ ...common, gateway: { cacheUrl: TEST_REDIS_URL, callback: { ...settings, claimIdleMs: options.claimIdleMs } } });
    return { app, settings, emulator, a, b };
  }

  it('an event recorded by instance A that never processes it is finished by instance B', async () => {
    const { settings, emulator, a, b } = await fleet({ processOnA: false });
    const calendarId = emulator.addCalendar();
    const [id] = emulator.seedSchedules(calendarId, 1, { summary: 'Seen by B' });
    expect((await deliverEvent(a, settings, { Event: 'modify_schedule', CalId: calendarId, ScheduleId: id, FromUserName: 'carol' })).status).toBe(200);
    const change = await eventually(async () => (await changes(b))[0]);
    expect(change).toMatchObject({ kind: 'SCHEDULE_UPDATED', scheduleId: id, source: 'WECOM', userId: 'carol', schedule: { summary: 'Seen by B' } });
  });

  it('a delivery repeated to two instances is recorded once', async () => {
    const { settings, emulator, a, b } = await fleet({ processOnA: false });
    const calendarId = emulator.addCalendar();
    const event = { Event: 'modify_calendar', CalId: calendarId, FromUserName: 'dave', CreateTime: 1_800_000_000 };
    for (const stack of [a, b, a]) expect((await deliverEvent(stack, settings, event)).status).toBe(200);
    await eventually(async () => ((await changes(b)).length === 1 ? true : undefined));
    expect((await metricValue(a, 'wecom_gateway_callbacks_total', { outcome: 'recorded' })) + (await metricValue(b, 'wecom_gateway_callbacks_total', { outcome: 'recorded' }))).toBe(1);
    expect((await metricValue(a, 'wecom_gateway_callbacks_total', { outcome: 'duplicate' })) + (await metricValue(b, 'wecom_gateway_callbacks_total', { outcome: 'duplicate' }))).toBe(2);
  });

  it('an event taken by an instance that died before acknowledging it is taken over once idle', async () => {
    const app = freshApp(1000002);
    streams.push(`${CALLBACK_INBOX_PREFIX}${wecomAppKey(app)}`);
    const emulator = await startStack.emulator({ apps: [app] });
    const calendarId = emulator.addCalendar();
    // The dead instance: it recorded the event and took it for processing, then nothing more.
    const dead = new RedisCallbackInbox({ redis: redis as never, appKey: wecomAppKey(app), logger: pino({ level: 'silent' }) });
    const event = { event: 'modify_calendar', calendarId, scheduleId: null, userId: 'erin', createTime: '1800000000' };
    expect(await dead.add(event, dedupeKeyOf(event))).toBe('recorded');
    expect(await dead.take(10)).toHaveLength(1);

    const b = await startStack({ sharedEmulator: emulator, app, gateway: { cacheUrl: TEST_REDIS_URL, callback: { ...callbackSettings(), claimIdleMs: 300 } } });
    const change = await eventually(async () => (await changes(b))[0]);
    expect(change).toMatchObject({ kind: 'CALENDAR_UPDATED', calendarId, source: 'WECOM', userId: 'erin' });
    expect(b.logs()).toContain('callback events left by another instance taken over');
    await eventually(async () => ((await dead.pending()) === 0 ? true : undefined), 5000, 'the inbox emptied');
  });

  it('an event an instance is still working on is never taken over, however long it takes; once that instance stops, it is', async () => {
    const app = freshApp(1000002);
    streams.push(`${CALLBACK_INBOX_PREFIX}${wecomAppKey(app)}`);
    const claimIdleMs = 1000;
    const settings = callbackSettings({ claimIdleMs });
    const emulator = await startStack.emulator({ apps: [app] });
    const calendarId = emulator.addCalendar();
    const [id] = emulator.seedSchedules(calendarId, 1, { summary: 'Slow to read' });
    emulator.hang(SCHEDULE_GET); // A's reads wait for the WeCom timeout, then it retries: it works on the event for long
    const gateway = { cacheUrl: TEST_REDIS_URL, callback: settings, wecomTimeoutMs: 2000 };
    const a = await startTestStack({ sharedEmulator: emulator, app, gateway }); // stopped here, not after the test
    let b: TestStack;
    try {
      expect((await deliverEvent(a, settings, { Event: 'modify_schedule', CalId: calendarId, ScheduleId: id, FromUserName: 'carol' })).status).toBe(200);
      await eventually(async () => (emulator.callCount(SCHEDULE_GET) > 0 ? true : undefined), 5000, 'A reading the schedule');

      b = await startStack({ sharedEmulator: emulator, app, gateway });
      // Several claim timeouts pass while A still works on it: B must not take it (it would read WeCom too).
      await new Promise((resolve) => setTimeout(resolve, 5 * claimIdleMs));
      expect(b.logs()).not.toContain('callback events left by another instance taken over');
      expect(await metricValue(b, 'wecom_gateway_callback_events_total', { outcome: 'retried' })).toBe(0);
    } finally {
      // A stops (its read under way ends with the WeCom timeout) and lets go: B takes it over and records it.
      await a.stop();
      emulator.release();
    }
    const change = await eventually(async () => (await changes(b))[0], 15_000, 'B recording the event');
    expect(change).toMatchObject({ kind: 'SCHEDULE_UPDATED', scheduleId: id, source: 'WECOM', userId: 'carol', schedule: { summary: 'Slow to read' } });
    expect(b.logs()).toContain('callback events left by another instance taken over');
  });

  it('an entry its owner holds is never claimed by another inbox while the owner lives, even when the owner takes nothing more', async () => {
    // The owner of a slow event whose processor is busy (all its slots taken) calls take() no more:
    // only its heartbeat keeps the entry from going idle.
    const appKey = wecomAppKey(freshApp(1000002));
    streams.push(`${CALLBACK_INBOX_PREFIX}${appKey}`);
    const claimIdleMs = 1500;
    const logger = pino({ level: 'silent' });
    const owner = new RedisCallbackInbox({ redis: redis as never, appKey, logger, claimIdleMs });
    const other = new RedisCallbackInbox({ redis: redis as never, appKey, logger, claimIdleMs });
    try {
      const event = { event: 'modify_calendar', calendarId: 'cal', scheduleId: null, userId: 'erin', createTime: '1800000000' };
      expect(await owner.add(event, dedupeKeyOf(event))).toBe('recorded');
      const [held] = await owner.take(10);
      expect(held.event).toEqual(event);
      const watchUntil = Date.now() + 3 * claimIdleMs;
      while (Date.now() < watchUntil) {
        expect(await other.take(10)).toEqual([]);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      await owner.close(); // the owner stops (or dies): the entry goes idle and is taken over
      const [taken] = await eventually(async () => {
        const entries = await other.take(10);
        return entries.length > 0 ? entries : undefined;
      }, 3 * claimIdleMs + 5000, 'the entry taken over');
      expect(taken).toEqual(held);
      await other.ack(taken.id);
      expect(await other.pending()).toBe(0);
    } finally {
      await owner.close();
      await other.close();
    }
  });

  it('answers 503 once the unprocessed backlog reaches the cap, trimming none of it; recorded once there is room', async () => {
    const app = freshApp(1000002);
    const stream = `${CALLBACK_INBOX_PREFIX}${wecomAppKey(app)}`;
    streams.push(stream);
    const settings = callbackSettings({ maxUnprocessed: 2 });
    const emulator = await startStack.emulator({ apps: [app] });
    const calendarId = emulator.addCalendar();
    const a = await startStack({ sharedEmulator: emulator, app, gateway: { cacheUrl: TEST_REDIS_URL, callback: { ...settings, process: false } } });
    const event = (n: number) => ({ Event: 'modify_calendar', CalId: calendarId, FromUserName: `user${n}`, CreateTime: 1_800_000_000 });
    expect((await deliverEvent(a, settings, event(1))).status).toBe(200);
    expect((await deliverEvent(a, settings, event(2))).status).toBe(200);
    expect((await deliverEvent(a, settings, event(3))).status).toBe(503);
    expect(await metricValue(a, 'wecom_gateway_callbacks_total', { outcome: 'inbox_full' })).toBe(1);
    const kept = await redis.xRange(stream, '-', '+');
    expect(kept.map((entry) => JSON.parse(String(entry.message.event)).userId)).toEqual(['user1', 'user2']);

    // An instance that processes empties the backlog; WeCom's next delivery of the third is then recorded.
    const b = await startStack({ sharedEmulator: emulator, app, gateway: { cacheUrl: TEST_REDIS_URL, callback: settings } });
    await eventually(async () => ((await redis.xLen(stream)) === 0 ? true : undefined), 5000, 'the backlog processed');
    expect((await deliverEvent(b, settings, event(3))).status).toBe(200);
    await eventually(async () => ((await metricValue(b, 'wecom_gateway_callback_events_total', { outcome: 'recorded' })) + (await metricValue(b, 'wecom_gateway_callback_events_total', { outcome: 'unchanged' })) === 3 ? true : undefined));
  });
});

describeWithRedisServer('the Redis callback inbox and its scripts', () => {
  let server: PrivateRedisServer;
  beforeAll(async () => {
    server = await PrivateRedisServer.start();
  });
  afterAll(() => server.kill());

  /** Calls of a command so far, from INFO commandstats (this Redis serves only this test). */
  async function calls(redis: { info(section: string): Promise<unknown> }, command: string): Promise<number> {
    const info = String(await redis.info('commandstats'));
    return Number(new RegExp(`cmdstat_${command}:calls=(\\d+)`).exec(info)?.[1] ?? 0);
  }

  it('adds with EVALSHA, sending the script again only when Redis lost it (NOSCRIPT)', async () => {
    const redis = createClient({ url: server.url });
    await redis.connect();
    try {
      const inbox = new RedisCallbackInbox({ redis: redis as never, appKey: 'scripts-app', logger: pino({ level: 'silent' }) });
      const event = (n: number) => ({ event: 'modify_calendar', calendarId: 'cal', scheduleId: null, userId: `u${n}`, createTime: '1800000000' });
      for (let n = 0; n < 5; n += 1) expect(await inbox.add(event(n), dedupeKeyOf(event(n)))).toBe('recorded');
      expect(await calls(redis, 'eval')).toBeLessThanOrEqual(1); // the first EVALSHA's NOSCRIPT
      expect(await calls(redis, 'evalsha')).toBeGreaterThanOrEqual(5);
      await redis.scriptFlush(); // as after a Redis restart
      expect(await inbox.add(event(5), dedupeKeyOf(event(5)))).toBe('recorded');
      expect(await inbox.add(event(5), dedupeKeyOf(event(5)))).toBe('duplicate');
      expect(await inbox.pending()).toBe(6);
      await inbox.close();
    } finally {
      await redis.close();
    }
  });
});
