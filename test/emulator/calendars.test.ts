import { APP_A, APP_B, EmulatorClient, PATHS } from './emulator-client';

const START = 1_700_000_000;
const cjk = (n: number) => '日'.repeat(n);
const users = (n: number) => Array.from({ length: n }, (_, i) => `user${i}`);

function fullCalendar(): Record<string, unknown> {
  return {
    admins: ['alice'],
    summary: 'Team calendar',
    color: '#FF3030',
    description: 'Everything the team does',
    is_public: 1,
    public_range: { userids: ['dave'], partyids: [1, 2] },
    shares: [{ userid: 'alice', permission: 1 }, { userid: 'bob', permission: 3 }, { userid: 'carol' }],
  };
}

let client: EmulatorClient;
afterEach(() => client?.close());

async function addCalendar(calendar: Record<string, unknown> = fullCalendar()): Promise<string> {
  return (await client.ok(PATHS.calendarAdd, { calendar })).cal_id as string;
}

describe('calendar/add and calendar/get', () => {
  beforeEach(async () => {
    client = await EmulatorClient.start();
  });

  it('creates a calendar and returns it with the doc example’s `adminis` key by default', async () => {
    const answer = await client.ok(PATHS.calendarAdd, { calendar: fullCalendar() });
    expect(answer.cal_id).toMatch(/^wc[A-Za-z0-9_-]{30}$/);
    expect(answer.fail_result).toBeUndefined();
    expect(await client.getCalendar(answer.cal_id)).toEqual({
      cal_id: answer.cal_id,
      adminis: ['alice'],
      summary: 'Team calendar',
      color: '#FF3030',
      description: 'Everything the team does',
      shares: [
        { userid: 'alice', permission: 1 },
        { userid: 'bob', permission: 3 },
        { userid: 'carol', permission: 1 },
      ],
      is_public: 1,
      public_range: { userids: ['dave'], partyids: [1, 2] },
      is_corp_calendar: 0,
    });
    expect(client.emu.storedCalendar(answer.cal_id)?.admins).toEqual(['alice']);
  });

  it('sends `admins` instead with calendarAdminsKey: "admins"', async () => {
    await client.close();
    client = await EmulatorClient.start({ calendarAdminsKey: 'admins' });
    const calendar = await client.getCalendar(await addCalendar());
    expect(calendar?.admins).toEqual(['alice']);
    expect(calendar).not.toHaveProperty('adminis');
  });

  it('fills defaults for a minimal calendar', async () => {
    const calId = await addCalendar({ summary: 'Minimal', color: '#000000' });
    expect(await client.getCalendar(calId)).toEqual({
      cal_id: calId,
      adminis: [],
      summary: 'Minimal',
      color: '#000000',
      description: '',
      shares: [],
      is_public: 0,
      public_range: { userids: [], partyids: [] },
      is_corp_calendar: 0,
    });
  });

  it('stores a corp calendar (public, needs public_range) without a color', async () => {
    const calId = await addCalendar({ summary: 'Corp', is_corp_calendar: 1, public_range: { partyids: [1] } });
    expect(await client.getCalendar(calId)).toMatchObject({ is_corp_calendar: 1, is_public: 1, color: '' });
  });

  it('reports unknown share members in fail_result with errcode 0 and leaves them out', async () => {
    client.emu.markUnknownUsers(['ghost', 'phantom']);
    const answer = await client.ok(PATHS.calendarAdd, {
      calendar: { summary: 'S', color: '#123456', shares: [{ userid: 'ghost' }, { userid: 'alice' }, { userid: 'phantom' }] },
    });
    expect(answer.cal_id).toEqual(expect.any(String));
    expect(answer.fail_result).toEqual({
      shares: [
        { errcode: 60111, errmsg: 'userid not found', userid: 'ghost' },
        { errcode: 60111, errmsg: 'userid not found', userid: 'phantom' },
      ],
    });
    expect((await client.getCalendar(answer.cal_id))?.shares).toEqual([{ userid: 'alice', permission: 1 }]);
  });

  it('set_as_default=1 makes it the calendar of schedules sent without cal_id', async () => {
    const calId = await addCalendar({ summary: 'Default', color: '#00FF00', set_as_default: 1 });
    const scheduleId = await client.addSchedule({ start_time: START, end_time: START + 60 });
    expect((await client.getSchedule(scheduleId))?.cal_id).toBe(calId);
  });

  it('keeps the addCalendar() control working: a minimal calendar visible to its app', async () => {
    const calId = client.emu.addCalendar('cal-control');
    expect(await client.getCalendar(calId)).toMatchObject({ cal_id: 'cal-control', summary: '', shares: [] });
  });

  it.each([
    ['summary missing', { summary: undefined }, 40058],
    ['an empty summary', { summary: '' }, 40058],
    ['a 129-char summary', { summary: cjk(129) }, 40058],
    ['color missing', { color: undefined }, 40058],
    ['color "red"', { color: 'red' }, 90473],
    ['color "#12345"', { color: '#12345' }, 90473],
    ['color "#GGGGGG"', { color: '#GGGGGG' }, 90473],
    ['a 513-char description', { description: 'd'.repeat(513) }, 40058],
    ['4 admins (all share members)', { admins: ['alice', 'bob', 'carol', 'dave'], shares: ['alice', 'bob', 'carol', 'dave'].map((userid) => ({ userid })) }, 40058],
    ['an admin who is not a share member', { admins: ['zed'] }, 90492],
    ['2001 shares', { admins: [], shares: users(2001).map((userid) => ({ userid })) }, 40058],
    ['permission 2', { shares: [{ userid: 'alice', permission: 2 }] }, 40058],
    ['1001 public userids', { public_range: { userids: users(1001) } }, 40058],
    ['101 public partyids', { public_range: { partyids: Array.from({ length: 101 }, (_, i) => i) } }, 40058],
    ['a corp calendar without public_range', { is_corp_calendar: 1, public_range: undefined }, 90483],
  ])('rejects %s', async (_name, overrides, errcode) => {
    expect(await client.errcode(PATHS.calendarAdd, { calendar: { ...fullCalendar(), ...overrides } })).toBe(errcode);
  });

  it.each([
    ['a 128-CJK-char summary', { summary: cjk(128) }],
    ['a lower-case color', { color: '#abcdef' }],
    ['a 512-char description', { description: 'd'.repeat(512) }],
    ['3 admins among shares', { admins: ['alice', 'bob', 'carol'] }],
    ['2000 shares', { admins: [], shares: users(2000).map((userid) => ({ userid, permission: 3 })) }],
    ['1000 public userids and 100 partyids', { public_range: { userids: users(1000), partyids: Array.from({ length: 100 }, (_, i) => i) } }],
  ])('accepts %s', async (_name, overrides) => {
    expect(await client.errcode(PATHS.calendarAdd, { calendar: { ...fullCalendar(), ...overrides } })).toBe(0);
  });

  it('get answers 90458 for an empty or missing list and 40058 for more than 1000 ids', async () => {
    expect(await client.errcode(PATHS.calendarGet, { cal_id_list: [] })).toBe(90458);
    expect(await client.errcode(PATHS.calendarGet, {})).toBe(90458);
    const ids = Array.from({ length: 1001 }, (_, i) => `wc${i}`);
    expect(await client.errcode(PATHS.calendarGet, { cal_id_list: ids })).toBe(40058);
    expect((await client.ok(PATHS.calendarGet, { cal_id_list: ids.slice(0, 1000) })).calendar_list).toEqual([]);
  });

  it('get answers in reverse request order (WeCom documents none) and leaves unknown and other apps’ calendars out', async () => {
    await client.close();
    client = await EmulatorClient.start({ apps: [APP_A, APP_B] });
    const first = await addCalendar();
    const second = await addCalendar();
    const ofB = await (await client.as(APP_B)).ok(PATHS.calendarAdd, { calendar: fullCalendar() });
    const answer = await client.ok(PATHS.calendarGet, { cal_id_list: [second, 'wcUnknown', ofB.cal_id, first] });
    expect(answer.calendar_list.map((calendar: { cal_id: string }) => calendar.cal_id)).toEqual([first, second]);
  });
});

describe('calendar/update (full replacement)', () => {
  let calId: string;
  beforeEach(async () => {
    client = await EmulatorClient.start({ apps: [APP_A, APP_B] });
    calId = await addCalendar();
  });

  it('clears admins, description, shares and public_range that are not sent; is_public stays', async () => {
    const answer = await client.ok(PATHS.calendarUpdate, { calendar: { cal_id: calId, summary: 'Renamed', color: '#000000' } });
    expect(answer.fail_result).toBeUndefined();
    expect(await client.getCalendar(calId)).toEqual({
      cal_id: calId,
      adminis: [],
      summary: 'Renamed',
      color: '#000000',
      description: '',
      shares: [],
      is_public: 1,
      public_range: { userids: [], partyids: [] },
      is_corp_calendar: 0,
    });
  });

  it('replaces shares and public_range with what is sent', async () => {
    await client.ok(PATHS.calendarUpdate, {
      calendar: { cal_id: calId, summary: 'S', color: '#111111', shares: [{ userid: 'erin', permission: 3 }], admins: ['erin'], public_range: { userids: ['frank'] } },
    });
    expect(await client.getCalendar(calId)).toMatchObject({
      adminis: ['erin'],
      shares: [{ userid: 'erin', permission: 3 }],
      public_range: { userids: ['frank'], partyids: [] },
    });
  });

  it('keeps public_range with skip_public_range=1, even when one is sent', async () => {
    await client.ok(PATHS.calendarUpdate, { skip_public_range: 1, calendar: { cal_id: calId, summary: 'S', color: '#111111' } });
    expect((await client.getCalendar(calId))?.public_range).toEqual({ userids: ['dave'], partyids: [1, 2] });
    await client.ok(PATHS.calendarUpdate, {
      skip_public_range: 1,
      calendar: { cal_id: calId, summary: 'S', color: '#111111', public_range: { userids: ['zed'] } },
    });
    expect((await client.getCalendar(calId))?.public_range).toEqual({ userids: ['dave'], partyids: [1, 2] });
  });

  it('reports unknown share members in fail_result with errcode 0', async () => {
    client.emu.markUnknownUsers(['ghost']);
    const answer = await client.ok(PATHS.calendarUpdate, {
      calendar: { cal_id: calId, summary: 'S', color: '#111111', shares: [{ userid: 'ghost' }, { userid: 'bob' }] },
    });
    expect(answer.fail_result).toEqual({ shares: [{ errcode: 60111, errmsg: 'userid not found', userid: 'ghost' }] });
    expect((await client.getCalendar(calId))?.shares).toEqual([{ userid: 'bob', permission: 1 }]);
  });

  it('rejects a change of is_public or is_corp_calendar (40058), accepts the same values', async () => {
    const base = { cal_id: calId, summary: 'S', color: '#111111' };
    expect(await client.errcode(PATHS.calendarUpdate, { calendar: { ...base, is_public: 0 } })).toBe(40058);
    expect(await client.errcode(PATHS.calendarUpdate, { calendar: { ...base, is_corp_calendar: 1, public_range: { userids: ['x'] } } })).toBe(40058);
    expect(await client.errcode(PATHS.calendarUpdate, { calendar: { ...base, is_public: 1, is_corp_calendar: 0 } })).toBe(0);
    expect((await client.getCalendar(calId))?.summary).toBe('S');
  });

  it('a corp calendar still needs public_range unless skip_public_range=1 (90483)', async () => {
    const corp = await addCalendar({ summary: 'Corp', is_corp_calendar: 1, public_range: { partyids: [1] } });
    expect(await client.errcode(PATHS.calendarUpdate, { calendar: { cal_id: corp, summary: 'Corp 2' } })).toBe(90483);
    expect(await client.errcode(PATHS.calendarUpdate, { skip_public_range: 1, calendar: { cal_id: corp, summary: 'Corp 2' } })).toBe(0);
  });

  it('validates like add (90473, 90492, 40058)', async () => {
    const base = { cal_id: calId, summary: 'S', color: '#111111' };
    expect(await client.errcode(PATHS.calendarUpdate, { calendar: { ...base, color: 'blue' } })).toBe(90473);
    expect(await client.errcode(PATHS.calendarUpdate, { calendar: { ...base, admins: ['alice'] } })).toBe(90492);
    expect(await client.errcode(PATHS.calendarUpdate, { calendar: { ...base, summary: cjk(129) } })).toBe(40058);
    expect((await client.getCalendar(calId))?.summary).toBe('Team calendar');
  });

  it('answers 90457 for an unknown cal_id, 90466 for another app’s, 90459 for a deleted one', async () => {
    const body = (id: string) => ({ calendar: { cal_id: id, summary: 'S', color: '#111111' } });
    expect(await client.errcode(PATHS.calendarUpdate, body('wcUnknown'))).toBe(90457);
    expect(await (await client.as(APP_B)).errcode(PATHS.calendarUpdate, body(calId))).toBe(90466);
    await client.ok(PATHS.calendarDel, { cal_id: calId });
    expect(await client.errcode(PATHS.calendarUpdate, body(calId))).toBe(90459);
  });
});

describe('calendar/del', () => {
  let calId: string;
  beforeEach(async () => {
    client = await EmulatorClient.start({ apps: [APP_A, APP_B] });
    calId = await addCalendar();
  });

  it('removes the calendar from get; a second del answers 90459', async () => {
    await client.ok(PATHS.calendarDel, { cal_id: calId });
    expect(await client.getCalendar(calId)).toBeUndefined();
    expect(client.emu.storedCalendar(calId)).toBeUndefined();
    expect(await client.errcode(PATHS.calendarDel, { cal_id: calId })).toBe(90459);
  });

  it('answers 90457 for an unknown cal_id and 90466 for another app’s calendar', async () => {
    expect(await client.errcode(PATHS.calendarDel, { cal_id: 'wcUnknown' })).toBe(90457);
    expect(await (await client.as(APP_B)).errcode(PATHS.calendarDel, { cal_id: calId })).toBe(90466);
    expect(await client.getCalendar(calId)).toBeDefined();
  });

  it('refuses new schedules (90459) but keeps existing ones readable', async () => {
    const scheduleId = await client.addSchedule({ cal_id: calId, start_time: START, end_time: START + 60 });
    await client.ok(PATHS.calendarDel, { cal_id: calId });
    expect(await client.errcode(PATHS.add, { schedule: { cal_id: calId, start_time: START, end_time: START + 60 } })).toBe(90459);
    expect((await client.getSchedule(scheduleId))?.cal_id).toBe(calId);
  });

  it('schedule/add into another app’s calendar answers 90466', async () => {
    const other = await client.as(APP_B);
    expect(await other.errcode(PATHS.add, { schedule: { cal_id: calId, start_time: START, end_time: START } })).toBe(90466);
  });
});
