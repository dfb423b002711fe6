import { request } from 'undici';
import { DEMO_APP, WeComEmulator, type EmulatorApp, type WeComEmulatorOptions } from '../../src/emulator/wecom-emulator';

const GETTOKEN = '/cgi-bin/gettoken';
const ADD = '/cgi-bin/oa/schedule/add';
const UPDATE = '/cgi-bin/oa/schedule/update';
const GET = '/cgi-bin/oa/schedule/get';
const DEL = '/cgi-bin/oa/schedule/del';

const START = 1_700_000_000;
const END = START + 3600;

// Test-side view of a WeCom JSON answer (loosely typed on purpose: tests poke at any field).
type Answer = { errcode: number; errmsg: string } & Record<string, any>;

interface HttpResult {
  status: number;
  text: string;
}

let emu: WeComEmulator;

async function startEmulator(options?: WeComEmulatorOptions): Promise<WeComEmulator> {
  emu = await WeComEmulator.start(options);
  return emu;
}

afterEach(async () => {
  await emu?.close();
});

async function send(
  path: string,
  options: { method?: 'GET' | 'POST' | 'PUT'; query?: Record<string, string>; body?: unknown; rawBody?: string } = {},
): Promise<HttpResult> {
  const url = new URL(emu.baseUrl + path);
  for (const [key, value] of Object.entries(options.query ?? {})) url.searchParams.set(key, value);
  const body = options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  const response = await request(url, {
    method: options.method ?? (body === undefined ? 'GET' : 'POST'),
    body,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
  });
  return { status: response.statusCode, text: await response.body.text() };
}

async function sendJson(path: string, options: Parameters<typeof send>[1] = {}): Promise<Answer> {
  const { status, text } = await send(path, options);
  expect(status).toBe(200);
  return JSON.parse(text) as Answer;
}

function gettoken(app: EmulatorApp = DEMO_APP): Promise<Answer> {
  return sendJson(GETTOKEN, { query: { corpid: app.corpId, corpsecret: app.corpSecret } });
}

async function tokenFor(app: EmulatorApp = DEMO_APP): Promise<string> {
  const answer = await gettoken(app);
  expect(answer.errcode).toBe(0);
  return answer.access_token as string;
}

function oa(path: string, token: string, body: unknown): Promise<Answer> {
  return sendJson(path, { method: 'POST', query: { access_token: token }, body });
}

function baseSchedule(): Record<string, unknown> {
  return { start_time: START, end_time: END, summary: 'Standup', attendees: [{ userid: 'zhangsan' }] };
}

async function addSchedule(token: string, schedule: Record<string, unknown> = baseSchedule()): Promise<string> {
  const answer = await oa(ADD, token, { schedule });
  expect(answer).toMatchObject({ errcode: 0, errmsg: 'ok' });
  return answer.schedule_id as string;
}

async function getOne(token: string, scheduleId: string): Promise<Answer | undefined> {
  const answer = await oa(GET, token, { schedule_id_list: [scheduleId] });
  expect(answer.errcode).toBe(0);
  return answer.schedule_list[0] as Answer | undefined;
}

async function waitFor(condition: () => boolean, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

const APP_A: EmulatorApp = { corpId: 'corp-1', corpSecret: 'secret-a', agentId: 1000001 };
const APP_B: EmulatorApp = { corpId: 'corp-1', corpSecret: 'secret-b', agentId: 1000002 };
const APP_OTHER_CORP: EmulatorApp = { corpId: 'corp-2', corpSecret: 'secret-c' };

describe('gettoken and access_token checks', () => {
  beforeEach(() => startEmulator({ apps: [APP_A, APP_B, APP_OTHER_CORP] }));

  it('returns the same token while it is valid, with the remaining lifetime', async () => {
    const first = await gettoken(APP_A);
    const second = await gettoken(APP_A);
    expect(first).toMatchObject({ errcode: 0, errmsg: 'ok', expires_in: 7200 });
    expect(first.access_token.length).toBeGreaterThanOrEqual(64);
    expect(second.access_token).toBe(first.access_token);
    expect(second.expires_in).toBeGreaterThan(7190);
    expect(second.expires_in).toBeLessThanOrEqual(7200);
  });

  it('issues different tokens to two apps of one corp, each valid only for its own app', async () => {
    const tokenA = await tokenFor(APP_A);
    const tokenB = await tokenFor(APP_B);
    expect(tokenA).not.toBe(tokenB);
    const scheduleId = await addSchedule(tokenA);
    expect(await getOne(tokenB, scheduleId)).toBeUndefined();
    expect((await oa(DEL, tokenB, { schedule_id: scheduleId })).errcode).toBe(90466);
    expect((await oa(UPDATE, tokenB, { schedule: { ...baseSchedule(), schedule_id: scheduleId } })).errcode).toBe(90466);
    expect((await getOne(tokenA, scheduleId))?.status).toBe(0);
  });

  it('treats another corp’s schedule as unknown (90461)', async () => {
    const scheduleId = await addSchedule(await tokenFor(APP_A));
    const otherCorp = await tokenFor(APP_OTHER_CORP);
    expect((await oa(DEL, otherCorp, { schedule_id: scheduleId })).errcode).toBe(90461);
  });

  it.each([
    ['corpid missing', { corpsecret: 'secret-a' }, 41002],
    ['secret missing', { corpid: 'corp-1' }, 41004],
    ['unknown corpid', { corpid: 'nope', corpsecret: 'secret-a' }, 40013],
    ['wrong secret for the corp', { corpid: 'corp-1', corpsecret: 'secret-c' }, 40001],
  ])('gettoken answers %s with its errcode', async (_name, query, errcode) => {
    const answer = await sendJson(GETTOKEN, { query });
    expect(answer.errcode).toBe(errcode);
    expect(answer.access_token).toBeUndefined();
  });

  it('formats errmsg like WeCom (hint, ip, more-info link)', async () => {
    const answer = await sendJson(GETTOKEN, { query: { corpid: 'nope', corpsecret: 'x' } });
    expect(answer.errmsg).toMatch(
      /^invalid corpid, hint: \[\d{10}_\d+_[0-9a-f]+\], from ip: 127\.0\.0\.1, more info at https:\/\/open\.work\.weixin\.qq\.com\/devtool\/query\?e=40013$/,
    );
  });

  it('answers 41001 without access_token and 40014 for an unknown one', async () => {
    const missing = await sendJson(GET, { method: 'POST', body: { schedule_id_list: ['x'] } });
    expect(missing.errcode).toBe(41001);
    expect((await oa(GET, 'not-a-token', { schedule_id_list: ['x'] })).errcode).toBe(40014);
  });

  it('answers 40014 after revokeTokens, and gettoken then issues a working new token', async () => {
    const old = await tokenFor(APP_A);
    emu.revokeTokens();
    expect((await oa(GET, old, { schedule_id_list: ['x'] })).errcode).toBe(40014);
    const fresh = await gettoken(APP_A);
    expect(fresh.access_token).not.toBe(old);
    expect(fresh.expires_in).toBe(7200);
    expect((await oa(GET, fresh.access_token, { schedule_id_list: ['x'] })).errcode).toBe(0);
  });

  it('answers 42001 after expireTokens, and gettoken then issues a new token', async () => {
    const old = await tokenFor(APP_A);
    emu.expireTokens();
    expect((await oa(GET, old, { schedule_id_list: ['x'] })).errcode).toBe(42001);
    const fresh = await tokenFor(APP_A);
    expect(fresh).not.toBe(old);
    expect((await oa(GET, fresh, { schedule_id_list: ['x'] })).errcode).toBe(0);
  });
});

describe('token lifetime in real time', () => {
  it('expires a token after tokenTtlSeconds (42001) and then issues a new one', async () => {
    await startEmulator({ tokenTtlSeconds: 1 });
    const first = await gettoken();
    expect(first.expires_in).toBe(1);
    await sleep(1100);
    expect((await oa(GET, first.access_token, { schedule_id_list: ['x'] })).errcode).toBe(42001);
    const second = await gettoken();
    expect(second.access_token).not.toBe(first.access_token);
    expect(second.expires_in).toBe(1);
  });
});

describe('schedule add / get', () => {
  let token: string;
  beforeEach(async () => {
    await startEmulator();
    token = await tokenFor();
  });

  it('round-trips every field and fills WeCom defaults', async () => {
    const calId = emu.addCalendar();
    const schedule = {
      cal_id: calId,
      admins: ['lisi'],
      attendees: [{ userid: 'lisi' }, { userid: 'wangwu' }],
      summary: '需求评审',
      description: 'Quarterly review',
      location: 'Room 101',
      start_time: START,
      end_time: END,
      is_whole_day: 0,
      reminders: {
        is_remind: 1,
        remind_time_diffs: [-900, 0],
        is_repeat: 1,
        repeat_type: 1,
        repeat_until: END + 86400 * 30,
        is_custom_repeat: 1,
        repeat_interval: 2,
        repeat_day_of_week: [1, 3],
        timezone: 0,
      },
    };
    const id = await addSchedule(token, schedule);
    expect(id).toMatch(/^[0-9a-f]{32}$/);
    const got = await getOne(token, id);
    expect(got).toEqual({
      schedule_id: id,
      cal_id: calId,
      admins: ['lisi'],
      attendees: [
        { userid: 'lisi', response_status: 0 },
        { userid: 'wangwu', response_status: 0 },
      ],
      summary: '需求评审',
      description: 'Quarterly review',
      location: 'Room 101',
      start_time: START,
      end_time: END,
      is_whole_day: 0,
      status: 0,
      reminders: {
        is_remind: 1,
        remind_before_event_secs: 0,
        remind_time_diffs: [-900, 0],
        is_repeat: 1,
        repeat_type: 1,
        repeat_until: END + 86400 * 30,
        is_custom_repeat: 1,
        repeat_interval: 2,
        repeat_day_of_week: [1, 3],
        repeat_day_of_month: [],
        timezone: 0,
        exclude_time_list: [],
      },
    });
    expect(got).not.toHaveProperty('sequence'); // doc 97724: only get_by_calendar's items carry it
    expect(emu.storedSchedule(id)).toEqual({ ...got, sequence: expect.any(Number) });
    expect(emu.scheduleCount()).toBe(1);
  });

  it('stores a minimal schedule with all keys at their defaults, in the app’s default calendar', async () => {
    const first = await addSchedule(token, { start_time: START, end_time: END });
    const second = await addSchedule(token, { start_time: START, end_time: START });
    const got = await getOne(token, first);
    expect(got).toEqual({
      schedule_id: first,
      cal_id: expect.any(String),
      admins: [],
      attendees: [],
      summary: '',
      description: '',
      location: '',
      start_time: START,
      end_time: END,
      is_whole_day: 0,
      status: 0,
      reminders: {
        is_remind: 0,
        remind_before_event_secs: 0,
        remind_time_diffs: [],
        is_repeat: 0,
        repeat_type: 0,
        repeat_until: 0,
        is_custom_repeat: 0,
        repeat_interval: 0,
        repeat_day_of_week: [],
        repeat_day_of_month: [],
        timezone: 8,
        exclude_time_list: [],
      },
    });
    expect(got?.cal_id.length).toBeGreaterThan(0);
    expect((await getOne(token, second))?.cal_id).toBe(got?.cal_id);
  });

  it('answers 90466 for another app’s calendar', async () => {
    await emu.close();
    await startEmulator({ apps: [APP_A, APP_B] });
    const calOfB = emu.addCalendar('cal-of-b', APP_B);
    const answer = await oa(ADD, await tokenFor(APP_A), { schedule: { ...baseSchedule(), cal_id: calOfB } });
    expect(answer.errcode).toBe(90466);
    expect(emu.scheduleCount()).toBe(0);
  });

  it('returns schedules in reverse request order (WeCom documents none) and leaves unknown ids out', async () => {
    const a = await addSchedule(token);
    const b = await addSchedule(token);
    const answer = await oa(GET, token, { schedule_id_list: [b, 'unknown-id', a] });
    expect(answer.errcode).toBe(0);
    expect(answer.schedule_list.map((s: Answer) => s.schedule_id)).toEqual([a, b]);
    const again = await oa(GET, token, { schedule_id_list: [a, b] });
    expect(again.schedule_list.map((s: Answer) => s.schedule_id)).toEqual([b, a]);
  });

  it('answers 90462 for an empty or missing id list and 40058 for more than 1000 ids', async () => {
    expect((await oa(GET, token, { schedule_id_list: [] })).errcode).toBe(90462);
    expect((await oa(GET, token, {})).errcode).toBe(90462);
    const ids = Array.from({ length: 1001 }, (_, i) => `id-${i}`);
    expect((await oa(GET, token, { schedule_id_list: ids })).errcode).toBe(40058);
    const okAnswer = await oa(GET, token, { schedule_id_list: ids.slice(0, 1000) });
    expect(okAnswer).toMatchObject({ errcode: 0, schedule_list: [] });
  });

  it('answers 40058 for a non-POST call and for an unparsable body', async () => {
    const viaGet = await sendJson(GET, { method: 'GET', query: { access_token: token } });
    expect(viaGet.errcode).toBe(40058);
    const garbage = await sendJson(ADD, { method: 'POST', query: { access_token: token }, rawBody: '{"schedule":' });
    expect(garbage.errcode).toBe(40058);
    expect(emu.scheduleCount()).toBe(0);
  });

  it('answers 301002 when agentid is not the token’s app', async () => {
    expect((await oa(ADD, token, { schedule: baseSchedule(), agentid: 42 })).errcode).toBe(301002);
    expect((await oa(ADD, token, { schedule: baseSchedule(), agentid: DEMO_APP.agentId })).errcode).toBe(0);
  });

  it('answers HTTP 404 for unknown paths', async () => {
    const result = await send('/cgi-bin/nope', { method: 'POST', body: {} });
    expect(result.status).toBe(404);
  });
});

describe('schedule update (full replacement) and del', () => {
  let token: string;
  let id: string;
  beforeEach(async () => {
    await startEmulator();
    token = await tokenFor();
    id = await addSchedule(token, {
      admins: ['zhangsan'],
      attendees: [{ userid: 'zhangsan' }, { userid: 'lisi' }],
      summary: 'Standup',
      description: 'Daily',
      location: 'Room 1',
      start_time: START,
      end_time: END,
      is_whole_day: 1,
      reminders: { is_remind: 1, remind_time_diffs: [32400], timezone: 9 },
    });
  });

  it('clears every field that is not sent and replaces attendees', async () => {
    const answer = await oa(UPDATE, token, {
      schedule: { schedule_id: id, start_time: START + 60, end_time: END + 60, attendees: [{ userid: 'lisi' }, { userid: 'new' }] },
    });
    expect(answer).toMatchObject({ errcode: 0, schedule_id: id });
    const got = await getOne(token, id);
    expect(got).toMatchObject({
      summary: '',
      description: '',
      location: '',
      admins: [],
      is_whole_day: 0,
      start_time: START + 60,
      end_time: END + 60,
      status: 0,
      attendees: [
        { userid: 'lisi', response_status: 0 },
        { userid: 'new', response_status: 0 },
      ],
    });
    expect(got?.reminders).toMatchObject({ is_remind: 0, remind_time_diffs: [], timezone: 8 });
    expect(got?.cal_id).toBe(emu.storedSchedule(id)?.cal_id);
  });

  it('keeps stored attendees with skip_attendees=1, even when attendees are sent', async () => {
    const answer = await oa(UPDATE, token, {
      skip_attendees: 1,
      schedule: { schedule_id: id, start_time: START, end_time: END, summary: 'Renamed', attendees: [{ userid: 'x' }] },
    });
    expect(answer.errcode).toBe(0);
    const got = await getOne(token, id);
    expect(got?.summary).toBe('Renamed');
    expect(got?.attendees.map((a: Answer) => a.userid)).toEqual(['zhangsan', 'lisi']);
  });

  it('keeps cal_id when omitted and rejects a different one with 40058', async () => {
    const calId = emu.storedSchedule(id)?.cal_id;
    const other = emu.addCalendar();
    const changed = await oa(UPDATE, token, { schedule: { ...baseSchedule(), schedule_id: id, cal_id: other } });
    expect(changed.errcode).toBe(40058);
    const same = await oa(UPDATE, token, { schedule: { ...baseSchedule(), schedule_id: id, cal_id: calId } });
    expect(same.errcode).toBe(0);
    expect(emu.storedSchedule(id)?.cal_id).toBe(calId);
  });

  it('answers 90461 for an unknown id and 90485 for op_mode 1/2', async () => {
    expect((await oa(UPDATE, token, { schedule: { ...baseSchedule(), schedule_id: 'nope' } })).errcode).toBe(90461);
    const single = await oa(UPDATE, token, { op_mode: 1, op_start_time: START, schedule: { ...baseSchedule(), schedule_id: id } });
    expect(single.errcode).toBe(90485);
    expect(emu.storedSchedule(id)?.summary).toBe('Standup');
  });

  it('del cancels (status 1, still readable); del or update again answers 90460', async () => {
    expect((await oa(DEL, token, { schedule_id: id })).errcode).toBe(0);
    expect((await getOne(token, id))?.status).toBe(1);
    expect(emu.storedSchedule(id)?.status).toBe(1);
    expect(emu.scheduleCount()).toBe(1);
    expect((await oa(DEL, token, { schedule_id: id })).errcode).toBe(90460);
    expect((await oa(UPDATE, token, { schedule: { ...baseSchedule(), schedule_id: id } })).errcode).toBe(90460);
  });

  it('del answers 90461 for an unknown id', async () => {
    expect((await oa(DEL, token, { schedule_id: 'unknown' })).errcode).toBe(90461);
  });
});

const cjk = (n: number) => '日'.repeat(n);
const attendees = (n: number) => Array.from({ length: n }, (_, i) => ({ userid: `user${i}` }));

// An errcode, or one per path where add and update differ.
const REJECTED: Array<[string, Record<string, unknown>, number | Record<string, number>]> = [
  ['summary of 129 chars', { summary: cjk(129) }, 40058],
  ['description of 1001 chars', { description: 'd'.repeat(1001) }, 40058],
  ['location of 129 chars', { location: 'l'.repeat(129) }, 40058],
  ['4 admins', { admins: ['a', 'b', 'c', 'd'] }, 40058],
  ['1001 attendees', { attendees: attendees(1001) }, 90464],
  ['a 65-byte userid', { attendees: [{ userid: 'u'.repeat(65) }] }, 40003],
  ['an empty userid', { attendees: [{ userid: '' }] }, 40003],
  ['a 22-CJK-char (66-byte) userid', { attendees: [{ userid: cjk(22) }] }, 40003],
  ['remind_time_diffs -600', { reminders: { remind_time_diffs: [-600] } }, 90471],
  ['a whole-day-only reminder on a timed event', { reminders: { remind_time_diffs: [32400] } }, 90471],
  ['remind_before_event_secs 600', { reminders: { remind_before_event_secs: 600 } }, 90471],
  ['repeat_type 3', { reminders: { is_repeat: 1, repeat_type: 3 } }, 90465],
  ['repeat_day_of_week 8', { reminders: { repeat_day_of_week: [1, 8] } }, 90467],
  ['repeat_day_of_week 0', { reminders: { repeat_day_of_week: [0] } }, 90467],
  ['repeat_day_of_month 32', { reminders: { repeat_day_of_month: [32] } }, 90487],
  ['timezone 13', { reminders: { timezone: 13 } }, 90480],
  ['timezone -13', { reminders: { timezone: -13 } }, 90480],
  ['is_custom_repeat without repeat_interval', { reminders: { is_repeat: 1, is_custom_repeat: 1 } }, 90486],
  ['missing start_time', { start_time: undefined }, 40058],
  ['missing end_time', { end_time: undefined }, 40058],
  ['end_time before start_time', { end_time: START - 1 }, 40058],
  // update cannot change cal_id at all, so any other cal_id is 40058 there.
  ['an unknown cal_id', { cal_id: 'wcUnknownCalendar' }, { [ADD]: 90457, [UPDATE]: 40058 }],
  ['a 65-byte cal_id', { cal_id: 'c'.repeat(65) }, 90457],
];

const ACCEPTED: Array<[string, Record<string, unknown>]> = [
  ['summary of 128 CJK chars', { summary: cjk(128) }],
  ['description of 1000 chars', { description: 'd'.repeat(1000) }],
  ['location of 128 chars', { location: 'l'.repeat(128) }],
  ['3 admins', { admins: ['a', 'b', 'c'] }],
  ['1000 attendees', { attendees: attendees(1000) }],
  ['a 64-byte userid', { attendees: [{ userid: 'u'.repeat(64) }] }],
  ['whole-day reminders on a whole-day event', { is_whole_day: 1, reminders: { remind_time_diffs: [32400, -172800, -604800] } }],
  ['every documented reminder offset', { reminders: { remind_time_diffs: [0, -300, -900, -3600, -86400], remind_before_event_secs: 86400 } }],
  ['repeat_type 7 (workdays)', { reminders: { is_repeat: 1, repeat_type: 7 } }],
  ['repeat_type 5 (yearly)', { reminders: { is_repeat: 1, repeat_type: 5 } }],
  ['timezone -12 and day-of-month 31', { reminders: { timezone: -12, repeat_day_of_month: [1, 31] } }],
  ['custom repeat with an interval', { reminders: { is_repeat: 1, is_custom_repeat: 1, repeat_interval: 1, repeat_day_of_week: [7] } }],
  ['end_time equal to start_time', { end_time: START }],
];

describe.each([ADD, UPDATE])('input limits on %s', (path) => {
  let token: string;
  let existingId: string;
  beforeEach(async () => {
    await startEmulator();
    token = await tokenFor();
    existingId = await addSchedule(token);
  });

  function bodyWith(overrides: Record<string, unknown>): Record<string, unknown> {
    const schedule = { ...baseSchedule(), ...overrides };
    return path === ADD ? { schedule } : { schedule: { ...schedule, schedule_id: existingId } };
  }

  it.each(REJECTED)('rejects %s', async (_name, overrides, errcode) => {
    const before = emu.storedSchedule(existingId);
    const answer = await oa(path, token, bodyWith(overrides));
    expect(answer.errcode).toBe(typeof errcode === 'number' ? errcode : errcode[path]);
    expect(emu.scheduleCount()).toBe(1);
    expect(emu.storedSchedule(existingId)).toEqual(before);
  });

  it.each(ACCEPTED)('accepts %s', async (_name, overrides) => {
    const answer = await oa(path, token, bodyWith(overrides));
    expect(answer.errcode).toBe(0);
    const stored = emu.storedSchedule(answer.schedule_id as string);
    expect(stored).toBeDefined();
    if (overrides.summary !== undefined) expect(stored?.summary).toBe(overrides.summary);
    if (overrides.reminders !== undefined) expect(stored?.reminders).toMatchObject(overrides.reminders as object);
  });
});

describe('test controls', () => {
  let token: string;
  beforeEach(async () => {
    await startEmulator();
    token = await tokenFor();
    emu.resetCalls();
  });

  it('failNext answers the injected errcode without processing, before the token check', async () => {
    emu.failNext(ADD, -1, 2);
    const first = await oa(ADD, token, { schedule: baseSchedule() });
    expect(first.errcode).toBe(-1);
    expect(first.errmsg).toContain('more info at https://open.work.weixin.qq.com/devtool/query?e=-1');
    const second = await sendJson(ADD, { method: 'POST', body: { schedule: baseSchedule() } });
    expect(second.errcode).toBe(-1);
    expect(emu.scheduleCount()).toBe(0);
    expect((await oa(GET, token, { schedule_id_list: ['x'] })).errcode).toBe(0);
    expect((await oa(ADD, token, { schedule: baseSchedule() })).errcode).toBe(0);
    expect(emu.scheduleCount()).toBe(1);
  });

  it('failNextHttp answers that HTTP status with a non-JSON body, once', async () => {
    emu.failNextHttp(GETTOKEN, 502);
    const failed = await send(GETTOKEN, { query: { corpid: DEMO_APP.corpId, corpsecret: DEMO_APP.corpSecret } });
    expect(failed.status).toBe(502);
    expect(() => JSON.parse(failed.text)).toThrow();
    expect((await gettoken()).access_token).toBe(token);
    expect(emu.callCount(GETTOKEN)).toBe(2);
  });

  it('setLatency delays one path (or all) and 0 resets', async () => {
    emu.setLatency(300, ADD);
    let began = Date.now();
    expect((await oa(ADD, token, { schedule: baseSchedule() })).errcode).toBe(0);
    expect(Date.now() - began).toBeGreaterThanOrEqual(290);
    began = Date.now();
    await gettoken();
    expect(Date.now() - began).toBeLessThan(250);

    emu.setLatency(0);
    emu.setLatency(300);
    began = Date.now();
    await gettoken();
    expect(Date.now() - began).toBeGreaterThanOrEqual(290);

    emu.setLatency(0);
    began = Date.now();
    await oa(ADD, token, { schedule: baseSchedule() });
    expect(Date.now() - began).toBeLessThan(250);
  });

  it('hang holds matching requests (still counted) until release, which processes them', async () => {
    emu.hang(ADD);
    let settled = false;
    const pending = oa(ADD, token, { schedule: baseSchedule() }).finally(() => {
      settled = true;
    });
    await waitFor(() => emu.callCount(ADD) === 1);
    expect(emu.calls(ADD)[0].body).toEqual({ schedule: baseSchedule() });
    expect((await oa(GET, token, { schedule_id_list: ['x'] })).errcode).toBe(0);
    await sleep(100);
    expect(settled).toBe(false);
    expect(emu.scheduleCount()).toBe(0);

    emu.release();
    const answer = await pending;
    expect(answer.errcode).toBe(0);
    expect(emu.storedSchedule(answer.schedule_id as string)?.summary).toBe('Standup');
  });

  it('close() resolves promptly and drops a hung request', async () => {
    emu.hang();
    const pending = send(GETTOKEN, { query: { corpid: DEMO_APP.corpId, corpsecret: DEMO_APP.corpSecret } });
    const outcome = pending.then(
      () => 'answered',
      () => 'socket closed',
    );
    await waitFor(() => emu.callCount(GETTOKEN) === 1);
    const began = Date.now();
    await emu.close();
    expect(Date.now() - began).toBeLessThan(1000);
    expect(await outcome).toBe('socket closed');
  });

  it('close() also drops a request waiting out its latency', async () => {
    emu.setLatency(5000);
    const outcome = send(GETTOKEN, { query: { corpid: DEMO_APP.corpId, corpsecret: DEMO_APP.corpSecret } }).then(
      () => 'answered',
      () => 'socket closed',
    );
    await waitFor(() => emu.callCount(GETTOKEN) === 1);
    const began = Date.now();
    await emu.close();
    expect(Date.now() - began).toBeLessThan(1000);
    expect(await outcome).toBe('socket closed');
  });

  it('records calls in order with query, method and deep-copied bodies; resetCalls clears them', async () => {
    await oa(GET, token, { schedule_id_list: ['a'] });
    await sendJson(ADD, { method: 'POST', query: { access_token: token }, rawBody: 'not json' });
    await send('/cgi-bin/unknown');

    const all = emu.calls();
    expect(all.map((c) => c.path)).toEqual([GET, ADD, '/cgi-bin/unknown']);
    expect(all[0]).toEqual({ path: GET, method: 'POST', query: { access_token: token }, body: { schedule_id_list: ['a'] } });
    expect(all[1].body).toBe('not json');
    expect(emu.callCount('/cgi-bin/unknown')).toBe(1);

    (emu.calls(GET)[0].body as { schedule_id_list: string[] }).schedule_id_list.push('mutated');
    expect(emu.calls(GET)[0].body).toEqual({ schedule_id_list: ['a'] });

    emu.resetCalls();
    expect(emu.calls()).toEqual([]);
    expect(emu.callCount(GET)).toBe(0);
  });
});
