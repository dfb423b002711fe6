import { CalendarSchedulesDocument, CalendarSchedulesQuery, CreateCalendarDocument, CreateScheduleDocument, DeleteCalendarDocument, ScheduleWithCalendarDocument } from '../../client/operations';
import { CalendarSchedulePageDeepDocument, SchedulesWithCalendarsDocument } from '../__generated__/operations';
import { scheduleInput } from '../helpers/fixtures';
import { SCHEDULE_GET, TestStack, startTestStack } from '../helpers/test-stack';

const GET_BY_CALENDAR = '/cgi-bin/oa/schedule/get_by_calendar';
const CALENDAR_GET = '/cgi-bin/oa/calendar/get';

type PageBody = { cal_id: string; offset: number; limit: number };
type Connection = NonNullable<CalendarSchedulesQuery['calendar']>['schedules'];

/** A cursor in the gateway's format, for cursors it never issued. */
const craftedCursor = (text: string): string => Buffer.from(text).toString('base64url');

describe('Calendar.schedules: a Relay connection over schedule/get_by_calendar', () => {
  let stack: TestStack;
  let calId: string;
  /** 2,500 schedule ids in creation order. */
  let seeded: string[];

  beforeAll(async () => {
    stack = await startTestStack();
    calId = stack.emulator.addCalendar();
    seeded = stack.emulator.seedSchedules(calId, 2500);
  });
  afterAll(() => stack.stop());

  /** Sends one page request; returns the connection and the get_by_calendar bodies it caused. */
  async function page(first: number, after?: string | null): Promise<{ connection: Connection; sent: PageBody[] }> {
    const before = stack.emulator.callCount(GET_BY_CALENDAR);
    const { data, errors } = await stack.graphql(CalendarSchedulesDocument, { id: calId, first, after });
    expect(errors).toBeUndefined();
    const sent = stack.emulator.calls(GET_BY_CALENDAR).slice(before).map((call) => call.body as PageBody);
    return { connection: data!.calendar!.schedules, sent };
  }

  /** The cursor of the edge at `position` (0-based), found by paging from the start. */
  async function cursorOfPosition(position: number): Promise<string> {
    let after: string | null = null;
    for (let remaining = position + 1; remaining > 0; remaining -= 1000) {
      const { connection } = await page(Math.min(remaining, 1000), after);
      after = connection.pageInfo.endCursor;
    }
    return after!;
  }

  it('pages 2,500 schedules 1,000 at a time: offsets 0/1000/2000, creation order, no duplicates, right pageInfo', async () => {
    const getsBefore = stack.emulator.callCount(SCHEDULE_GET);
    const pages: Connection[] = [];
    const sent: PageBody[] = [];
    let after: string | null = null;
    for (let i = 0; i < 3; i++) {
      const result = await page(1000, after);
      pages.push(result.connection);
      sent.push(...result.sent);
      after = result.connection.pageInfo.endCursor ?? null;
    }

    expect(sent).toEqual([
      { cal_id: calId, offset: 0, limit: 1000 },
      { cal_id: calId, offset: 1000, limit: 1000 },
      { cal_id: calId, offset: 2000, limit: 1000 },
    ]);
    expect(pages.map((p) => p.edges.length)).toEqual([1000, 1000, 500]);
    const ids = pages.flatMap((p) => p.edges.map((edge) => edge.node.id));
    expect(new Set(ids).size).toBe(2500);
    expect(ids).toEqual(seeded);
    expect(pages[0].edges[0].node.summary).toBe('Seeded schedule 1');
    expect(pages[2].edges.at(-1)!.node.summary).toBe('Seeded schedule 2500');
    expect(pages.map((p) => p.pageInfo.hasNextPage)).toEqual([true, true, false]);
    expect(pages.map((p) => p.pageInfo.hasPreviousPage)).toEqual([false, true, true]);
    for (const p of pages) {
      expect(p.pageInfo.startCursor).toBe(p.edges[0].cursor);
      expect(p.pageInfo.endCursor).toBe(p.edges.at(-1)!.cursor);
    }
    // Every cursor is distinct.
    expect(new Set(pages.flatMap((p) => p.edges.map((edge) => edge.cursor))).size).toBe(2500);
    // get_by_calendar items lack is_whole_day (as WeCom documents them): one batched schedule/get per page.
    expect(stack.emulator.callCount(SCHEDULE_GET)).toBe(getsBefore + 3);
  });

  it('answers whole-day schedules as whole-day, although get_by_calendar leaves is_whole_day out', async () => {
    const wholeDayCal = stack.emulator.addCalendar();
    const [id] = stack.emulator.seedSchedules(wholeDayCal, 1, { is_whole_day: 1 });
    const getsBefore = stack.emulator.callCount(SCHEDULE_GET);
    const { data, errors } = await stack.graphql(CalendarSchedulePageDeepDocument, {
      id: wholeDayCal,
      first: 10,
      from: new Date(Date.now() - 86_400_000).toISOString(),
      to: new Date(Date.now() + 86_400_000).toISOString(),
    });
    expect(errors).toBeUndefined();
    expect(data!.calendar!.schedules.edges.map((edge) => [edge.node.id, edge.node.isWholeDay])).toEqual([[id, true]]);
    expect(stack.emulator.callCount(SCHEDULE_GET)).toBe(getsBefore + 1);
  });

  it('keeps cursors stable: the same `after` gives the same nodes and cursors, any edge cursor resumes after it', async () => {
    const first = await page(1000);
    const middle = first.connection.edges[499];
    const again = await page(5, middle.cursor);
    const twice = await page(5, middle.cursor);
    expect(again.connection.edges.map((edge) => edge.node.id)).toEqual(seeded.slice(500, 505));
    expect(twice.connection.edges).toEqual(again.connection.edges);
    // A cursor names a position: the edge at position 500 has the same cursor in both pages.
    expect(again.connection.edges[0].cursor).toBe(first.connection.edges[500].cursor);
    expect(again.sent).toEqual([{ cal_id: calId, offset: 500, limit: 6 }]);
  });

  it('first: 10 asks WeCom for 11 to know hasNextPage: true with 11 left, false with exactly 10 left', async () => {
    const start = await page(10);
    expect(start.sent).toEqual([{ cal_id: calId, offset: 0, limit: 11 }]);
    expect(start.connection.edges.map((edge) => edge.node.id)).toEqual(seeded.slice(0, 10));
    expect(start.connection.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });

    const elevenLeft = await page(10, await cursorOfPosition(2488));
    expect(elevenLeft.sent).toEqual([{ cal_id: calId, offset: 2489, limit: 11 }]);
    expect(elevenLeft.connection.edges.map((edge) => edge.node.id)).toEqual(seeded.slice(2489, 2499));
    expect(elevenLeft.connection.pageInfo.hasNextPage).toBe(true);

    const tenLeft = await page(10, await cursorOfPosition(2489));
    expect(tenLeft.sent).toEqual([{ cal_id: calId, offset: 2490, limit: 11 }]);
    expect(tenLeft.connection.edges.map((edge) => edge.node.id)).toEqual(seeded.slice(2490));
    expect(tenLeft.connection.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
  });

  it('answers an empty page past the end: no edges, null cursors, hasNextPage false', async () => {
    const beyond = await page(10, await cursorOfPosition(2499));
    expect(beyond.connection.edges).toEqual([]);
    expect(beyond.connection.pageInfo).toEqual({ hasNextPage: false, hasPreviousPage: true, startCursor: null, endCursor: null });
  });

  it('keeps cursors when schedules are added to the calendar later', async () => {
    const smallCal = stack.emulator.addCalendar();
    const ids = stack.emulator.seedSchedules(smallCal, 5);
    const first = await stack.graphql(CalendarSchedulesDocument, { id: smallCal, first: 3 });
    const { endCursor } = first.data!.calendar!.schedules.pageInfo;
    expect(first.data!.calendar!.schedules.pageInfo.hasNextPage).toBe(true);
    const added = await stack.graphql(CreateScheduleDocument, { input: scheduleInput({ calendarId: smallCal }) });
    const next = await stack.graphql(CalendarSchedulesDocument, { id: smallCal, first: 10, after: endCursor });
    expect(next.data!.calendar!.schedules.edges.map((edge) => edge.node.id)).toEqual([...ids.slice(3), added.data!.createSchedule.id]);
  });

  it('first: 0 answers no edges without calling WeCom', async () => {
    const { connection, sent } = await page(0);
    expect(sent).toEqual([]);
    expect(connection.edges).toEqual([]);
  });

  it.each([[1001], [-1]])('rejects first: %p as BAD_USER_INPUT (field first) without calling get_by_calendar', async (first) => {
    const before = stack.emulator.callCount(GET_BY_CALENDAR);
    const { data, errors } = await stack.graphql(CalendarSchedulesDocument, { id: calId, first });
    expect(errors).toHaveLength(1);
    expect(errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
    expect(data?.calendar ?? null).toBeNull();
    expect(stack.emulator.callCount(GET_BY_CALENDAR)).toBe(before);
  });

  it.each([
    ['plain garbage', 'not-a-cursor'],
    ['an empty string', ''],
    ['another prefix', craftedCursor('offset:5')],
    ['a negative position', craftedCursor('schedule-offset:-1')],
    ['a fractional position', craftedCursor('schedule-offset:1.5')],
    ['a word for a position', craftedCursor('schedule-offset:ten')],
  ])('rejects %s as `after` (BAD_USER_INPUT, field after) without calling get_by_calendar', async (_name, after) => {
    const before = stack.emulator.callCount(GET_BY_CALENDAR);
    const { errors } = await stack.graphql(CalendarSchedulesDocument, { id: calId, first: 5, after });
    expect(errors).toHaveLength(1);
    expect(errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
    expect(stack.emulator.callCount(GET_BY_CALENDAR)).toBe(before);
  });

  // Cursors the gateway never issues, which it reads as positions: Number('') = 0, Number('1e3') = 1000,
  // Number('0x10') = 16, Number(' 5') = 5; and Buffer's base64url decoding skips characters outside the alphabet.
  it('rejects cursors it never issued that decode leniently to a position (BAD_USER_INPUT, field after)', async () => {
    const issued = (await page(6)).connection.edges[5].cursor;
    const crafted = [
      craftedCursor('schedule-offset:'),
      craftedCursor('schedule-offset:1e3'),
      craftedCursor('schedule-offset:0x10'),
      craftedCursor('schedule-offset: 5'),
      `${issued}!!`,
    ];
    const before = stack.emulator.callCount(GET_BY_CALENDAR);
    const accepted: string[] = [];
    for (const after of crafted) {
      const { errors } = await stack.graphql(CalendarSchedulesDocument, { id: calId, first: 5, after });
      if (errors?.[0]?.extensions?.code !== 'BAD_USER_INPUT' || errors[0].extensions.field !== 'after') {
        accepted.push(Buffer.from(after, 'base64url').toString('utf8'));
      }
    }
    expect(accepted).toEqual([]);
    expect(stack.emulator.callCount(GET_BY_CALENDAR)).toBe(before);
  });

  it('answers calendar: null for an unknown or deleted calendar, without calling get_by_calendar', async () => {
    const before = stack.emulator.callCount(GET_BY_CALENDAR);
    const unknown = await stack.graphql(CalendarSchedulesDocument, { id: 'no-such-calendar', first: 10 });
    expect(unknown.errors).toBeUndefined();
    expect(unknown.data!.calendar).toBeNull();

    const created = await stack.graphql(CreateCalendarDocument, { input: { summary: 'Gone', color: '#333333' } });
    const goneId = created.data!.createCalendar.calendar.id;
    await stack.graphql(DeleteCalendarDocument, { id: goneId });
    const deleted = await stack.graphql(CalendarSchedulesDocument, { id: goneId, first: 10 });
    expect(deleted.errors).toBeUndefined();
    expect(deleted.data!.calendar).toBeNull();
    expect(stack.emulator.callCount(GET_BY_CALENDAR)).toBe(before);
  });

  it('maps a get_by_calendar failure through the errcode table (90466 → WECOM_FORBIDDEN)', async () => {
    stack.emulator.failNext(GET_BY_CALENDAR, 90466);
    const { data, errors } = await stack.graphql(CalendarSchedulesDocument, { id: calId, first: 10 });
    expect(errors).toHaveLength(1);
    expect(errors![0].extensions).toMatchObject({ code: 'WECOM_FORBIDDEN', wecomErrcode: 90466 });
    expect(errors![0].path).toEqual(['calendar', 'schedules']);
    expect(data?.calendar ?? null).toBeNull();
  });

  it('resolves the nodes’ fields (calendar, occurrences, attendees) in the same request with one schedule/get and one calendar/get', async () => {
    const from = new Date(Date.now() - 2 * 86_400_000).toISOString();
    const to = new Date(Date.now() + 2 * 86_400_000).toISOString();
    const getsBefore = stack.emulator.callCount(SCHEDULE_GET);
    const calendarGetsBefore = stack.emulator.callCount(CALENDAR_GET);
    const { data, errors } = await stack.graphql(CalendarSchedulePageDeepDocument, { id: calId, first: 10, from, to });
    expect(errors).toBeUndefined();
    const edges = data!.calendar!.schedules.edges;
    expect(edges.map((edge) => edge.node.id)).toEqual(seeded.slice(0, 10));
    for (const { node } of edges) {
      expect(node.calendarId).toBe(calId);
      expect(node.calendar).toEqual({ id: calId, summary: '' });
      expect(node.occurrences).toHaveLength(1);
    }
    // One batched schedule/get completes the page's items (they lack is_whole_day).
    expect(stack.emulator.callCount(SCHEDULE_GET)).toBe(getsBefore + 1);
    // The calendar was loaded once for the root field; the nodes' Schedule.calendar reuse it.
    expect(stack.emulator.callCount(CALENDAR_GET)).toBe(calendarGetsBefore + 1);
  });
});

describe('Schedule.calendar: batched calendar look-ups', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack();
  });
  afterAll(() => stack.stop());

  async function createCalendar(summary: string): Promise<string> {
    const { data, errors } = await stack.graphql(CreateCalendarDocument, { input: { summary, color: '#445566' } });
    expect(errors).toBeUndefined();
    return data!.createCalendar.calendar.id;
  }

  it('resolves 50 schedules in 3 calendars with 1 schedule/get and 1 calendar/get', async () => {
    const calendars = [await createCalendar('Red'), await createCalendar('Green'), await createCalendar('Blue')];
    const summaries = new Map([
      [calendars[0], 'Red'],
      [calendars[1], 'Green'],
      [calendars[2], 'Blue'],
    ]);
    const ids = [
      ...stack.emulator.seedSchedules(calendars[0], 17),
      ...stack.emulator.seedSchedules(calendars[1], 17),
      ...stack.emulator.seedSchedules(calendars[2], 16),
    ];
    // Interleave, so calendars repeat throughout the list.
    const order = ids.map((id, i) => ({ id, key: (i * 7) % 50 })).sort((a, b) => a.key - b.key).map((entry) => entry.id);

    stack.emulator.resetCalls();
    const { data, errors } = await stack.graphql(SchedulesWithCalendarsDocument, { ids: order });
    expect(errors).toBeUndefined();
    expect(data!.schedules.map((schedule) => schedule?.id)).toEqual(order);
    for (const schedule of data!.schedules) {
      expect(schedule!.calendar).toEqual({ id: schedule!.calendarId, summary: summaries.get(schedule!.calendarId!) });
    }
    expect(stack.emulator.callCount(SCHEDULE_GET)).toBe(1);
    expect(stack.emulator.callCount(CALENDAR_GET)).toBe(1);
    const asked = (stack.emulator.calls(CALENDAR_GET)[0].body as { cal_id_list: string[] }).cal_id_list;
    expect([...asked].sort()).toEqual([...calendars].sort());
  });

  it('resolves the calendar of a schedule created without calendarId: the app’s default calendar, named "Default calendar"', async () => {
    const created = await stack.graphql(CreateScheduleDocument, { input: scheduleInput() });
    const schedule = created.data!.createSchedule;
    expect(schedule.calendarId).toEqual(expect.any(String));
    const { data, errors } = await stack.graphql(ScheduleWithCalendarDocument, { id: schedule.id });
    expect(errors).toBeUndefined();
    expect(data!.schedule).toEqual({ id: schedule.id, calendar: { id: schedule.calendarId, summary: 'Default calendar', color: null } });
  });

  it('answers calendar: null for a schedule whose calendar was deleted', async () => {
    const calId = await createCalendar('Soon deleted');
    const [scheduleId] = stack.emulator.seedSchedules(calId, 1);
    await stack.graphql(DeleteCalendarDocument, { id: calId });
    const { data, errors } = await stack.graphql(ScheduleWithCalendarDocument, { id: scheduleId });
    expect(errors).toBeUndefined();
    expect(data!.schedule).toEqual({ id: scheduleId, calendar: null });
  });
});
