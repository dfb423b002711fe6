import { request } from 'undici';
import { DEMO_APP, WeComEmulator, type EmulatorApp, type WeComEmulatorOptions } from '../../src/emulator/wecom-emulator';

/** Shared real-HTTP helpers for the emulator suites split by concern (calendars, paging, attendees, scopes). */

export const PATHS = Object.freeze({
  gettoken: '/cgi-bin/gettoken',
  calendarAdd: '/cgi-bin/oa/calendar/add',
  calendarUpdate: '/cgi-bin/oa/calendar/update',
  calendarGet: '/cgi-bin/oa/calendar/get',
  calendarDel: '/cgi-bin/oa/calendar/del',
  add: '/cgi-bin/oa/schedule/add',
  update: '/cgi-bin/oa/schedule/update',
  get: '/cgi-bin/oa/schedule/get',
  getByCalendar: '/cgi-bin/oa/schedule/get_by_calendar',
  del: '/cgi-bin/oa/schedule/del',
  addAttendees: '/cgi-bin/oa/schedule/add_attendees',
  delAttendees: '/cgi-bin/oa/schedule/del_attendees',
});

// Test-side view of a WeCom JSON answer (loosely typed on purpose: tests poke at any field).
export type Answer = { errcode: number; errmsg: string } & Record<string, any>;

export const APP_A: EmulatorApp = { corpId: 'corp-1', corpSecret: 'secret-a', agentId: 1000001 };
export const APP_B: EmulatorApp = { corpId: 'corp-1', corpSecret: 'secret-b', agentId: 1000002 };

/** An emulator plus a token of one of its apps, talking real HTTP. */
export class EmulatorClient {
  private constructor(
    readonly emu: WeComEmulator,
    readonly token: string,
  ) {}

  static async start(options?: WeComEmulatorOptions, app: EmulatorApp = options?.apps?.[0] ?? DEMO_APP): Promise<EmulatorClient> {
    const emu = await WeComEmulator.start(options);
    return new EmulatorClient(emu, await tokenOf(emu, app));
  }

  /** Another app's view of the same emulator. */
  async as(app: EmulatorApp): Promise<EmulatorClient> {
    return new EmulatorClient(this.emu, await tokenOf(this.emu, app));
  }

  async call(path: string, body: unknown): Promise<Answer> {
    const url = new URL(this.emu.baseUrl + path);
    url.searchParams.set('access_token', this.token);
    const response = await request(url, {
      method: 'POST',
      body: JSON.stringify(body),
      headers: { 'content-type': 'application/json' },
    });
    expect(response.statusCode).toBe(200);
    return (await response.body.json()) as Answer;
  }

  /** Calls and expects errcode 0. */
  async ok(path: string, body: unknown): Promise<Answer> {
    const answer = await this.call(path, body);
    expect(answer).toMatchObject({ errcode: 0, errmsg: 'ok' });
    return answer;
  }

  async errcode(path: string, body: unknown): Promise<number> {
    return (await this.call(path, body)).errcode;
  }

  async addSchedule(schedule: Record<string, unknown>): Promise<string> {
    return (await this.ok(PATHS.add, { schedule })).schedule_id as string;
  }

  async getSchedule(scheduleId: string): Promise<Answer | undefined> {
    const answer = await this.ok(PATHS.get, { schedule_id_list: [scheduleId] });
    return answer.schedule_list[0] as Answer | undefined;
  }

  async getCalendar(calId: string): Promise<Answer | undefined> {
    const answer = await this.ok(PATHS.calendarGet, { cal_id_list: [calId] });
    return answer.calendar_list[0] as Answer | undefined;
  }

  close(): Promise<void> {
    return this.emu.close();
  }
}

async function tokenOf(emu: WeComEmulator, app: EmulatorApp): Promise<string> {
  const url = new URL(emu.baseUrl + PATHS.gettoken);
  url.searchParams.set('corpid', app.corpId);
  url.searchParams.set('corpsecret', app.corpSecret);
  const answer = (await (await request(url)).body.json()) as Answer;
  expect(answer.errcode).toBe(0);
  return answer.access_token as string;
}
