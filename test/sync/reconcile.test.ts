import { CalendarSchedulesDocument, CreateCalendarDocument, CreateScheduleDocument, GetCalendarDocument, UpdateScheduleDocument } from '../../client/operations';
import { scheduleInput } from '../helpers/fixtures';
import { stacksStoppedAfterEach } from '../helpers/test-stack';
import { GET_BY_CALENDAR, calendarsListed, feed, metricValue, silentWeComCall, sweepCount, sweepsPass, waitFor } from './reconcile-helpers';

const startStack = stacksStoppedAfterEach();
const INTERVAL_MS = 300;

describe('reconciliation finds the changes callbacks missed', () => {
  it('records nothing at a calendar’s first sweep, then silent updates, creations, deletions and a calendar deletion as WECOM changes without a user', async () => {
    // Schedules made before the gateway starts are the baseline: never recorded.
    const emulator = await startStack.emulator();
    const calendarId = emulator.addCalendar();
    const [id, seeded] = emulator.seedSchedules(calendarId, 2, { attendees: [{ userid: 'bob', response_status: 0 }] });
    const stack = await startStack({ sharedEmulator: emulator, gateway: { reconcileIntervalMs: INTERVAL_MS, calendarIds: [calendarId] } });
    await sweepsPass(stack);
    expect(await feed(stack)).toEqual([]);
    stack.emulator.setAttendeeResponse(id, 'bob', 4); // bob declines in the WeCom app: no callback
    const [created] = stack.emulator.seedSchedules(calendarId, 1, { summary: 'Made in WeCom' });
    await silentWeComCall(stack.emulator, stack.app, 'oa/schedule/del', { schedule_id: seeded });
    await sweepsPass(stack);
    const found = await feed(stack);
    expect(found.map((change) => [change.kind, change.scheduleId]).sort()).toEqual(
      [['SCHEDULE_CREATED', created], ['SCHEDULE_DELETED', seeded], ['SCHEDULE_UPDATED', id]].sort(),
    );
    expect(found.every((change) => change.source === 'WECOM' && change.userId === null && change.caller === null && change.calendarId === calendarId)).toBe(true);
    const updated = found.find((change) => change.kind === 'SCHEDULE_UPDATED')!;
    expect(updated.schedule!.attendees).toContainEqual({ userId: 'bob', response: 'DECLINED' });
    expect(found.find((change) => change.kind === 'SCHEDULE_CREATED')!.schedule).toMatchObject({ summary: 'Made in WeCom', status: 'ACTIVE' });

    await silentWeComCall(stack.emulator, stack.app, 'oa/calendar/del', { cal_id: calendarId });
    await waitFor('CALENDAR_DELETED', async () => (await feed(stack)).some((change) => change.kind === 'CALENDAR_DELETED'));
    const deleted = (await feed(stack)).slice(3);
    expect(deleted.map((change) => [change.kind, change.calendarId, change.source, change.userId, change.calendar])).toEqual([
      ['CALENDAR_DELETED', calendarId, 'WECOM', null, null],
    ]);
    // No longer watched: later sweeps do not ask for it.
    await sweepsPass(stack);
    const asked = stack.emulator.callCount(GET_BY_CALENDAR);
    await sweepsPass(stack);
    expect(stack.emulator.callCount(GET_BY_CALENDAR)).toBe(asked);
    expect((await feed(stack)).length).toBe(4);
  });

  it('watches the calendars the gateway creates, and does not record again a change the feed already has (the gateway’s own write)', async () => {
    const stack = await startStack({ gateway: { reconcileIntervalMs: INTERVAL_MS } });
    const calendarId = (await stack.graphql(CreateCalendarDocument, { input: { summary: 'Rooms', color: '#112233' } })).data!.createCalendar.calendar.id;
    const id = (await stack.graphql(CreateScheduleDocument, { input: scheduleInput({ calendarId }) })).data!.createSchedule.id;
    await sweepsPass(stack);
    await stack.graphql(UpdateScheduleDocument, { input: { id, summary: 'Moved review' } }); // sequence higher
    await sweepsPass(stack);
    expect((await feed(stack)).map((change) => [change.kind, change.source])).toEqual([
      ['CALENDAR_CREATED', 'GATEWAY'],
      ['SCHEDULE_CREATED', 'GATEWAY'],
      ['SCHEDULE_UPDATED', 'GATEWAY'],
    ]);
    stack.emulator.setAttendeeResponse(id, 'bob', 2);
    await waitFor('the silent change', async () => (await feed(stack)).length === 4);
    expect((await feed(stack))[3]).toMatchObject({ kind: 'SCHEDULE_UPDATED', scheduleId: id, calendarId, source: 'WECOM', userId: null });
  });

  it('watches the WECOM_CALENDAR_IDS calendars and those a read finds', async () => {
    const emulator = await startStack.emulator();
    const configured = emulator.addCalendar();
    const read = emulator.addCalendar();
    const watching = await startStack({ sharedEmulator: emulator, gateway: { reconcileIntervalMs: INTERVAL_MS, calendarIds: [configured] } });
    const answer = await watching.graphql(GetCalendarDocument, { id: read });
    expect(answer.errors).toBeUndefined();
    expect(answer.data!.calendar!.id).toBe(read);
    await waitFor('both calendars swept', () => calendarsListed(watching.emulator).includes(configured) && calendarsListed(watching.emulator).includes(read));
    await sweepsPass(watching);
    const [inConfigured] = watching.emulator.seedSchedules(configured, 1);
    const [inRead] = watching.emulator.seedSchedules(read, 1);
    await waitFor('both creations', async () => (await feed(watching)).length === 2);
    expect((await feed(watching)).map((change) => [change.kind, change.scheduleId, change.calendarId]).sort()).toEqual(
      [['SCHEDULE_CREATED', inConfigured, configured], ['SCHEDULE_CREATED', inRead, read]].sort(),
    );
  });

  it('goes on with the next calendar when one keeps failing, and finds the failing one’s change once it can be read', async () => {
    const emulator = await startStack.emulator();
    const [failing, other] = [emulator.addCalendar(), emulator.addCalendar()].sort(); // swept in this order
    const [id] = emulator.seedSchedules(failing, 1, { attendees: [{ userid: 'bob', response_status: 0 }] });
    const stack = await startStack({ sharedEmulator: emulator, gateway: { reconcileIntervalMs: INTERVAL_MS, calendarIds: [failing, other] } });
    await sweepsPass(stack);
    // The change in the first calendar cannot be recorded: reading the schedule fails, sweep after sweep.
    emulator.failNext('/cgi-bin/oa/schedule/get', 60011, 3);
    stack.emulator.setAttendeeResponse(id, 'bob', 4);
    await silentWeComCall(stack.emulator, stack.app, 'oa/calendar/del', { cal_id: other });
    await waitFor('the second calendar’s deletion', async () => (await feed(stack)).some((change) => change.kind === 'CALENDAR_DELETED'));
    // Found while the first calendar still fails (not only after its failures ran out).
    expect((await feed(stack)).map((change) => [change.kind, change.calendarId])).toEqual([['CALENDAR_DELETED', other]]);
    expect(await metricValue(stack, 'wecom_gateway_reconcile_calendar_failures_total')).toBeGreaterThanOrEqual(1);
    // Its finding was kept: recorded once schedule/get answers again (after a back-off of a few sweeps).
    await waitFor('the first calendar’s change', async () => (await feed(stack)).length === 2);
    expect((await feed(stack))[1]).toMatchObject({ kind: 'SCHEDULE_UPDATED', scheduleId: id, calendarId: failing, source: 'WECOM', userId: null });
  });

  it('is off with an interval of 0', async () => {
    const stack = await startStack({ gateway: { reconcileIntervalMs: 0 } });
    await stack.graphql(CreateCalendarDocument, { input: { summary: 'Rooms', color: '#112233' } });
    const other = await startStack({ sharedEmulator: stack.emulator, gateway: { reconcileIntervalMs: INTERVAL_MS } });
    await sweepsPass(other); // time for the first one to have swept, had it been on
    expect(await sweepCount(stack, 'completed')).toBe(0);
    expect(stack.emulator.callCount(GET_BY_CALENDAR)).toBe(0);
  });
});

describe('reconciliation spends WeCom calls from the budget, never beyond it', () => {
  it('takes at most half the get_by_calendar budget per minute, so callers keep the rest', async () => {
    const emulator = await startStack.emulator();
    const calendars = Array.from({ length: 5 }, () => emulator.addCalendar());
    const stack = await startStack({
      sharedEmulator: emulator,
      gateway: { reconcileIntervalMs: INTERVAL_MS, calendarIds: calendars, callBudget: { callsPerMinute: 4 } },
    });
    await waitFor('the sweep to yield', async () => (await sweepCount(stack, 'yielded')) >= 1);
    await sweepsPass(stack, 2, 'yielded');
    expect(emulator.callCount(GET_BY_CALENDAR)).toBe(2);
    const page = await stack.graphql(CalendarSchedulesDocument, { id: calendars[4], first: 10 });
    expect(page.errors).toBeUndefined();
    expect(emulator.callCount(GET_BY_CALENDAR)).toBe(3);
  });

  it('stops when the budget refuses (WeCom’s 45009 pause), sends nothing during the pause, and resumes where it stopped', async () => {
    const emulator = await startStack.emulator({ apiQuota: { perMinute: 2, blockMs: 0 } });
    const calendars = Array.from({ length: 5 }, () => emulator.addCalendar()).sort();
    const stack = await startStack({
      sharedEmulator: emulator,
      gateway: { reconcileIntervalMs: INTERVAL_MS, calendarIds: calendars, callBudget: { blockMs: 1500 } },
    });
    await waitFor('a sweep stopped by the budget', async () => (await sweepCount(stack, 'budget')) >= 1);
    expect(calendarsListed(emulator)).toEqual(calendars.slice(0, 3)); // the third answered 45009
    // During the pause the budget refuses before anything is sent.
    await sweepsPass(stack, 2, 'budget');
    expect(emulator.callCount(GET_BY_CALENDAR)).toBe(3);
    await waitFor('every calendar listed', () => new Set(calendarsListed(emulator)).size === 5);
    const listed = calendarsListed(emulator);
    // Resumed at the calendar that was refused, not from the first again.
    expect(listed.slice(0, 4)).toEqual(calendars.slice(0, 3).concat(calendars[2]));
  });
});

describe('stopping', () => {
  it('abandons a sweep in flight and returns promptly', async () => {
    const emulator = await startStack.emulator();
    const calendars = Array.from({ length: 20 }, () => emulator.addCalendar());
    emulator.setLatency(300, GET_BY_CALENDAR);
    const stack = await startStack({ sharedEmulator: emulator, gateway: { reconcileIntervalMs: 60_000, calendarIds: calendars } });
    await waitFor('the sweep to be under way', () => emulator.callCount(GET_BY_CALENDAR) >= 1);
    const started = Date.now();
    await stack.gateway.stop();
    expect(Date.now() - started).toBeLessThan(3000); // the sweep alone would take 20 × 300 ms
    const calls = emulator.callCount(GET_BY_CALENDAR);
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(emulator.callCount(GET_BY_CALENDAR)).toBe(calls);
  });
});
