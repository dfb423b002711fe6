import { APP_A, APP_B, EmulatorClient, PATHS, type Answer } from './emulator-client';

const START = 1_700_000_000;
const attendees = (n: number, prefix = 'user') => Array.from({ length: n }, (_, i) => ({ userid: `${prefix}${i}` }));

let client: EmulatorClient;
let id: string;
afterEach(() => client?.close());
beforeEach(async () => {
  client = await EmulatorClient.start({ apps: [APP_A, APP_B] });
  id = await client.addSchedule({ start_time: START, end_time: START + 60, attendees: [{ userid: 'alice' }, { userid: 'bob' }] });
});

async function attendeesOf(scheduleId: string): Promise<Answer[]> {
  return (await client.getSchedule(scheduleId))?.attendees as Answer[];
}

describe('schedule/add_attendees', () => {
  it('appends new attendees as pending and ignores ones already present (keeping their answer)', async () => {
    client.emu.setAttendeeResponse(id, 'alice', 2);
    await client.ok(PATHS.addAttendees, { schedule_id: id, attendees: [{ userid: 'alice' }, { userid: 'carol' }, { userid: 'carol' }] });
    expect(await attendeesOf(id)).toEqual([
      { userid: 'alice', response_status: 2 },
      { userid: 'bob', response_status: 0 },
      { userid: 'carol', response_status: 0 },
    ]);
  });

  it('allows a cumulative 1000 attendees and answers 90464 beyond, changing nothing', async () => {
    await client.ok(PATHS.addAttendees, { schedule_id: id, attendees: attendees(998) });
    expect(await attendeesOf(id)).toHaveLength(1000);
    expect(await client.errcode(PATHS.addAttendees, { schedule_id: id, attendees: [{ userid: 'one-too-many' }] })).toBe(90464);
    expect(await attendeesOf(id)).toHaveLength(1000);
    // Already present: ignored, so still within the limit.
    await client.ok(PATHS.addAttendees, { schedule_id: id, attendees: [{ userid: 'alice' }] });
  });

  it('answers 40058 for more than 1000 attendees in one call', async () => {
    expect(await client.errcode(PATHS.addAttendees, { schedule_id: id, attendees: attendees(1001) })).toBe(40058);
  });
});

describe('schedule/del_attendees', () => {
  it('removes attendees and ignores userids that are not attendees', async () => {
    await client.ok(PATHS.delAttendees, { schedule_id: id, attendees: [{ userid: 'alice' }, { userid: 'nobody' }] });
    expect(await attendeesOf(id)).toEqual([{ userid: 'bob', response_status: 0 }]);
  });

  it('accepts 1000 per call and answers 40058 for 1001', async () => {
    expect(await client.errcode(PATHS.delAttendees, { schedule_id: id, attendees: attendees(1001) })).toBe(40058);
    await client.ok(PATHS.delAttendees, { schedule_id: id, attendees: [...attendees(999), { userid: 'bob' }] });
    expect(await attendeesOf(id)).toEqual([{ userid: 'alice', response_status: 0 }]);
  });
});

describe.each([PATHS.addAttendees, PATHS.delAttendees])('common errors of %s', (path) => {
  it('answers 90461 for an unknown schedule and 90466 for another app’s', async () => {
    expect(await client.errcode(path, { schedule_id: 'unknown', attendees: [{ userid: 'x' }] })).toBe(90461);
    expect(await (await client.as(APP_B)).errcode(path, { schedule_id: id, attendees: [{ userid: 'x' }] })).toBe(90466);
  });

  it('answers 90460 for a cancelled schedule', async () => {
    await client.ok(PATHS.del, { schedule_id: id });
    expect(await client.errcode(path, { schedule_id: id, attendees: [{ userid: 'alice' }] })).toBe(90460);
  });

  it.each([
    ['an empty userid', ''],
    ['a 65-byte userid', 'u'.repeat(65)],
    ['a 22-CJK-char userid', '日'.repeat(22)],
  ])('answers 40003 for %s', async (_name, userid) => {
    expect(await client.errcode(path, { schedule_id: id, attendees: [{ userid }] })).toBe(40003);
  });

  it('accepts a 64-byte userid', async () => {
    expect(await client.errcode(path, { schedule_id: id, attendees: [{ userid: 'u'.repeat(64) }] })).toBe(0);
  });

  it('answers 40058 without schedule_id or attendees', async () => {
    expect(await client.errcode(path, { attendees: [{ userid: 'x' }] })).toBe(40058);
    expect(await client.errcode(path, { schedule_id: id })).toBe(40058);
  });
});

describe('setAttendeeResponse', () => {
  it('shows each answer (0..4) in schedule/get', async () => {
    for (const status of [1, 2, 3, 4, 0] as const) {
      client.emu.setAttendeeResponse(id, 'bob', status);
      expect((await attendeesOf(id))[1]).toEqual({ userid: 'bob', response_status: status });
    }
  });

  it('throws for a non-attendee or an unknown schedule', () => {
    expect(() => client.emu.setAttendeeResponse(id, 'nobody', 2)).toThrow(/not an attendee/);
    expect(() => client.emu.setAttendeeResponse('unknown', 'alice', 2)).toThrow(/not stored/);
  });
});
