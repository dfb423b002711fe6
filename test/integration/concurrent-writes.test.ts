import {
  AddScheduleAttendeesDocument,
  CreateCalendarDocument,
  CreateScheduleDocument,
  DeleteScheduleDocument,
  GetScheduleDocument,
  UpdateCalendarDocument,
  UpdateScheduleDocument,
} from '../../client/operations';
import { scheduleInput } from '../helpers/fixtures';
import { CALENDAR_GET, CALENDAR_UPDATE, createSchedule, patchCalendarPairs, patchSchedulePairs } from '../helpers/concurrent-patches';
import { SCHEDULE_DEL, SCHEDULE_GET, SCHEDULE_UPDATE, TestStack, startTestStack } from '../helpers/test-stack';

const ATTENDEES_ADD = '/cgi-bin/oa/schedule/add_attendees';

/** Polls until `check` holds (a call reached the emulator, say). */
async function until(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error('condition not reached');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('concurrent writes through one gateway instance', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack({ gateway: { lockWaitMs: 2000 } });
  });
  afterAll(() => stack.stop());
  afterEach(() => {
    stack.emulator.release();
    stack.emulator.setLatency(0);
  });

  /** WeCom answers reads and writes in 20 ms: two patches' read-merge-writes overlap for real. */
  const slowWeCom = () => {
    for (const path of [SCHEDULE_GET, SCHEDULE_UPDATE, CALENDAR_GET, CALENDAR_UPDATE]) stack.emulator.setLatency(20, path);
  };

  it('loses no change when 20 pairs of patches of one schedule each (summary, location) arrive at once', async () => {
    slowWeCom();
    const { lost, errors } = await patchSchedulePairs([stack, stack], 20);
    expect(errors).toEqual([]);
    expect(lost).toBe(0);
  });

  it('loses no change when 20 pairs of patches of one calendar each (summary, description) arrive at once', async () => {
    slowWeCom();
    const { lost, errors } = await patchCalendarPairs([stack, stack], 20);
    expect(errors).toEqual([]);
    expect(lost).toBe(0);
  });

  it('gives each of 20 concurrent patches of the same schedule its turn within the waiting budget', async () => {
    const id = await createSchedule(stack);
    stack.emulator.setLatency(5, SCHEDULE_GET);
    stack.emulator.setLatency(5, SCHEDULE_UPDATE);
    const updatesBefore = stack.emulator.callCount(SCHEDULE_UPDATE);
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) => stack.graphql(UpdateScheduleDocument, { input: { id, description: `turn ${i}` } })),
    );
    expect(answers.flatMap((answer) => answer.errors ?? [])).toEqual([]);
    expect(stack.emulator.callCount(SCHEDULE_UPDATE) - updatesBefore).toBe(20);
    expect(stack.emulator.storedSchedule(id)!.description).toMatch(/^turn \d+$/);
  });

  describe('when another write holds the schedule past the waiting budget', () => {
    /** Starts a patch whose schedule/update hangs in WeCom, so it keeps the lock; resolves once it holds it. */
    async function holdWithHangingPatch(id: string) {
      const updatesBefore = stack.emulator.callCount(SCHEDULE_UPDATE);
      stack.emulator.hang(SCHEDULE_UPDATE);
      const holder = stack.graphql(UpdateScheduleDocument, { input: { id, summary: 'first' } });
      await until(() => stack.emulator.callCount(SCHEDULE_UPDATE) > updatesBefore);
      return { holder }; // wrapped: an async function returning the promise itself would wait for it
    }

    it('answers CONFLICT for a patch, after reading and writing nothing, and the holder\'s patch completes', async () => {
      const id = await createSchedule(stack);
      const { holder } = await holdWithHangingPatch(id);
      const gets = stack.emulator.callCount(SCHEDULE_GET);
      const updatesWhileHeld = stack.emulator.callCount(SCHEDULE_UPDATE);
      const started = Date.now();
      const second = await stack.graphql(UpdateScheduleDocument, { input: { id, location: 'second' } });
      expect(second.errors?.[0].extensions?.code).toBe('CONFLICT');
      expect(second.data).toBeNull();
      expect(Date.now() - started).toBeGreaterThanOrEqual(1900);
      expect(stack.emulator.callCount(SCHEDULE_GET)).toBe(gets);
      expect(stack.emulator.callCount(SCHEDULE_UPDATE)).toBe(updatesWhileHeld);

      stack.emulator.release();
      expect((await holder).errors).toBeUndefined();
      expect(stack.emulator.storedSchedule(id)).toMatchObject({ summary: 'first', location: 'Room 301' });
      // Free again: the same patch now goes through.
      const retried = await stack.graphql(UpdateScheduleDocument, { input: { id, location: 'second' } });
      expect(retried.errors).toBeUndefined();
      expect(stack.emulator.storedSchedule(id)).toMatchObject({ summary: 'first', location: 'second' });
    });

    it('answers CONFLICT for an attendee change and a one-occurrence delete of it too, calling nothing', async () => {
      const { data } = await stack.graphql(CreateScheduleDocument, {
        input: scheduleInput({ reminders: { repeatType: 'WEEKLY', repeatUntil: '2027-03-01T00:00:00+08:00' } }),
      });
      const id = data!.createSchedule.id;
      const { holder } = await holdWithHangingPatch(id);
      const [attendees, occurrence] = await Promise.all([
        stack.graphql(AddScheduleAttendeesDocument, { id, userIds: ['carol'] }),
        stack.graphql(DeleteScheduleDocument, { id, scope: 'THIS_OCCURRENCE', occurrenceStart: '2026-12-15T10:00:00+08:00' }),
      ]);
      expect(attendees.errors?.[0].extensions?.code).toBe('CONFLICT');
      expect(occurrence.errors?.[0].extensions?.code).toBe('CONFLICT');
      expect(stack.emulator.callCount(ATTENDEES_ADD)).toBe(0);
      expect(stack.emulator.callCount(SCHEDULE_DEL)).toBe(0);
      stack.emulator.release();
      expect((await holder).errors).toBeUndefined();
    });

    it('lets reads and whole deletes through meanwhile: they merge nothing', async () => {
      const id = await createSchedule(stack);
      const { holder } = await holdWithHangingPatch(id);
      const started = Date.now();
      const read = await stack.graphql(GetScheduleDocument, { id });
      expect(read.errors).toBeUndefined();
      expect(read.data!.schedule!.id).toBe(id);
      const other = await createSchedule(stack);
      expect((await stack.graphql(DeleteScheduleDocument, { id: other })).errors).toBeUndefined();
      expect(Date.now() - started).toBeLessThan(1500);
      stack.emulator.release();
      await holder;
    });
  });

  it('answers CONFLICT for a calendar patch while another holds the calendar', async () => {
    const created = await stack.graphql(CreateCalendarDocument, { input: { summary: 'Team', color: '#1A2B3C' } });
    const { calendar } = created.data!.createCalendar;
    const updatesBefore = stack.emulator.callCount(CALENDAR_UPDATE);
    stack.emulator.hang(CALENDAR_UPDATE);
    const holder = stack.graphql(UpdateCalendarDocument, { input: { id: calendar.id, summary: 'first' } });
    await until(() => stack.emulator.callCount(CALENDAR_UPDATE) > updatesBefore);
    const second = await stack.graphql(UpdateCalendarDocument, { input: { id: calendar.id, description: 'second' } });
    expect(second.errors?.[0].extensions?.code).toBe('CONFLICT');
    expect(stack.emulator.callCount(CALENDAR_UPDATE)).toBe(updatesBefore + 1);
    stack.emulator.release();
    expect((await holder).errors).toBeUndefined();
    expect(stack.emulator.storedCalendar(calendar.id)).toMatchObject({ summary: 'first', description: '' });
  });
});
