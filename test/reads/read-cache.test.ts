import { print } from 'graphql';
import { request } from 'undici';
import { CreateCalendarDocument, CreateScheduleDocument, GetCalendarDocument, GetScheduleDocument, UpdateCalendarDocument, UpdateScheduleDocument } from '../../client/operations';
import { WeComEmulator } from '../../src/emulator/wecom-emulator';
import { freshApp, scheduleInput } from '../helpers/fixtures';
import { HoldingProxy } from '../helpers/holding-proxy';
import { TEST_REDIS_URL, describeWithRedis } from '../helpers/redis-availability';
import { metricValue, waitFor } from '../helpers/subscription-client';
import { SCHEDULE_GET, TestStack, TestStackOptions, stacksStoppedAfterEach } from '../helpers/test-stack';
import { stackCalledBack } from '../helpers/called-back-stack';

/** README, "Reads beyond WeCom's quota": the read cache, against the real gateway and emulator over HTTP. */
const startStack = stacksStoppedAfterEach();
const proxies: HoldingProxy[] = [];
afterEach(async () => {
  for (const proxy of proxies.splice(0)) await proxy.close();
});

const CALENDAR_GET = '/cgi-bin/oa/calendar/get';

async function newSchedule(stack: TestStack, summary = 'Design review'): Promise<string> {
  const calendarId = (await stack.graphql(CreateCalendarDocument, { input: { summary: 'Rooms', color: '#112233' } })).data!.createCalendar.calendar.id;
  return (await stack.graphql(CreateScheduleDocument, { input: scheduleInput({ calendarId, summary }) })).data!.createSchedule.id;
}

async function summaryOf(stack: TestStack, id: string): Promise<string> {
  const answer = await stack.graphql(GetScheduleDocument, { id });
  expect(answer.errors).toBeUndefined();
  return answer.data!.schedule!.summary!;
}

/** A read with `Cache-Control: no-cache`. */
async function freshSummaryOf(stack: TestStack, id: string): Promise<string> {
  const response = await request(stack.gateway.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'cache-control': 'no-cache' },
    body: JSON.stringify({ query: print(GetScheduleDocument), variables: { id } }),
  });
  const body = (await response.body.json()) as { data: { schedule: { summary: string } } };
  return body.data.schedule.summary;
}

const gets = (stack: TestStack) => stack.emulator.callCount(SCHEDULE_GET);
const metric = (stack: TestStack, sample: string) => metricValue(stack.gateway.url, `wecom_gateway_${sample}`);

describe('the read cache in process memory', () => {
  it('answers a repeated read without calling WeCom', async () => {
    const stack = await stackCalledBack(startStack);
    const id = await newSchedule(stack);
    expect(await summaryOf(stack, id)).toBe('Design review');
    const before = gets(stack);
    for (let i = 0; i < 5; i += 1) expect(await summaryOf(stack, id)).toBe('Design review');
    expect(gets(stack)).toBe(before);
    expect(await metric(stack, 'read_cache_hits_total{kind="schedule"}')).toBeGreaterThanOrEqual(5);
  });

  it('caches calendars too, and drops one when the gateway updates it', async () => {
    const stack = await stackCalledBack(startStack);
    const id = (await stack.graphql(CreateCalendarDocument, { input: { summary: 'Rooms', color: '#112233' } })).data!.createCalendar.calendar.id;
    await stack.graphql(GetCalendarDocument, { id });
    const before = stack.emulator.callCount(CALENDAR_GET);
    expect((await stack.graphql(GetCalendarDocument, { id })).data!.calendar!.summary).toBe('Rooms');
    expect(stack.emulator.callCount(CALENDAR_GET)).toBe(before);
    await stack.graphql(UpdateCalendarDocument, { input: { id, summary: 'Halls' } });
    expect((await stack.graphql(GetCalendarDocument, { id })).data!.calendar!.summary).toBe('Halls');
  });

  it('shows each of the gateway’s own writes to the next read, while other reads keep filling the cache', async () => {
    const stack = await stackCalledBack(startStack);
    const id = await newSchedule(stack, 'v0');
    let reading = true;
    const readers = Array.from({ length: 4 }, async () => {
      while (reading) await summaryOf(stack, id);
    });
    const stale: string[] = [];
    for (let i = 1; i <= 15; i += 1) {
      await stack.graphql(UpdateScheduleDocument, { input: { id, summary: `v${i}` } });
      const seen = await summaryOf(stack, id);
      if (seen !== `v${i}`) stale.push(`after v${i}: ${seen}`);
    }
    reading = false;
    await Promise.all(readers);
    expect(stale).toEqual([]);
    expect(await metric(stack, 'read_cache_invalidations_total{source="write"}')).toBeGreaterThanOrEqual(15);
  });

  it('drops an entry when the gateway writes, even when the write’s read-back fails (nothing goes into the feed then)', async () => {
    const stack = await stackCalledBack(startStack);
    const id = await newSchedule(stack);
    await summaryOf(stack, id);
    await summaryOf(stack, id);
    stack.emulator.failNext(SCHEDULE_GET, 90472, 1, 1); // the patch's own read passes, its read-back fails
    const answer = await stack.graphql(UpdateScheduleDocument, { input: { id, summary: 'Renamed' } });
    expect(answer.data!.updateSchedule.summary).toBe('Renamed');
    expect(await summaryOf(stack, id)).toBe('Renamed');
  });

  it('drops an entry when WeCom calls back with a change made in WeCom', async () => {
    const stack = await stackCalledBack(startStack);
    const id = await newSchedule(stack);
    await summaryOf(stack, id);
    const invalidations = await metric(stack, 'read_cache_invalidations_total{source="feed"}');
    stack.emulator.modifyScheduleAsUser({ scheduleId: id, summary: 'Moved in WeCom', userId: 'alice' });
    await waitFor(async () => (await metric(stack, 'read_cache_invalidations_total{source="feed"}')) > invalidations, 'the feed entry');
    expect(await summaryOf(stack, id)).toBe('Moved in WeCom');
  });

  it('drops an entry as soon as WeCom’s callback is recorded, before its change reaches the feed (the feed waits for a WeCom read)', async () => {
    // Events are recorded but never processed here: only the callback's receipt can drop the entry.
    const stack = await stackCalledBack(startStack, { gateway: { callback: { process: false } as never } });
    const id = await newSchedule(stack);
    await summaryOf(stack, id);
    stack.emulator.modifyScheduleAsUser({ scheduleId: id, summary: 'Moved in WeCom', userId: 'alice' });
    await stack.emulator.callbackDeliveriesSettled(); // answered: the event is recorded
    expect(await summaryOf(stack, id)).toBe('Moved in WeCom');
  });

  it('bounds a change nobody is told of by the TTL (READ_CACHE_TTL_MS set without callbacks)', async () => {
    const ttlMs = 1500;
    const stack = await startStack({ gateway: { readCache: { ttlMs } } });
    const id = await newSchedule(stack);
    await summaryOf(stack, id);
    const changedAt = Date.now();
    stack.emulator.modifyScheduleAsUser({ scheduleId: id, summary: 'Changed silently', userId: 'alice', silently: true });
    expect(await summaryOf(stack, id)).toBe('Design review'); // cached: nothing said it changed
    await waitFor(async () => (await summaryOf(stack, id)) === 'Changed silently', 'the TTL to expire', ttlMs + 10_000);
    expect(Date.now() - changedAt).toBeGreaterThanOrEqual(ttlMs - 50);
  });

  it('reads WeCom for a request with Cache-Control: no-cache, and keeps what it read', async () => {
    const stack = await stackCalledBack(startStack);
    const id = await newSchedule(stack);
    await summaryOf(stack, id);
    stack.emulator.modifyScheduleAsUser({ scheduleId: id, summary: 'Changed silently', userId: 'alice', silently: true });
    expect(await summaryOf(stack, id)).toBe('Design review');
    const before = gets(stack);
    expect(await freshSummaryOf(stack, id)).toBe('Changed silently');
    expect(gets(stack)).toBe(before + 1);
    expect(await summaryOf(stack, id)).toBe('Changed silently'); // the fresh read refreshed the cache
    expect(gets(stack)).toBe(before + 1);
  });

  it('is off without callbacks unless a TTL is set: every read goes to WeCom', async () => {
    const stack = await startStack();
    const id = await newSchedule(stack);
    const before = gets(stack);
    await summaryOf(stack, id);
    await summaryOf(stack, id);
    expect(gets(stack)).toBe(before + 2);
    expect(await metric(stack, 'read_cache_misses_total{kind="schedule"}')).toBe(0);
  });

  it('is off with a TTL of 0 even with callbacks', async () => {
    const stack = await stackCalledBack(startStack, { gateway: { readCache: { ttlMs: 0 } } });
    const id = await newSchedule(stack);
    const before = gets(stack);
    await summaryOf(stack, id);
    await summaryOf(stack, id);
    expect(gets(stack)).toBe(before + 2);
  });
});

/** A read whose answer WeCom gave before a change, arriving after the change invalidated its entry. */
async function raceOneRead(stack: TestStack, proxy: HoldingProxy, id: string, change: () => Promise<void>): Promise<string> {
  await summaryOf(stack, id); // token fetched, connections open
  // The write's feed entry drops what its read-back stored: the held read below is a miss, read from WeCom.
  const dropped = await metric(stack, 'read_cache_invalidations_total{source="feed"}');
  await stack.graphql(UpdateScheduleDocument, { input: { id, summary: 'before' } });
  await waitFor(async () => (await metric(stack, 'read_cache_invalidations_total{source="feed"}')) > dropped, 'the write’s feed entry');
  proxy.holdNextAnswer();
  const held = summaryOf(stack, id);
  await waitFor(() => proxy.holding, 'the read to be answered by WeCom and held');
  await change();
  proxy.release();
  expect(await held).toBe('before'); // it began before the change: either state is right for it
  return summaryOf(stack, id);
}

async function raceStack(options: TestStackOptions = {}): Promise<{ stack: TestStack; proxy: HoldingProxy }> {
  const emulator = await startStack.emulator(options.sharedEmulator ? undefined : { apps: options.app ? [options.app] : undefined });
  const proxy = await HoldingProxy.start(Number(new URL(emulator.baseUrl).port));
  proxies.push(proxy);
  const stack = await stackCalledBack(startStack, { ...options, sharedEmulator: emulator as WeComEmulator, wecomBaseUrl: proxy.baseUrl });
  return { stack, proxy };
}

describe('a read that began before a change never fills the cache after it', () => {
  it('with the gateway’s own write in between', async () => {
    const { stack, proxy } = await raceStack();
    const id = await newSchedule(stack);
    const after = await raceOneRead(stack, proxy, id, async () => {
      await stack.graphql(UpdateScheduleDocument, { input: { id, summary: 'after' } });
    });
    expect(after).toBe('after');
    expect(await metric(stack, 'read_cache_fills_refused_total{kind="schedule"}')).toBeGreaterThanOrEqual(1);
  });

  it('with a change from WeCom (callback, feed entry) in between', async () => {
    const { stack, proxy } = await raceStack();
    const id = await newSchedule(stack);
    const after = await raceOneRead(stack, proxy, id, async () => {
      const invalidations = await metric(stack, 'read_cache_invalidations_total{source="feed"}');
      stack.emulator.modifyScheduleAsUser({ scheduleId: id, summary: 'after', userId: 'alice' });
      await waitFor(async () => (await metric(stack, 'read_cache_invalidations_total{source="feed"}')) > invalidations, 'the feed entry');
    });
    expect(after).toBe('after');
  });
});

describeWithRedis('the read cache shared in Redis', () => {
  it('answers one instance’s read from another’s fill', async () => {
    const app = freshApp();
    const emulator = await startStack.emulator({ apps: [app] });
    const shared = { sharedEmulator: emulator as WeComEmulator, app, gateway: { cacheUrl: TEST_REDIS_URL, readCache: { ttlMs: 60_000 } } };
    const [a, b] = [await startStack(shared), await startStack(shared)];
    const id = await newSchedule(a);
    expect(await summaryOf(a, id)).toBe('Design review');
    const before = gets(a);
    expect(await summaryOf(b, id)).toBe('Design review');
    expect(gets(a)).toBe(before);
  });

  it('drops an entry on every instance when WeCom calls back to one of them', async () => {
    const app = freshApp();
    const emulator = await startStack.emulator({ apps: [app] });
    const shared = { sharedEmulator: emulator as WeComEmulator, app, gateway: { cacheUrl: TEST_REDIS_URL } };
    const receiving = await stackCalledBack(startStack, shared);
    const serving = await startStack({ ...shared, gateway: { ...shared.gateway, readCache: { ttlMs: 60_000 } } });
    const id = await newSchedule(serving);
    await summaryOf(serving, id);
    const before = gets(serving);
    expect(await summaryOf(serving, id)).toBe('Design review');
    expect(gets(serving)).toBe(before); // cached
    const invalidations = await metric(serving, 'read_cache_invalidations_total{source="feed"}');
    emulator.modifyScheduleAsUser({ scheduleId: id, summary: 'Moved in WeCom', userId: 'alice' });
    await waitFor(async () => (await metric(serving, 'read_cache_invalidations_total{source="feed"}')) > invalidations, 'the change on the serving instance');
    expect(await summaryOf(serving, id)).toBe('Moved in WeCom');
    await receiving.emulator.callbackDeliveriesSettled();
  });

  it('refuses a fill whose read began before another instance’s write', async () => {
    const app = freshApp();
    const { stack: reader, proxy } = await raceStack({ app, gateway: { cacheUrl: TEST_REDIS_URL } });
    const writer = await startStack({ sharedEmulator: reader.emulator, app, gateway: { cacheUrl: TEST_REDIS_URL, readCache: { ttlMs: 60_000 } } });
    const id = await newSchedule(writer);
    const after = await raceOneRead(reader, proxy, id, async () => {
      await writer.graphql(UpdateScheduleDocument, { input: { id, summary: 'after' } });
    });
    expect(after).toBe('after');
    expect(await summaryOf(writer, id)).toBe('after');
  });
});
