import { EmulatorClient, PATHS, type Answer } from './emulator-client';

const DAY = 86_400;
/** 2024-01-01 09:00 at UTC+8 (a Monday). */
const START = Date.UTC(2024, 0, 1, 1) / 1000;
const occurrence = (n: number) => START + n * DAY;
/** 00:00 at UTC+8 of the local day of occurrence n. */
const localMidnight = (n: number) => Date.UTC(2024, 0, 1 + n, 0) / 1000 - 8 * 3600;

const DAILY = { is_repeat: 1, repeat_type: 0, timezone: 8 };

let client: EmulatorClient;
let id: string;
afterEach(() => client?.close());
beforeEach(async () => {
  client = await EmulatorClient.start();
  id = await client.addSchedule({
    summary: 'Daily standup',
    start_time: START,
    end_time: START + 900,
    attendees: [{ userid: 'alice' }, { userid: 'bob' }],
    reminders: DAILY,
  });
});

function moved(start: number, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { schedule_id: id, summary: 'Moved', start_time: start, end_time: start + 900, attendees: [{ userid: 'carol' }], ...extra };
}

async function stored(scheduleId: string): Promise<Answer> {
  const schedule = await client.getSchedule(scheduleId);
  expect(schedule).toBeDefined();
  return schedule as Answer;
}

describe('schedule/update op_mode 1 (this occurrence)', () => {
  it('excludes the occurrence from the original and answers a new non-recurring schedule', async () => {
    const answer = await client.ok(PATHS.update, { op_mode: 1, op_start_time: occurrence(2), schedule: moved(occurrence(2) + 3600) });
    expect(answer.schedule_id).not.toBe(id);
    expect(client.emu.scheduleCount()).toBe(2);

    const original = await stored(id);
    expect(original).toMatchObject({ summary: 'Daily standup', start_time: START, status: 0 });
    expect(original.reminders).toMatchObject({ is_repeat: 1, repeat_until: 0, exclude_time_list: [{ start_time: occurrence(2) }] });
    expect(original.attendees.map((a: Answer) => a.userid)).toEqual(['alice', 'bob']);

    const piece = await stored(answer.schedule_id);
    expect(piece).toMatchObject({ summary: 'Moved', start_time: occurrence(2) + 3600, cal_id: original.cal_id, status: 0 });
    expect(piece.reminders).toMatchObject({ is_repeat: 0, exclude_time_list: [] });
    expect(piece.attendees).toEqual([{ userid: 'carol', response_status: 0 }]);
  });

  it('copies the original’s attendees with skip_attendees=1', async () => {
    client.emu.setAttendeeResponse(id, 'bob', 4);
    const answer = await client.ok(PATHS.update, {
      op_mode: 1,
      op_start_time: occurrence(1),
      skip_attendees: 1,
      schedule: moved(occurrence(1)),
    });
    expect((await stored(answer.schedule_id)).attendees).toEqual([
      { userid: 'alice', response_status: 0 },
      { userid: 'bob', response_status: 4 },
    ]);
  });

  it('answers 90482 for an occurrence already excluded', async () => {
    await client.ok(PATHS.update, { op_mode: 1, op_start_time: occurrence(2), schedule: moved(occurrence(2)) });
    const again = await client.call(PATHS.update, { op_mode: 1, op_start_time: occurrence(2), schedule: moved(occurrence(2)) });
    expect(again.errcode).toBe(90482);
    expect(client.emu.scheduleCount()).toBe(2);
  });

  it('answers 90484 when the single occurrence is sent as repeating', async () => {
    const body = { op_mode: 1, op_start_time: occurrence(2), schedule: moved(occurrence(2), { reminders: DAILY }) };
    expect(await client.errcode(PATHS.update, body)).toBe(90484);
    expect(client.emu.scheduleCount()).toBe(1);
  });
});

describe('schedule/update op_mode 2 (this and following)', () => {
  it('ends the original one second before op_start_time and answers a new (repeating) schedule', async () => {
    const answer = await client.ok(PATHS.update, {
      op_mode: 2,
      op_start_time: occurrence(3),
      schedule: moved(occurrence(3) + 1800, { reminders: DAILY }),
    });
    expect(answer.schedule_id).not.toBe(id);
    expect(client.emu.scheduleCount()).toBe(2);

    const original = await stored(id);
    expect(original.reminders).toMatchObject({ is_repeat: 1, repeat_until: occurrence(3) - 1, exclude_time_list: [] });
    expect(original.summary).toBe('Daily standup');
    const piece = await stored(answer.schedule_id);
    expect(piece).toMatchObject({ summary: 'Moved', start_time: occurrence(3) + 1800, cal_id: original.cal_id });
    expect(piece.reminders).toMatchObject({ is_repeat: 1, repeat_type: 0 });

    // The original now ends on day 2: day 2 is still an occurrence, day 3 no longer is.
    expect(await client.errcode(PATHS.del, { schedule_id: id, op_mode: 2, op_start_time: occurrence(3) })).toBe(90482);
    expect(await client.errcode(PATHS.del, { schedule_id: id, op_mode: 1, op_start_time: occurrence(2) })).toBe(0);
  });

  it('updates all occurrences, same id and no split, at the first occurrence', async () => {
    const answer = await client.ok(PATHS.update, { op_mode: 2, op_start_time: START, schedule: moved(START + 600, { reminders: DAILY }) });
    expect(answer.schedule_id).toBe(id);
    expect(client.emu.scheduleCount()).toBe(1);
    expect(await stored(id)).toMatchObject({ summary: 'Moved', start_time: START + 600, reminders: { repeat_until: 0 } });
  });

  it('cuts repeat_until at the instant, whatever the rule’s timezone: the occurrence before stays, the split one goes', async () => {
    // 2024-01-01 23:00 at UTC-5 is 2024-01-02 04:00 UTC: local days differ from UTC days.
    const start = Date.UTC(2024, 0, 2, 4) / 1000;
    const westId = await client.addSchedule({ start_time: start, end_time: start + 600, reminders: { ...DAILY, timezone: -5 } });
    const opStart = start + 2 * DAY;
    await client.ok(PATHS.update, { op_mode: 2, op_start_time: opStart, schedule: { schedule_id: westId, start_time: opStart, end_time: opStart } });
    expect((await stored(westId)).reminders.repeat_until).toBe(opStart - 1);
    expect(await client.errcode(PATHS.del, { schedule_id: westId, op_mode: 1, op_start_time: opStart })).toBe(90482);
    expect(await client.errcode(PATHS.del, { schedule_id: westId, op_mode: 1, op_start_time: start + DAY })).toBe(0);
  });
});

describe('schedule/update scope errors', () => {
  it.each([
    ['op_mode 1', 1],
    ['op_mode 2', 2],
  ])('answers 90488 when %s moves the start before op_start_time’s local day', async (_name, opMode) => {
    const body = { op_mode: opMode, op_start_time: occurrence(2), schedule: moved(localMidnight(2) - 1) };
    expect(await client.errcode(PATHS.update, body)).toBe(90488);
    const atMidnight = { op_mode: opMode, op_start_time: occurrence(2), schedule: moved(localMidnight(2)) };
    expect(await client.errcode(PATHS.update, atMidnight)).toBe(0);
  });

  it.each([
    ['missing', undefined],
    ['not at the time of day of the series', occurrence(2) + 60],
    ['before the first occurrence', occurrence(-1)],
  ])('answers 90482 for an op_start_time %s', async (_name, opStartTime) => {
    expect(await client.errcode(PATHS.update, { op_mode: 1, op_start_time: opStartTime, schedule: moved(occurrence(2)) })).toBe(90482);
    expect(await client.errcode(PATHS.update, { op_mode: 2, op_start_time: opStartTime, schedule: moved(occurrence(2)) })).toBe(90482);
    expect(client.emu.scheduleCount()).toBe(1);
  });

  it('answers 90485 for op_mode 1/2 on a non-recurring schedule and for op_mode 3', async () => {
    const single = await client.addSchedule({ start_time: START, end_time: START + 60 });
    for (const opMode of [1, 2]) {
      expect(await client.errcode(PATHS.update, { op_mode: opMode, op_start_time: START, schedule: { schedule_id: single, start_time: START, end_time: START } })).toBe(90485);
      expect(await client.errcode(PATHS.del, { schedule_id: single, op_mode: opMode, op_start_time: START })).toBe(90485);
    }
    expect(await client.errcode(PATHS.update, { op_mode: 3, op_start_time: START, schedule: moved(START) })).toBe(90485);
  });
});

describe('schedule/del scopes', () => {
  it('op_mode 1 excludes one occurrence; the series stays active and reachable', async () => {
    await client.ok(PATHS.del, { schedule_id: id, op_mode: 1, op_start_time: occurrence(1) });
    const original = await stored(id);
    expect(original.status).toBe(0);
    expect(original.reminders.exclude_time_list).toEqual([{ start_time: occurrence(1) }]);
    await client.ok(PATHS.del, { schedule_id: id, op_mode: 1, op_start_time: START });
    expect((await stored(id)).reminders.exclude_time_list).toEqual([{ start_time: START }, { start_time: occurrence(1) }]);
    expect(await client.errcode(PATHS.del, { schedule_id: id, op_mode: 1, op_start_time: occurrence(1) })).toBe(90482);
    expect(client.emu.scheduleCount()).toBe(1);
  });

  it('op_mode 2 ends the series one second before op_start_time: that occurrence is gone, the one before stays', async () => {
    await client.ok(PATHS.del, { schedule_id: id, op_mode: 2, op_start_time: occurrence(5) });
    const original = await stored(id);
    expect(original.status).toBe(0);
    expect(original.reminders.repeat_until).toBe(occurrence(5) - 1);
    expect(await client.errcode(PATHS.del, { schedule_id: id, op_mode: 1, op_start_time: occurrence(5) })).toBe(90482);
    expect(await client.errcode(PATHS.del, { schedule_id: id, op_mode: 1, op_start_time: occurrence(4) })).toBe(0);
  });

  it('op_mode 2 at the first occurrence cancels everything (status 1)', async () => {
    await client.ok(PATHS.del, { schedule_id: id, op_mode: 2, op_start_time: START });
    expect((await stored(id)).status).toBe(1);
    expect(await client.errcode(PATHS.del, { schedule_id: id })).toBe(90460);
  });

  it('answers 90482 for a missing or wrong op_start_time', async () => {
    expect(await client.errcode(PATHS.del, { schedule_id: id, op_mode: 1 })).toBe(90482);
    expect(await client.errcode(PATHS.del, { schedule_id: id, op_mode: 2, op_start_time: occurrence(1) + 1 })).toBe(90482);
    expect((await stored(id)).reminders).toMatchObject({ repeat_until: 0, exclude_time_list: [] });
  });
});
