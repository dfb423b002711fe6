import { DEMO_APP, type EmulatorApp } from './app-identity';

/** What demo mode creates at start, so the explorer's sample query has something to show. */
export interface DemoData {
  calendarId: string;
  scheduleId: string;
}

export const DEMO_CALENDAR_SUMMARY = 'Demo calendar';
export const DEMO_SCHEDULE_SUMMARY = 'Demo: project kick-off';

/**
 * Creates a demo calendar and one schedule in it (tomorrow, one hour, two attendees) the way a WeCom app
 * would: over the emulator's HTTP API (gettoken, calendar/add, schedule/add), so they are ordinary data.
 */
export async function seedDemoData(baseUrl: string, app: EmulatorApp = DEMO_APP, now = Date.now()): Promise<DemoData> {
  const query = new URLSearchParams({ corpid: app.corpId, corpsecret: app.corpSecret });
  const { access_token: token } = await call(`${baseUrl}/cgi-bin/gettoken?${query}`);
  const post = (path: string, body: object) => call(`${baseUrl}/cgi-bin/oa/${path}?access_token=${token}`, body);
  const { cal_id: calendarId } = await post('calendar/add', {
    calendar: { summary: DEMO_CALENDAR_SUMMARY, color: '#3F51B5', description: 'Created by demo mode at start' },
  });
  const start = Math.ceil(now / 3_600_000) * 3_600 + 24 * 3_600; // a full hour, tomorrow
  const { schedule_id: scheduleId } = await post('schedule/add', {
    schedule: {
      cal_id: calendarId,
      summary: DEMO_SCHEDULE_SUMMARY,
      description: 'Created by demo mode at start',
      location: 'Meeting room 1',
      start_time: start,
      end_time: start + 3_600,
      attendees: [{ userid: 'zhangsan' }, { userid: 'lisi' }],
    },
  });
  return { calendarId, scheduleId };
}

async function call(url: string, body?: object): Promise<Record<string, string>> {
  const response = await fetch(url, body ? { method: 'POST', body: JSON.stringify(body) } : undefined);
  const answer = (await response.json()) as { errcode?: number; errmsg?: string } & Record<string, string>;
  if (!response.ok || answer.errcode !== 0) {
    throw new Error(`Seeding demo data failed at ${new URL(url).pathname}: ${answer.errcode} ${answer.errmsg}`);
  }
  return answer;
}
