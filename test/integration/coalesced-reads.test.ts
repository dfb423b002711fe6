import { DeleteCalendarDocument, GetCalendarDocument, GetScheduleDocument, GetSchedulesDocument, UpdateScheduleDocument } from '../../client/operations';
import { SCHEDULE_GET, TestStack, TestStackOptions, postQuery, stacksStoppedAfterEach } from '../helpers/test-stack';
import { metricValue, waitFor } from '../helpers/subscription-client';

const CALENDAR_GET = '/cgi-bin/oa/calendar/get';
const WAITING = (kind: string) => `wecom_gateway_read_lookups_waiting{kind="${kind}"}`;

/** Ids of each schedule/get the emulator received, in arrival order. */
const idLists = (stack: TestStack) => stack.emulator.calls(SCHEDULE_GET).map((call) => (call.body as { schedule_id_list: string[] }).schedule_id_list);

/**
 * One call in flight at a time, and the emulator holding it: every read started meanwhile gathers, and
 * the test can wait (on /metrics) until all of them are waiting before letting WeCom answer.
 */
const oneCallAtATime = (extra: TestStackOptions['gateway'] = {}): TestStackOptions => ({
  gateway: { coalescing: { maxCallsInFlight: 1, windowMs: 0 }, ...extra },
});

const waitingLookups = (stack: TestStack, kind = 'schedule') => metricValue(stack.gateway.url, WAITING(kind));

describe('coalescing: look-ups by id of concurrent requests share WeCom calls', () => {
  const start = stacksStoppedAfterEach();

  /** Holds schedule/get, reads `blockerId` (one call in flight), and waits until WeCom has it; `answer`: the blocker's. */
  async function blockWith(stack: TestStack, blockerId: string) {
    stack.emulator.hang(SCHEDULE_GET);
    const answer = stack.graphql(GetScheduleDocument, { id: blockerId });
    await waitFor(() => stack.emulator.callCount(SCHEDULE_GET) === 1, 'the blocking call to reach WeCom');
    return { answer };
  }

  it('serves 2,500 single-id requests waiting together with ceil(2500/1000) = 3 schedule/get calls', async () => {
    const stack = await start(oneCallAtATime());
    const calId = stack.emulator.addCalendar();
    const [blockerId, ...ids] = stack.emulator.seedSchedules(calId, 2501);
    const { answer: blocker } = await blockWith(stack, blockerId);

    const answers = Promise.all(ids.map((id) => postQuery(stack, 'query($id: ID!) { schedule(id: $id) { id } }', { id })));
    await waitFor(async () => (await waitingLookups(stack)) === 2501, '2,500 look-ups gathered behind the blocking call', 60_000);
    stack.emulator.release();

    expect((await blocker).data!.schedule!.id).toBe(blockerId);
    const bodies = await answers;
    // Each request got its own schedule, and only it.
    bodies.forEach(({ status, body }, i) => {
      expect(status).toBe(200);
      expect(body).toEqual({ data: { schedule: { id: ids[i] } } });
    });
    expect(idLists(stack).map((list) => list.length)).toEqual([1, 1000, 1000, 500]);
    expect(await metricValue(stack.gateway.url, 'wecom_gateway_read_calls_total{kind="schedule"}')).toBe(4);
    expect(await metricValue(stack.gateway.url, 'wecom_gateway_read_coalesced_total{kind="schedule"}')).toBe(2500 - 3);
  }, 120_000);

  it('serves the same id asked by 50 requests with the one call already in flight', async () => {
    const stack = await start(); // the defaults: 4 calls in flight, no window
    const calId = stack.emulator.addCalendar();
    const [id] = stack.emulator.seedSchedules(calId, 1);
    const { answer: first } = await blockWith(stack, id);

    const others = Promise.all(Array.from({ length: 49 }, () => stack.graphql(GetScheduleDocument, { id })));
    await waitFor(async () => (await waitingLookups(stack)) === 50, '49 look-ups joining the call in flight');
    stack.emulator.release();

    for (const answer of [await first, ...(await others)]) expect(answer.data!.schedule!.id).toBe(id);
    expect(stack.emulator.callCount(SCHEDULE_GET)).toBe(1);
  });

  it('gives each request only its own ids, missing ones as null, from one shared call', async () => {
    const stack = await start(oneCallAtATime());
    const calId = stack.emulator.addCalendar();
    const [blockerId, a, b, c] = stack.emulator.seedSchedules(calId, 4);
    const { answer: blocker } = await blockWith(stack, blockerId);

    const first = stack.graphql(GetSchedulesDocument, { ids: [a, 'no-such-schedule'] });
    const second = stack.graphql(GetSchedulesDocument, { ids: [c, b] });
    await waitFor(async () => (await waitingLookups(stack)) === 3, 'both requests gathered');
    stack.emulator.release();
    await blocker;

    expect((await first).data!.schedules.map((s) => s?.id ?? null)).toEqual([a, null]);
    expect((await second).data!.schedules.map((s) => s?.id ?? null)).toEqual([c, b]);
    expect(idLists(stack)[1].sort()).toEqual([a, 'no-such-schedule', b, c].sort());
  });

  it("keeps one request's failing id (an input error of the whole call) from failing the others", async () => {
    const stack = await start(oneCallAtATime());
    const calId = stack.emulator.addCalendar();
    const [blockerId, c1, c2, d] = stack.emulator.seedSchedules(calId, 4);
    stack.emulator.failCallsWithId(SCHEDULE_GET, 'bad-id', 40058);
    const { answer: blocker } = await blockWith(stack, blockerId);

    const bad = stack.graphql(GetScheduleDocument, { id: 'bad-id' });
    const two = stack.graphql(GetSchedulesDocument, { ids: [c1, c2] });
    const one = stack.graphql(GetScheduleDocument, { id: d });
    await waitFor(async () => (await waitingLookups(stack)) === 4, 'three requests gathered');
    stack.emulator.release();
    await blocker;

    const badAnswer = await bad;
    expect(badAnswer.errors![0].extensions).toMatchObject({ code: 'WECOM_ERROR', wecomErrcode: 40058 });
    expect((await two).errors).toBeUndefined();
    expect((await two).data!.schedules.map((s) => s!.id)).toEqual([c1, c2]);
    expect((await one).errors).toBeUndefined();
    expect((await one).data!.schedule!.id).toBe(d);
    // The shared call failed, and was asked again in halves until the failing id stood alone.
    expect(idLists(stack)[1]).toHaveLength(4);
    expect(idLists(stack).filter((list) => list.includes('bad-id')).pop()).toEqual(['bad-id']);
  });

  it('gives every request of a shared call an error about the call itself (here the app may not call the API), asking once', async () => {
    const stack = await start(oneCallAtATime());
    const calId = stack.emulator.addCalendar();
    const [blockerId, a, b] = stack.emulator.seedSchedules(calId, 3);
    const { answer: blocker } = await blockWith(stack, blockerId);
    stack.emulator.failNext(SCHEDULE_GET, 48002, 1);

    const first = stack.graphql(GetScheduleDocument, { id: a });
    const second = stack.graphql(GetScheduleDocument, { id: b });
    await waitFor(async () => (await waitingLookups(stack)) === 3, 'both requests gathered');
    stack.emulator.release();
    await blocker;

    for (const answer of [await first, await second]) expect(answer.errors![0].extensions).toMatchObject({ code: 'WECOM_FORBIDDEN', wecomErrcode: 48002 });
    expect(stack.emulator.callCount(SCHEDULE_GET)).toBe(2);
  });

  it('never answers a read that follows a write with the state a slower call read before it', async () => {
    const stack = await start();
    const calId = stack.emulator.addCalendar();
    const [id] = stack.emulator.seedSchedules(calId, 1, { summary: 'before' });
    stack.emulator.holdAnswerNext(SCHEDULE_GET); // read now (summary: before), answered after release()
    const slowRead = stack.graphql(GetScheduleDocument, { id });
    await waitFor(() => stack.emulator.callCount(SCHEDULE_GET) === 1, 'the slow read to reach WeCom');

    const update = await stack.graphql(UpdateScheduleDocument, { input: { id, summary: 'after' } });
    expect(update.errors).toBeUndefined();
    const readAfter = await stack.graphql(GetScheduleDocument, { id });

    expect(readAfter.data!.schedule!.summary).toBe('after');
    stack.emulator.release();
    expect((await slowRead).data!.schedule!.summary).toBe('before'); // it did start before the write
  });

  it('never answers a read after a delete with the calendar a slower call read before it (no read-back refreshes it)', async () => {
    const stack = await start();
    const calId = stack.emulator.addCalendar();
    stack.emulator.holdAnswerNext(CALENDAR_GET);
    const slowRead = stack.graphql(GetCalendarDocument, { id: calId });
    await waitFor(() => stack.emulator.callCount(CALENDAR_GET) === 1, 'the slow read to reach WeCom');

    const deleted = await stack.graphql(DeleteCalendarDocument, { id: calId });
    expect(deleted.errors).toBeUndefined();
    const readAfter = await stack.graphql(GetCalendarDocument, { id: calId });

    expect(readAfter.errors).toBeUndefined();
    expect(readAfter.data!.calendar).toBeNull();
    expect(stack.emulator.callCount(CALENDAR_GET)).toBe(2);
    stack.emulator.release();
    expect((await slowRead).data!.calendar!.id).toBe(calId);
  });

  it("stops a request waiting for a shared call at its own deadline (WECOM_TIMEOUT_MS), not the call's", async () => {
    const stack = await start(oneCallAtATime({ wecomTimeoutMs: 1500 }));
    const calId = stack.emulator.addCalendar();
    const [blockerId, id] = stack.emulator.seedSchedules(calId, 2);
    const { answer: blocker } = await blockWith(stack, blockerId);

    // Waits for the only slot: the blocker's call times out at 1.5 s, then this one's call would hang 1.5 s more.
    const waiting = await stack.graphql(GetScheduleDocument, { id });

    expect(waiting.errors![0].extensions!.code).toBe('WECOM_UNAVAILABLE');
    expect(waiting.errors![0].message).toContain('no answer within 1750 ms'); // its own 1.5 s, and 0.25 s of grace
    // The blocker's own call ended by its own timeout, as without coalescing.
    expect((await blocker).errors![0].message).toContain('timed out');
  });

  it('with READ_COALESCE off, each request makes its own call', async () => {
    const stack = await start({ gateway: { coalescing: { enabled: false } } });
    const calId = stack.emulator.addCalendar();
    const [id] = stack.emulator.seedSchedules(calId, 1);
    stack.emulator.setLatency(200, SCHEDULE_GET);

    await Promise.all(Array.from({ length: 5 }, () => stack.graphql(GetScheduleDocument, { id })));

    expect(stack.emulator.callCount(SCHEDULE_GET)).toBe(5);
  });
});
