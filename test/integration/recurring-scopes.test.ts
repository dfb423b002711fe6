import { CreateScheduleDocument, DeleteScheduleDocument, ScheduleScope, UpdateScheduleDocument, UpdateScheduleInput } from '../../client/operations';
import { ScheduleRepeatDocument } from '../__generated__/operations';
import { scheduleInput } from '../helpers/fixtures';
import {
  GraphQLErrorBody,
  SCHEDULE_DEL,
  SCHEDULE_UPDATE,
  TestStack,
  scheduleCallCount,
  startTestStack,
} from '../helpers/test-stack';

/**
 * A weekly series: Tuesdays 10:00-11:00 +08:00 from 2026-12-01, until 2027-03-01 (a Monday), so
 * 13 occurrences: Dec 1, 8, 15, 22, 29, Jan 5, 12, 19, 26, Feb 2, 9, 16, 23.
 */
const SERIES = {
  startTime: '2026-12-01T10:00:00+08:00',
  endTime: '2026-12-01T11:00:00+08:00',
  reminders: { repeatType: 'WEEKLY' as const, repeatUntil: '2027-03-01T00:00:00+08:00' },
};
const TUESDAYS_UTC = [
  '2026-12-01', '2026-12-08', '2026-12-15', '2026-12-22', '2026-12-29',
  '2027-01-05', '2027-01-12', '2027-01-19', '2027-01-26',
  '2027-02-02', '2027-02-09', '2027-02-16', '2027-02-23',
].map((day) => `${day}T02:00:00.000Z`);
const FIRST = '2026-12-01T10:00:00+08:00';
const THIRD = '2026-12-15T10:00:00+08:00';
const THIRD_UTC = '2026-12-15T02:00:00.000Z';
const FOURTH = '2026-12-22T10:00:00+08:00';
const WHOLE_SERIES = { from: '2026-11-01T00:00:00Z', to: '2027-04-01T00:00:00Z' };

const unix = (iso: string): number => Date.parse(iso) / 1000;

type ScopeBody = { op_mode?: number; op_start_time?: number; schedule_id?: string; schedule?: { schedule_id: string } };

function expectBadUserInput(errors: GraphQLErrorBody[] | undefined, field: string): void {
  expect(errors).toHaveLength(1);
  expect(errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
}

describe('recurring scopes (THIS_OCCURRENCE / THIS_AND_FOLLOWING) through /graphql', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack();
  });
  afterAll(() => stack.stop());

  async function createSeries(): Promise<string> {
    const { data, errors } = await stack.graphql(CreateScheduleDocument, { input: scheduleInput(SERIES) });
    expect(errors).toBeUndefined();
    expect(data!.createSchedule.reminders).toMatchObject({ isRepeat: true, repeatType: 'WEEKLY' });
    return data!.createSchedule.id;
  }

  async function read(id: string, window = WHOLE_SERIES) {
    const { data, errors } = await stack.graphql(ScheduleRepeatDocument, { id, ...window });
    expect(errors).toBeUndefined();
    return data!.schedule!;
  }

  const lastBody = (path: string): ScopeBody => stack.emulator.calls(path).at(-1)!.body as ScopeBody;

  describe('updateSchedule', () => {
    it('THIS_OCCURRENCE at the 3rd occurrence: a new single schedule with the patch; the original excludes that occurrence', async () => {
      const id = await createSeries();
      const { data, errors } = await stack.graphql(UpdateScheduleDocument, {
        input: { id, summary: 'Moved review', location: 'Room 9' },
        scope: 'THIS_OCCURRENCE',
        occurrenceStart: THIRD,
      });
      expect(errors).toBeUndefined();
      const piece = data!.updateSchedule;
      expect(piece.id).not.toBe(id);
      expect(piece).toMatchObject({
        summary: 'Moved review',
        location: 'Room 9',
        description: 'Quarterly design review',
        startTime: THIRD_UTC,
        endTime: '2026-12-15T03:00:00.000Z',
        status: 'ACTIVE',
        attendees: [
          { userId: 'alice', response: 'PENDING' },
          { userId: 'bob', response: 'PENDING' },
        ],
      });
      // The piece is a single schedule: no trace of the series' rule.
      expect(piece.reminders).toMatchObject({ isRepeat: false, repeatType: null, repeatUntil: null, isCustomRepeat: false });
      expect(lastBody(SCHEDULE_UPDATE)).toMatchObject({ op_mode: 1, op_start_time: unix(THIRD), schedule: { schedule_id: id } });
      expect((lastBody(SCHEDULE_UPDATE) as unknown as { schedule: { reminders: object } }).schedule.reminders).not.toHaveProperty('repeat_until');

      const original = await read(id);
      expect(original).toMatchObject({ status: 'ACTIVE', summary: 'Design review', startTime: '2026-12-01T02:00:00.000Z' });
      expect(original.reminders).toMatchObject({ isRepeat: true, repeatType: 'WEEKLY' });
      expect(original.occurrences.map((o) => o.start)).toEqual(TUESDAYS_UTC);
      expect(original.occurrences.filter((o) => o.excluded).map((o) => o.start)).toEqual([THIRD_UTC]);

      const single = await read(piece.id);
      expect(single.occurrences).toEqual([{ start: THIRD_UTC, end: '2026-12-15T03:00:00.000Z', excluded: false }]);
    });

    it('THIS_OCCURRENCE may move the occurrence within its own local day (00:30 +08:00 is the previous day in UTC)', async () => {
      const id = await createSeries();
      const { data, errors } = await stack.graphql(UpdateScheduleDocument, {
        input: { id, startTime: '2026-12-15T00:30:00+08:00', endTime: '2026-12-15T01:30:00+08:00' },
        scope: 'THIS_OCCURRENCE',
        occurrenceStart: THIRD,
      });
      expect(errors).toBeUndefined();
      expect(data!.updateSchedule.id).not.toBe(id);
      expect(data!.updateSchedule.startTime).toBe('2026-12-14T16:30:00.000Z');
    });

    it('THIS_AND_FOLLOWING at the 3rd occurrence: a new recurring schedule; the original now ends before it', async () => {
      const id = await createSeries();
      const { data, errors } = await stack.graphql(UpdateScheduleDocument, {
        input: { id, summary: 'Second half' },
        scope: 'THIS_AND_FOLLOWING',
        occurrenceStart: THIRD,
      });
      expect(errors).toBeUndefined();
      const piece = data!.updateSchedule;
      expect(piece.id).not.toBe(id);
      expect(piece).toMatchObject({ summary: 'Second half', startTime: THIRD_UTC, endTime: '2026-12-15T03:00:00.000Z' });
      expect(piece.reminders).toMatchObject({ isRepeat: true, repeatType: 'WEEKLY', repeatUntil: '2027-02-28T16:00:00.000Z' });
      expect(lastBody(SCHEDULE_UPDATE)).toMatchObject({ op_mode: 2, op_start_time: unix(THIRD) });

      const original = await read(id);
      expect(original.summary).toBe('Design review');
      expect(original.reminders?.isRepeat).toBe(true);
      expect(Date.parse(original.reminders!.repeatUntil!)).toBeLessThan(Date.parse(THIRD_UTC));
      expect(Date.parse(original.reminders!.repeatUntil!)).toBeGreaterThanOrEqual(Date.parse(TUESDAYS_UTC[1]));
      expect(original.occurrences.map((o) => o.start)).toEqual(TUESDAYS_UTC.slice(0, 2));

      const following = await read(piece.id);
      expect(following.occurrences.map((o) => o.start)).toEqual(TUESDAYS_UTC.slice(2));
    });

    it('THIS_AND_FOLLOWING at the first occurrence updates the whole series: same id, no split', async () => {
      const id = await createSeries();
      const countBefore = stack.emulator.scheduleCount();
      const { data, errors } = await stack.graphql(UpdateScheduleDocument, {
        input: { id, summary: 'Everything' },
        scope: 'THIS_AND_FOLLOWING',
        occurrenceStart: FIRST,
      });
      expect(errors).toBeUndefined();
      expect(data!.updateSchedule).toMatchObject({ id, summary: 'Everything', reminders: { isRepeat: true, repeatType: 'WEEKLY' } });
      expect(stack.emulator.scheduleCount()).toBe(countBefore);
      expect((await read(id)).occurrences.map((o) => o.start)).toEqual(TUESDAYS_UTC);
    });
  });

  describe('deleteSchedule', () => {
    it('THIS_OCCURRENCE: the original stays ACTIVE with the occurrence excluded', async () => {
      const id = await createSeries();
      const { data, errors } = await stack.graphql(DeleteScheduleDocument, { id, scope: 'THIS_OCCURRENCE', occurrenceStart: FOURTH });
      expect(errors).toBeUndefined();
      expect(data!.deleteSchedule).toEqual({ id });
      expect(lastBody(SCHEDULE_DEL)).toEqual({ schedule_id: id, op_mode: 1, op_start_time: unix(FOURTH) });
      const original = await read(id);
      expect(original.status).toBe('ACTIVE');
      expect(original.occurrences).toHaveLength(13);
      expect(original.occurrences.filter((o) => o.excluded).map((o) => o.start)).toEqual([TUESDAYS_UTC[3]]);

      // The excluded occurrence is no longer one that a scope can start at.
      const updatesBefore = stack.emulator.callCount(SCHEDULE_UPDATE);
      const again = await stack.graphql(UpdateScheduleDocument, {
        input: { id, summary: 'x' },
        scope: 'THIS_OCCURRENCE',
        occurrenceStart: FOURTH,
      });
      expectBadUserInput(again.errors, 'occurrenceStart');
      expect(stack.emulator.callCount(SCHEDULE_UPDATE)).toBe(updatesBefore);
    });

    it('THIS_AND_FOLLOWING: the original stays ACTIVE and ends before the occurrence', async () => {
      const id = await createSeries();
      const { errors } = await stack.graphql(DeleteScheduleDocument, { id, scope: 'THIS_AND_FOLLOWING', occurrenceStart: FOURTH });
      expect(errors).toBeUndefined();
      expect(lastBody(SCHEDULE_DEL)).toEqual({ schedule_id: id, op_mode: 2, op_start_time: unix(FOURTH) });
      const original = await read(id);
      expect(original.status).toBe('ACTIVE');
      expect(Date.parse(original.reminders!.repeatUntil!)).toBeLessThan(Date.parse(TUESDAYS_UTC[3]));
      expect(original.occurrences.map((o) => o.start)).toEqual(TUESDAYS_UTC.slice(0, 3));
    });

    it('THIS_AND_FOLLOWING at the first occurrence cancels the whole series', async () => {
      const id = await createSeries();
      const { errors } = await stack.graphql(DeleteScheduleDocument, { id, scope: 'THIS_AND_FOLLOWING', occurrenceStart: FIRST });
      expect(errors).toBeUndefined();
      expect((await read(id)).status).toBe('CANCELLED');
    });
  });

  describe('validation before any write', () => {
    let seriesId: string;
    let singleId: string;
    beforeAll(async () => {
      seriesId = await createSeries();
      const { data } = await stack.graphql(CreateScheduleDocument, { input: scheduleInput() });
      singleId = data!.createSchedule.id;
    });

    const writes = () => stack.emulator.callCount(SCHEDULE_UPDATE) + stack.emulator.callCount(SCHEDULE_DEL);

    async function update(input: Omit<UpdateScheduleInput, 'id'> & { id?: string }, scope: ScheduleScope, occurrenceStart?: string) {
      return stack.graphql(UpdateScheduleDocument, { input: { id: seriesId, ...input }, scope, occurrenceStart });
    }

    it.each(['THIS_OCCURRENCE', 'THIS_AND_FOLLOWING'] as const)(
      '%s on a schedule that does not repeat is BAD_USER_INPUT (field scope), for update and delete, without a write',
      async (scope) => {
        const before = writes();
        const updated = await update({ id: singleId, summary: 'x' }, scope, '2026-12-01T10:00:00+08:00');
        expectBadUserInput(updated.errors, 'scope');
        const deleted = await stack.graphql(DeleteScheduleDocument, { id: singleId, scope, occurrenceStart: '2026-12-01T10:00:00+08:00' });
        expectBadUserInput(deleted.errors, 'scope');
        expect(writes()).toBe(before);
      },
    );

    it.each(['THIS_OCCURRENCE', 'THIS_AND_FOLLOWING'] as const)(
      '%s without occurrenceStart is BAD_USER_INPUT (field occurrenceStart) with no WeCom call at all',
      async (scope) => {
        const before = scheduleCallCount(stack.emulator);
        const updated = await update({ summary: 'x' }, scope);
        expectBadUserInput(updated.errors, 'occurrenceStart');
        const deleted = await stack.graphql(DeleteScheduleDocument, { id: seriesId, scope });
        expectBadUserInput(deleted.errors, 'occurrenceStart');
        expect(scheduleCallCount(stack.emulator)).toBe(before);
      },
    );

    it('occurrenceStart with scope ALL is BAD_USER_INPUT (field occurrenceStart) with no WeCom call at all', async () => {
      const before = scheduleCallCount(stack.emulator);
      const updated = await update({ summary: 'x' }, 'ALL', THIRD);
      expectBadUserInput(updated.errors, 'occurrenceStart');
      const deleted = await stack.graphql(DeleteScheduleDocument, { id: seriesId, scope: 'ALL', occurrenceStart: THIRD });
      expectBadUserInput(deleted.errors, 'occurrenceStart');
      expect(scheduleCallCount(stack.emulator)).toBe(before);
    });

    it.each([
      ['off by an hour', '2026-12-15T11:00:00+08:00'],
      ['on a Wednesday', '2026-12-16T10:00:00+08:00'],
      ['before the series', '2026-11-24T10:00:00+08:00'],
      ['after repeatUntil', '2027-03-02T10:00:00+08:00'],
    ])('an occurrenceStart %s is BAD_USER_INPUT (field occurrenceStart), for update and delete, without a write', async (_name, start) => {
      const before = writes();
      for (const scope of ['THIS_OCCURRENCE', 'THIS_AND_FOLLOWING'] as const) {
        const updated = await update({ summary: 'x' }, scope, start);
        expectBadUserInput(updated.errors, 'occurrenceStart');
        const deleted = await stack.graphql(DeleteScheduleDocument, { id: seriesId, scope, occurrenceStart: start });
        expectBadUserInput(deleted.errors, 'occurrenceStart');
      }
      expect(writes()).toBe(before);
    });

    it('THIS_OCCURRENCE with reminders { repeatType: WEEKLY } (making the piece repeat) is BAD_USER_INPUT without a write', async () => {
      const before = writes();
      for (const reminders of [{ repeatType: 'WEEKLY' as const }, { isRepeat: true }]) {
        const { data, errors } = await update({ reminders }, 'THIS_OCCURRENCE', THIRD);
        expect(data ?? null).toBeNull();
        expect(errors).toHaveLength(1);
        expect(errors![0].extensions?.code).toBe('BAD_USER_INPUT');
        expect(errors![0].extensions?.field).toMatch(/^input\.reminders/);
      }
      expect(writes()).toBe(before);
    });

    it.each(['THIS_OCCURRENCE', 'THIS_AND_FOLLOWING'] as const)(
      '%s with a new startTime before the occurrence’s local day is BAD_USER_INPUT (field input.startTime) without a write',
      async (scope) => {
        const before = writes();
        const dayBefore = await update(
          { startTime: '2026-12-14T10:00:00+08:00', endTime: '2026-12-14T11:00:00+08:00' },
          scope,
          THIRD,
        );
        expectBadUserInput(dayBefore.errors, 'input.startTime');
        // 23:30 +08:00 the evening before is still the day before, in the rule's timezone.
        const eveningBefore = await update(
          { startTime: '2026-12-14T23:30:00+08:00', endTime: '2026-12-15T00:30:00+08:00' },
          scope,
          THIRD,
        );
        expectBadUserInput(eveningBefore.errors, 'input.startTime');
        expect(writes()).toBe(before);
      },
    );

    it('leaves the series untouched after all the rejected calls', async () => {
      const series = await read(seriesId);
      expect(series).toMatchObject({ status: 'ACTIVE', summary: 'Design review' });
      expect(series.occurrences.map((o) => o.start)).toEqual(TUESDAYS_UTC);
      expect(series.occurrences.some((o) => o.excluded)).toBe(false);
    });
  });
});
