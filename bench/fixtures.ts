import { DEMO_APP } from '../src/emulator/app-identity';

/** What every scenario needs: the seeded schedule ids and the token the direct target uses. */
export interface Fixtures {
  ids: string[];
  token: string;
}

const START = Date.parse('2026-12-01T10:00:00+08:00') / 1000;

/** One schedule as the benchmark writes it, GraphQL side (create input) ... */
export function scheduleInput(summary: string) {
  return {
    summary,
    description: 'Quarterly planning with the platform team',
    location: 'Room 301',
    startTime: new Date(START * 1000).toISOString(),
    endTime: new Date((START + 3600) * 1000).toISOString(),
    admins: ['alice'],
    attendees: [{ userId: 'alice' }, { userId: 'bob' }, { userId: 'carol' }],
    reminders: { remindTimeDiffs: [-900] },
  };
}

/** ... and WeCom side (the `schedule` of schedule/add; with schedule_id, a full schedule/update). */
export function wireSchedule(summary: string, scheduleId?: string) {
  return {
    ...(scheduleId ? { schedule_id: scheduleId } : {}),
    summary,
    description: 'Quarterly planning with the platform team',
    location: 'Room 301',
    start_time: START,
    end_time: START + 3600,
    is_whole_day: 0,
    admins: ['alice'],
    ...(scheduleId ? {} : { attendees: [{ userid: 'alice' }, { userid: 'bob' }, { userid: 'carol' }] }),
    reminders: { is_remind: 1, remind_time_diffs: [-900] },
  };
}

/** gettoken, once, for the direct target (and the seeding). */
export async function fetchToken(baseUrl: string): Promise<string> {
  const query = new URLSearchParams({ corpid: DEMO_APP.corpId, corpsecret: DEMO_APP.corpSecret });
  const answer = (await (await fetch(`${baseUrl}/cgi-bin/gettoken?${query}`)).json()) as { errcode: number; access_token?: string };
  if (answer.errcode !== 0 || !answer.access_token) throw new Error(`gettoken failed: errcode ${answer.errcode}`);
  return answer.access_token;
}

export async function callWeCom<T>(baseUrl: string, token: string, path: string, body: unknown): Promise<T> {
  const response = await fetch(`${baseUrl}/cgi-bin/${path}?access_token=${encodeURIComponent(token)}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const answer = (await response.json()) as T & { errcode: number };
  if (answer.errcode !== 0) throw new Error(`${path} failed: errcode ${answer.errcode}`);
  return answer;
}

/** Adds `count` schedules straight to the emulator (schedule/add), 16 at a time. */
export async function seedSchedules(baseUrl: string, token: string, count: number): Promise<string[]> {
  const ids: string[] = new Array<string>(count);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < count; i = next++) {
      const answer = await callWeCom<{ schedule_id: string }>(baseUrl, token, 'oa/schedule/add', {
        schedule: wireSchedule(`Bench seed ${i}`),
      });
      ids[i] = answer.schedule_id;
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));
  return ids;
}
