import { AddScheduleAttendeesDocument, CalendarSchedulesDocument, CreateScheduleDocument, DeleteScheduleDocument, GetScheduleDocument, UpdateScheduleDocument } from '../../client/operations';
import { scheduleInput } from '../helpers/fixtures';
import { SCHEDULE_ADD, SCHEDULE_DEL, SCHEDULE_GET, SCHEDULE_UPDATE, TestStack, startTestStack } from '../helpers/test-stack';

const SERIES = {
  startTime: '2026-12-01T10:00:00+08:00',
  endTime: '2026-12-01T11:00:00+08:00',
  reminders: { repeatType: 'WEEKLY' as const, repeatUntil: '2027-03-01T00:00:00+08:00' },
};
const THIRD = '2026-12-15T10:00:00+08:00';

describe('schedule status, sequence and WeCom errcodes through /graphql', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack();
  });
  afterAll(() => stack.stop());

  async function create(overrides: Parameters<typeof scheduleInput>[0] = {}) {
    const { data, errors } = await stack.graphql(CreateScheduleDocument, { input: scheduleInput(overrides) });
    expect(errors).toBeUndefined();
    return data!.createSchedule;
  }

  describe('status and sequence', () => {
    it('a deleted schedule still reads, as CANCELLED', async () => {
      const { id, status } = await create();
      expect(status).toBe('ACTIVE');
      await stack.graphql(DeleteScheduleDocument, { id });
      const { data, errors } = await stack.graphql(GetScheduleDocument, { id });
      expect(errors).toBeUndefined();
      expect(data!.schedule).toMatchObject({ id, status: 'CANCELLED', summary: 'Design review' });
    });

    it('a cancelled schedule shows as CANCELLED in its calendar’s connection too', async () => {
      const calId = stack.emulator.addCalendar();
      const [keptId, cancelledId] = stack.emulator.seedSchedules(calId, 2);
      await stack.graphql(DeleteScheduleDocument, { id: cancelledId });
      const { data } = await stack.graphql(CalendarSchedulesDocument, { id: calId, first: 10 });
      expect(data!.calendar!.schedules.edges.map((edge) => [edge.node.id, edge.node.status])).toEqual([
        [keptId, 'ACTIVE'],
        [cancelledId, 'CANCELLED'],
      ]);
    });

    it('sequence is null on a read by id (schedule/get has none), and in a calendar’s connection a decimal string that increases with every change', async () => {
      const calendarId = stack.emulator.addCalendar();
      const created = await create({ calendarId });
      expect(created.sequence).toBeNull();
      const listedSequence = async () => {
        const { data, errors } = await stack.graphql(CalendarSchedulesDocument, { id: calendarId, first: 10 });
        expect(errors).toBeUndefined();
        return data!.calendar!.schedules.edges.find((edge) => edge.node.id === created.id)!.node.sequence;
      };
      const sequences = [await listedSequence()];
      const updated = await stack.graphql(UpdateScheduleDocument, { input: { id: created.id, summary: 'Renamed' } });
      expect(updated.data!.updateSchedule.sequence).toBeNull();
      sequences.push(await listedSequence());
      const added = await stack.graphql(AddScheduleAttendeesDocument, { id: created.id, userIds: ['carol'] });
      expect(added.errors).toBeUndefined();
      sequences.push(await listedSequence());
      stack.emulator.setAttendeeResponse(created.id, 'carol', 2);
      sequences.push(await listedSequence());
      expect((await stack.graphql(GetScheduleDocument, { id: created.id })).data!.schedule!.sequence).toBeNull();

      for (const sequence of sequences) expect(sequence).toMatch(/^\d+$/);
      const values = sequences.map((sequence) => BigInt(sequence!));
      for (let i = 1; i < values.length; i++) expect(values[i]).toBeGreaterThan(values[i - 1]);
      expect(sequences.at(-1)).toBe(String(stack.emulator.storedSchedule(created.id)!.sequence));
    });
  });

  describe('errcodes injected on schedule calls', () => {
    it('90498 on schedule/update → WECOM_ERROR with a clear message (meeting room), WeCom’s errmsg not leaked', async () => {
      const { id } = await create();
      stack.emulator.failNext(SCHEDULE_UPDATE, 90498);
      const { data, errors } = await stack.graphql(UpdateScheduleDocument, {
        input: { id, startTime: '2026-12-01T12:00:00+08:00', endTime: '2026-12-01T13:00:00+08:00' },
      });
      expect(data ?? null).toBeNull();
      expect(errors).toHaveLength(1);
      expect(errors![0].extensions).toMatchObject({ code: 'WECOM_ERROR', wecomErrcode: 90498 });
      expect(errors![0].extensions).not.toHaveProperty('field');
      expect(errors![0].message).toMatch(/meeting room/i);
      expect(errors![0].message).toContain('90498');
      expect(errors![0].message).not.toMatch(/hint|from ip|more info/i);
      expect(stack.emulator.storedSchedule(id)!.start_time).toBe(Date.parse('2026-12-01T10:00:00+08:00') / 1000);
    });

    it.each([
      ['schedule/del', SCHEDULE_DEL],
      ['schedule/update', SCHEDULE_UPDATE],
    ])('90466 on %s → WECOM_FORBIDDEN', async (_name, path) => {
      const { id } = await create();
      stack.emulator.failNext(path, 90466);
      const result =
        path === SCHEDULE_DEL
          ? await stack.graphql(DeleteScheduleDocument, { id })
          : await stack.graphql(UpdateScheduleDocument, { input: { id, summary: 'x' } });
      expect(result.errors).toHaveLength(1);
      expect(result.errors![0].extensions).toMatchObject({ code: 'WECOM_FORBIDDEN', wecomErrcode: 90466 });
      expect(stack.emulator.storedSchedule(id)).toMatchObject({ status: 0, summary: 'Design review' });
    });

    it('90466 on schedule/get (a read) → WECOM_FORBIDDEN for the field', async () => {
      const { id } = await create();
      stack.emulator.failNext(SCHEDULE_GET, 90466);
      const { data, errors } = await stack.graphql(GetScheduleDocument, { id });
      expect(data?.schedule ?? null).toBeNull();
      expect(errors?.[0].extensions).toMatchObject({ code: 'WECOM_FORBIDDEN', wecomErrcode: 90466 });
    });

    it('90457 on schedule/add → NOT_FOUND (the calendar)', async () => {
      stack.emulator.failNext(SCHEDULE_ADD, 90457);
      const { errors } = await stack.graphql(CreateScheduleDocument, { input: scheduleInput() });
      expect(errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', wecomErrcode: 90457 });
    });

    // Scoped writes the gateway judged valid but WeCom refused: the caller is told which argument to fix.
    it.each([
      [90482, 'occurrenceStart'],
      [90485, 'scope'],
      [90484, 'scope'],
      [90488, 'input.startTime'],
    ])('%p on a scoped schedule/update → BAD_USER_INPUT on %s with wecomErrcode', async (errcode, field) => {
      const { id } = await create(SERIES);
      stack.emulator.failNext(SCHEDULE_UPDATE, errcode);
      const { data, errors } = await stack.graphql(UpdateScheduleDocument, {
        input: { id, summary: 'x' },
        scope: 'THIS_OCCURRENCE',
        occurrenceStart: THIRD,
      });
      expect(data ?? null).toBeNull();
      expect(errors).toHaveLength(1);
      expect(errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field, wecomErrcode: errcode });
      expect(errors![0].message.startsWith(`${field}:`)).toBe(true);
      expect(stack.emulator.storedSchedule(id)!.reminders.exclude_time_list).toEqual([]);
    });

    it('90482 on a scoped schedule/del → BAD_USER_INPUT on occurrenceStart', async () => {
      const { id } = await create(SERIES);
      stack.emulator.failNext(SCHEDULE_DEL, 90482);
      const { errors } = await stack.graphql(DeleteScheduleDocument, { id, scope: 'THIS_AND_FOLLOWING', occurrenceStart: THIRD });
      expect(errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'occurrenceStart', wecomErrcode: 90482 });
    });
  });
});
