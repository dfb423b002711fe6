import { CreateScheduleDocument, CreateScheduleInput, DeleteScheduleDocument, ScheduleOccurrencesDocument } from '../../client/operations';
import { scheduleInput } from '../helpers/fixtures';
import { GETTOKEN, SCHEDULE_GET, TestStack, startTestStack } from '../helpers/test-stack';

/** Schedule.occurrences: computed by the gateway from the repeat rule, no WeCom call beyond reading the schedule. */
describe('Schedule.occurrences through /graphql', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack();
  });
  afterAll(() => stack.stop());

  async function create(overrides: Partial<CreateScheduleInput>): Promise<string> {
    const { data, errors } = await stack.graphql(CreateScheduleDocument, { input: scheduleInput(overrides) });
    expect(errors).toBeUndefined();
    return data!.createSchedule.id;
  }

  /** Queries the occurrences and checks that the only WeCom call was the one schedule/get. */
  async function occurrences(id: string, from: string, to: string, first?: number) {
    stack.emulator.resetCalls();
    const { data, errors } = await stack.graphql(ScheduleOccurrencesDocument, { id, from, to, first });
    expect(errors).toBeUndefined();
    expect(stack.emulator.calls().filter((call) => call.path !== GETTOKEN).map((call) => call.path)).toEqual([SCHEDULE_GET]);
    return data!.schedule!.occurrences;
  }

  const starts = (list: { start: string }[]) => list.map((occurrence) => occurrence.start);

  it('a daily schedule: one occurrence a day, the one deleted on its own marked excluded', async () => {
    const id = await create({
      startTime: '2027-01-04T09:00:00+08:00',
      endTime: '2027-01-04T09:30:00+08:00',
      reminders: { repeatType: 'DAILY', repeatUntil: '2027-01-10T00:00:00+08:00' },
    });
    const removed = await stack.graphql(DeleteScheduleDocument, { id, scope: 'THIS_OCCURRENCE', occurrenceStart: '2027-01-06T09:00:00+08:00' });
    expect(removed.errors).toBeUndefined();

    const week = await occurrences(id, '2027-01-04T00:00:00+08:00', '2027-01-09T00:00:00+08:00');
    expect(week).toEqual([
      { start: '2027-01-04T01:00:00.000Z', end: '2027-01-04T01:30:00.000Z', excluded: false },
      { start: '2027-01-05T01:00:00.000Z', end: '2027-01-05T01:30:00.000Z', excluded: false },
      { start: '2027-01-06T01:00:00.000Z', end: '2027-01-06T01:30:00.000Z', excluded: true },
      { start: '2027-01-07T01:00:00.000Z', end: '2027-01-07T01:30:00.000Z', excluded: false },
      { start: '2027-01-08T01:00:00.000Z', end: '2027-01-08T01:30:00.000Z', excluded: false },
    ]);

    // repeatUntil is an instant: 00:00 on Jan 10 ends the series before that day's 09:00, so Jan 9 is the last one.
    expect(starts(await occurrences(id, '2027-01-09T00:00:00Z', '2027-02-01T00:00:00Z'))).toEqual(['2027-01-09T01:00:00.000Z']);
    // [from, to): an occurrence still running at `from` counts, one starting at `to` does not.
    expect(starts(await occurrences(id, '2027-01-05T09:15:00+08:00', '2027-01-07T09:00:00+08:00'))).toEqual([
      '2027-01-05T01:00:00.000Z',
      '2027-01-06T01:00:00.000Z',
    ]);
    // `first` caps the list; an excluded occurrence counts toward it.
    expect(await occurrences(id, '2027-01-04T00:00:00+08:00', '2027-01-09T00:00:00+08:00', 3)).toEqual(week.slice(0, 3));
  });

  it('a monthly schedule on the 31st over Jan–Jul 2027: Jan 31, Mar 31, May 31, Jul 31 (months without a 31st skipped)', async () => {
    const id = await create({
      startTime: '2027-01-31T10:00:00+08:00',
      endTime: '2027-01-31T11:00:00+08:00',
      reminders: { repeatType: 'MONTHLY' },
    });
    expect(await occurrences(id, '2027-01-01T00:00:00+08:00', '2027-08-01T00:00:00+08:00')).toEqual([
      { start: '2027-01-31T02:00:00.000Z', end: '2027-01-31T03:00:00.000Z', excluded: false },
      { start: '2027-03-31T02:00:00.000Z', end: '2027-03-31T03:00:00.000Z', excluded: false },
      { start: '2027-05-31T02:00:00.000Z', end: '2027-05-31T03:00:00.000Z', excluded: false },
      { start: '2027-07-31T02:00:00.000Z', end: '2027-07-31T03:00:00.000Z', excluded: false },
    ]);
  });

  it('a monthly schedule counts days in the rule’s timezone (+08:00), not in UTC', async () => {
    // 1st of the month 01:00 +08:00 is the last day of the previous month 17:00 UTC.
    const id = await create({
      startTime: '2027-03-01T01:00:00+08:00',
      endTime: '2027-03-01T02:00:00+08:00',
      reminders: { repeatType: 'MONTHLY' },
    });
    expect(starts(await occurrences(id, '2027-02-01T00:00:00Z', '2027-05-15T00:00:00Z'))).toEqual([
      '2027-02-28T17:00:00.000Z',
      '2027-03-31T17:00:00.000Z',
      '2027-04-30T17:00:00.000Z',
    ]);
  });

  it('a custom weekly schedule: every 2 weeks on Monday and Thursday', async () => {
    const id = await create({
      startTime: '2027-01-04T10:00:00+08:00', // a Monday
      endTime: '2027-01-04T11:00:00+08:00',
      reminders: { repeatType: 'WEEKLY', repeatInterval: 2, repeatDayOfWeek: [1, 4] },
    });
    expect(starts(await occurrences(id, '2027-01-01T00:00:00Z', '2027-02-06T00:00:00Z'))).toEqual([
      '2027-01-04T02:00:00.000Z',
      '2027-01-07T02:00:00.000Z',
      '2027-01-18T02:00:00.000Z',
      '2027-01-21T02:00:00.000Z',
      '2027-02-01T02:00:00.000Z',
      '2027-02-04T02:00:00.000Z',
    ]);
  });

  it('a yearly schedule on Feb 29 occurs in leap years only', async () => {
    const id = await create({
      startTime: '2028-02-29T10:00:00+08:00',
      endTime: '2028-02-29T11:00:00+08:00',
      reminders: { repeatType: 'YEARLY' },
    });
    expect(starts(await occurrences(id, '2028-01-01T00:00:00Z', '2033-01-01T00:00:00Z'))).toEqual([
      '2028-02-29T02:00:00.000Z',
      '2032-02-29T02:00:00.000Z',
    ]);
  });

  it('a cancelled schedule has no occurrences', async () => {
    const id = await create({ reminders: { repeatType: 'DAILY' } });
    expect(await occurrences(id, '2026-12-01T00:00:00Z', '2026-12-04T00:00:00Z')).toHaveLength(3);
    const { errors } = await stack.graphql(DeleteScheduleDocument, { id });
    expect(errors).toBeUndefined();
    expect(await occurrences(id, '2026-12-01T00:00:00Z', '2026-12-04T00:00:00Z')).toEqual([]);
  });

  it('a schedule that does not repeat: its one occurrence inside the window, [] outside', async () => {
    const id = await create({}); // 2026-12-01 10:00-11:00 +08:00
    expect(await occurrences(id, '2026-11-30T00:00:00Z', '2026-12-02T00:00:00Z')).toEqual([
      { start: '2026-12-01T02:00:00.000Z', end: '2026-12-01T03:00:00.000Z', excluded: false },
    ]);
    expect(await occurrences(id, '2026-12-02T00:00:00Z', '2026-12-03T00:00:00Z')).toEqual([]);
    expect(await occurrences(id, '2026-11-01T00:00:00Z', '2026-12-01T02:00:00Z')).toEqual([]); // ends where it starts
    expect(await occurrences(id, '2026-12-01T03:00:00Z', '2026-12-02T00:00:00Z')).toEqual([]); // starts where it ends
  });

  describe('arguments', () => {
    let id: string;
    beforeAll(async () => {
      id = await create({ reminders: { repeatType: 'DAILY' } });
    });

    it.each([
      ['to equal to from', '2026-12-01T00:00:00Z', '2026-12-01T00:00:00Z', undefined, 'to'],
      ['to before from', '2026-12-05T00:00:00Z', '2026-12-01T00:00:00Z', undefined, 'to'],
      ['first: 0', '2026-12-01T00:00:00Z', '2026-12-05T00:00:00Z', 0, 'first'],
      ['first: 1001', '2026-12-01T00:00:00Z', '2026-12-05T00:00:00Z', 1001, 'first'],
      ['first: -1', '2026-12-01T00:00:00Z', '2026-12-05T00:00:00Z', -1, 'first'],
    ])('rejects %s as BAD_USER_INPUT, with no WeCom call beyond schedule/get', async (_name, from, to, first, field) => {
      stack.emulator.resetCalls();
      const { data, errors } = await stack.graphql(ScheduleOccurrencesDocument, { id, from, to, first });
      expect(errors).toHaveLength(1);
      expect(errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
      expect(errors![0].path).toEqual(['schedule', 'occurrences']);
      expect(data?.schedule ?? null).toBeNull();
      expect(stack.emulator.calls().filter((call) => call.path !== GETTOKEN).map((call) => call.path)).toEqual([SCHEDULE_GET]);
    });

    it('accepts first: 1000 and returns at most that many', async () => {
      const list = await occurrences(id, '2026-11-01T00:00:00Z', '2030-01-01T00:00:00Z', 1000);
      expect(list).toHaveLength(1000);
      expect(list[0].start).toBe('2026-12-01T02:00:00.000Z');
      expect(list[999].start).toBe(new Date(Date.UTC(2026, 11, 1, 2) + 999 * 86_400_000).toISOString());
    });
  });
});
