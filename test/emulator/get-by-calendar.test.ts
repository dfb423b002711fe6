import { APP_A, APP_B, EmulatorClient, PATHS, type Answer } from './emulator-client';

const START = 1_700_000_000;

let client: EmulatorClient;
afterEach(() => client?.close());

describe('schedule/get_by_calendar', () => {
  let calId: string;
  beforeEach(async () => {
    client = await EmulatorClient.start({ apps: [APP_A, APP_B] });
    calId = client.emu.addCalendar();
  });

  it('pages 2,500 seeded schedules as 1000/1000/500 in creation order, then an empty page', async () => {
    const seeded = client.emu.seedSchedules(calId, 2500, { summary: 'Seeded', start_time: START });
    expect(seeded).toHaveLength(2500);
    expect(client.emu.scheduleCount()).toBe(2500);
    const pages: Answer[][] = [];
    for (const offset of [0, 1000, 2000, 3000]) {
      const answer = await client.ok(PATHS.getByCalendar, { cal_id: calId, offset, limit: 1000 });
      pages.push(answer.schedule_list as Answer[]);
    }
    expect(pages.map((page) => page.length)).toEqual([1000, 1000, 500, 0]);
    const ids = pages.flat().map((schedule) => schedule.schedule_id as string);
    expect(new Set(ids).size).toBe(2500);
    expect(ids).toEqual(seeded);
    expect(pages[0][0]).toMatchObject({ summary: 'Seeded', start_time: START, end_time: START + 3600, cal_id: calId, status: 0 });
  });

  it('defaults to offset 0 and limit 500', async () => {
    const seeded = client.emu.seedSchedules(calId, 501);
    const answer = await client.ok(PATHS.getByCalendar, { cal_id: calId });
    expect(answer.schedule_list).toHaveLength(500);
    expect(answer.schedule_list[0].schedule_id).toBe(seeded[0]);
    const rest = await client.ok(PATHS.getByCalendar, { cal_id: calId, offset: 500 });
    expect(rest.schedule_list.map((schedule: Answer) => schedule.schedule_id)).toEqual([seeded[500]]);
  });

  it('lists items with sequence and without is_whole_day, cancelled ones included (status 1)', async () => {
    const kept = await client.addSchedule({ cal_id: calId, start_time: START, end_time: START + 60, is_whole_day: 0 });
    const cancelled = await client.addSchedule({ cal_id: calId, start_time: START, end_time: START + 60 });
    await client.ok(PATHS.del, { schedule_id: cancelled });
    const [first, second] = (await client.ok(PATHS.getByCalendar, { cal_id: calId })).schedule_list as Answer[];
    expect(first).toMatchObject({ schedule_id: kept, status: 0, sequence: expect.any(Number), reminders: expect.any(Object) });
    expect(first).not.toHaveProperty('is_whole_day');
    expect(second).toMatchObject({ schedule_id: cancelled, status: 1 });
  });

  it('is the only read that carries sequence: schedule/get’s items have none (doc 97724)', async () => {
    const id = await client.addSchedule({ cal_id: calId, start_time: START, end_time: START + 60 });
    const [listed] = (await client.ok(PATHS.getByCalendar, { cal_id: calId })).schedule_list as Answer[];
    expect(listed.sequence).toEqual(expect.any(Number));
    const got = await client.getSchedule(id);
    expect(got).toMatchObject({ schedule_id: id, is_whole_day: 0 });
    expect(got).not.toHaveProperty('sequence');
  });

  it('only lists the calendar’s own schedules', async () => {
    const other = client.emu.addCalendar();
    client.emu.seedSchedules(other, 3);
    const mine = client.emu.seedSchedules(calId, 2);
    const answer = await client.ok(PATHS.getByCalendar, { cal_id: calId });
    expect(answer.schedule_list.map((schedule: Answer) => schedule.schedule_id)).toEqual(mine);
  });

  it('increases sequence on every write, globally', async () => {
    const [a, b] = client.emu.seedSchedules(calId, 2);
    const sequenceOf = async (id: string) => {
      const listed = (await client.ok(PATHS.getByCalendar, { cal_id: calId })).schedule_list as Answer[];
      return listed.find((schedule) => schedule.schedule_id === id)!.sequence as number;
    };
    const initialA = await sequenceOf(a);
    const initialB = await sequenceOf(b);
    expect(initialB).toBeGreaterThan(initialA);

    await client.ok(PATHS.update, { schedule: { schedule_id: a, start_time: START, end_time: START + 60 } });
    const afterUpdate = await sequenceOf(a);
    expect(afterUpdate).toBeGreaterThan(initialB);
    await client.ok(PATHS.addAttendees, { schedule_id: b, attendees: [{ userid: 'x' }] });
    const afterAttendees = await sequenceOf(b);
    expect(afterAttendees).toBeGreaterThan(afterUpdate);
    await client.ok(PATHS.del, { schedule_id: a });
    expect(await sequenceOf(a)).toBeGreaterThan(afterAttendees);

    const listed = (await client.ok(PATHS.getByCalendar, { cal_id: calId })).schedule_list as Answer[];
    expect(listed.map((schedule) => schedule.sequence)).toEqual([await sequenceOf(a), afterAttendees]);
  });

  it.each([
    ['a negative offset', { offset: -1 }, 90470],
    ['a fractional offset', { offset: 1.5 }, 90470],
    ['a string offset', { offset: '1' }, 90470],
    ['limit 0', { limit: 0 }, 90469],
    ['limit 1001', { limit: 1001 }, 90469],
  ])('answers %s with its errcode', async (_name, paging, errcode) => {
    expect(await client.errcode(PATHS.getByCalendar, { cal_id: calId, ...paging })).toBe(errcode);
  });

  it('accepts limit 1 and 1000', async () => {
    client.emu.seedSchedules(calId, 2);
    expect((await client.ok(PATHS.getByCalendar, { cal_id: calId, limit: 1 })).schedule_list).toHaveLength(1);
    expect((await client.ok(PATHS.getByCalendar, { cal_id: calId, limit: 1000 })).schedule_list).toHaveLength(2);
  });

  it('answers 90457 for an unknown calendar, 90466 for another app’s, 90459 for a deleted one', async () => {
    expect(await client.errcode(PATHS.getByCalendar, { cal_id: 'wcUnknown' })).toBe(90457);
    expect(await (await client.as(APP_B)).errcode(PATHS.getByCalendar, { cal_id: calId })).toBe(90466);
    await client.ok(PATHS.calendarDel, { cal_id: calId });
    expect(await client.errcode(PATHS.getByCalendar, { cal_id: calId })).toBe(90459);
  });

  it('seedSchedules refuses an unknown calendar', () => {
    expect(() => client.emu.seedSchedules('wcUnknown', 1)).toThrow(/not stored/);
  });
});
