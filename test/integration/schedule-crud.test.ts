import { CreateScheduleDocument, DeleteScheduleDocument, GetScheduleDocument, UpdateScheduleDocument } from '../../client/operations';
import { scheduleInput } from '../helpers/fixtures';
import { SCHEDULE_ADD, SCHEDULE_UPDATE, TestStack, startTestStack } from '../helpers/test-stack';

describe('schedule create / read / update / delete through /graphql', () => {
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

  it('creates a schedule and answers with it as WeCom holds it, times in UTC', async () => {
    const created = await create({ reminders: { remindTimeDiffs: [-900] } });
    expect(created).toMatchObject({
      summary: 'Design review',
      description: 'Quarterly design review',
      location: 'Room 301',
      startTime: '2026-12-01T02:00:00.000Z',
      endTime: '2026-12-01T03:00:00.000Z',
      status: 'ACTIVE',
      isWholeDay: false,
      admins: ['alice'],
      attendees: [
        { userId: 'alice', response: 'PENDING' },
        { userId: 'bob', response: 'PENDING' },
      ],
      reminders: { isRemind: true, remindTimeDiffs: [-900], isRepeat: false },
    });
    const stored = stack.emulator.storedSchedule(created.id)!;
    expect(stored.start_time).toBe(Date.UTC(2026, 11, 1, 2) / 1000);
    expect(stored.summary).toBe('Design review');
  });

  it('reads a schedule by id, and null for an unknown id', async () => {
    const created = await create();
    const found = await stack.graphql(GetScheduleDocument, { id: created.id });
    expect(found.data?.schedule).toEqual(created);
    const missing = await stack.graphql(GetScheduleDocument, { id: 'no-such-schedule' });
    expect(missing.errors).toBeUndefined();
    expect(missing.data?.schedule).toBeNull();
  });

  it('patches: keeps every field left out, attendees included, and sends skip_attendees', async () => {
    const created = await create({
      isWholeDay: false,
      reminders: { remindTimeDiffs: [-300, -3600], repeatType: 'WEEKLY', timezone: 8 },
    });
    const { data, errors } = await stack.graphql(UpdateScheduleDocument, { input: { id: created.id, summary: 'Renamed' } });
    expect(errors).toBeUndefined();
    expect(data!.updateSchedule).toEqual({ ...created, summary: 'Renamed' });

    const sent = stack.emulator.calls(SCHEDULE_UPDATE).at(-1)!.body as { skip_attendees: number; schedule: Record<string, unknown> };
    expect(sent.skip_attendees).toBe(1);
    expect(sent.schedule).not.toHaveProperty('attendees');
    expect(sent.schedule).toMatchObject({ description: 'Quarterly design review', location: 'Room 301', admins: ['alice'] });
  });

  it('patches inside reminders: a field left out keeps its value', async () => {
    const created = await create({ reminders: { remindTimeDiffs: [-300], repeatType: 'DAILY', repeatUntil: '2027-01-01T00:00:00Z' } });
    const { data } = await stack.graphql(UpdateScheduleDocument, {
      input: { id: created.id, reminders: { remindTimeDiffs: [-900] } },
    });
    expect(data!.updateSchedule.reminders).toEqual({
      ...created.reminders,
      remindTimeDiffs: [-900],
    });
    expect(data!.updateSchedule.reminders?.repeatUntil).toBe('2027-01-01T00:00:00.000Z');
  });

  it('clears a nullable field given as null, and replaces attendees when given', async () => {
    const created = await create();
    const { data } = await stack.graphql(UpdateScheduleDocument, {
      input: { id: created.id, location: null, description: null, attendees: [{ userId: 'carol' }], admins: [] },
    });
    expect(data!.updateSchedule).toMatchObject({
      location: null,
      description: null,
      summary: 'Design review',
      admins: [],
      attendees: [{ userId: 'carol', response: 'PENDING' }],
    });
  });

  it('clears reminders given as null', async () => {
    const created = await create({ reminders: { remindTimeDiffs: [-300], repeatType: 'DAILY' } });
    const { data } = await stack.graphql(UpdateScheduleDocument, { input: { id: created.id, reminders: null } });
    expect(data!.updateSchedule.reminders).toMatchObject({ isRemind: false, remindTimeDiffs: [], isRepeat: false });
  });

  it('checks a new startTime against the stored endTime and writes nothing when it fails', async () => {
    const created = await create();
    const updatesBefore = stack.emulator.callCount(SCHEDULE_UPDATE);
    const { errors } = await stack.graphql(UpdateScheduleDocument, {
      input: { id: created.id, startTime: '2026-12-01T12:00:00+08:00' },
    });
    expect(errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.endTime' });
    expect(stack.emulator.callCount(SCHEDULE_UPDATE)).toBe(updatesBefore);
  });

  it('deletes: the schedule then reads as CANCELLED (or null), and a second delete is NOT_FOUND', async () => {
    const created = await create();
    const deleted = await stack.graphql(DeleteScheduleDocument, { id: created.id });
    expect(deleted.data?.deleteSchedule).toEqual({ id: created.id });
    const read = await stack.graphql(GetScheduleDocument, { id: created.id });
    expect(read.data?.schedule?.status ?? 'CANCELLED').toBe('CANCELLED');
    const again = await stack.graphql(DeleteScheduleDocument, { id: created.id });
    expect(again.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', wecomErrcode: 90460 });
  });

  it('answers NOT_FOUND when updating an unknown or deleted schedule, without writing', async () => {
    const updatesBefore = stack.emulator.callCount(SCHEDULE_UPDATE);
    const unknown = await stack.graphql(UpdateScheduleDocument, { input: { id: 'no-such-schedule', summary: 'x' } });
    expect(unknown.errors?.[0].extensions?.code).toBe('NOT_FOUND');

    const created = await create();
    await stack.graphql(DeleteScheduleDocument, { id: created.id });
    const deleted = await stack.graphql(UpdateScheduleDocument, { input: { id: created.id, summary: 'x' } });
    expect(deleted.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    expect(stack.emulator.callCount(SCHEDULE_UPDATE)).toBe(updatesBefore);
  });

  it('answers NOT_FOUND for a delete of an unknown schedule (WeCom 90461)', async () => {
    const { errors } = await stack.graphql(DeleteScheduleDocument, { id: 'no-such-schedule' });
    expect(errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', wecomErrcode: 90461 });
  });

  it('creates in a given calendar, and NOT_FOUND for an unknown calendar (WeCom 90457)', async () => {
    const calId = stack.emulator.addCalendar();
    const created = await create({ calendarId: calId });
    expect(created.calendarId).toBe(calId);
    const addsBefore = stack.emulator.callCount(SCHEDULE_ADD);
    const { errors } = await stack.graphql(CreateScheduleDocument, { input: scheduleInput({ calendarId: 'no-such-calendar' }) });
    expect(errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', wecomErrcode: 90457 });
    expect(stack.emulator.callCount(SCHEDULE_ADD)).toBe(addsBefore + 1);
  });

  it('creates a whole-day schedule with a whole-day-only reminder', async () => {
    const created = await create({
      isWholeDay: true,
      startTime: '2026-12-24T00:00:00+08:00',
      endTime: '2026-12-24T23:59:59+08:00',
      reminders: { remindTimeDiffs: [32400, -604800] },
    });
    expect(created.isWholeDay).toBe(true);
    expect(created.reminders?.remindTimeDiffs).toEqual([32400, -604800]);
  });
});
