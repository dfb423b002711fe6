import { createClient } from '@keyv/redis';
import pino from 'pino';
import { ScheduleChangesDocument } from '../../client/operations';
import { CALLBACK_INBOX_PREFIX, RedisCallbackInbox } from '../../src/callbacks/inbox/redis-callback-inbox';
import { dedupeKeyOf } from '../../src/callbacks/callback-event';
import { wecomAppKey } from '../../src/domain/app-key';
import { freshApp } from '../helpers/fixtures';
import { TEST_REDIS_URL, describeWithRedis } from '../helpers/redis-availability';
import { PrivateRedisServer, describeWithRedisServer } from '../helpers/private-redis-server';
import { TestStack, stacksStoppedAfterEach } from '../helpers/test-stack';
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
    } finally {
      await redis.close();
    }
  });
});
