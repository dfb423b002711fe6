import { request } from 'undici';
import { ScheduleChangesDocument } from '../../client/operations';
import { EmulatorApp, WeComEmulator } from '../../src/emulator/wecom-emulator';
import { TestStack } from '../helpers/test-stack';

export const GET_BY_CALENDAR = '/cgi-bin/oa/schedule/get_by_calendar';

/** Waits until `condition` holds, polling; fails with `what` after `timeoutMs`. */
export async function waitFor(what: string, condition: () => Promise<boolean> | boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await condition()) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** A sample of one gateway's /metrics, by its name and labels as written there (0 when absent). */
export async function metricValue(stack: TestStack, sample: string): Promise<number> {
  const response = await request(`http://127.0.0.1:${stack.gateway.port}/metrics`);
  const text = await response.body.text();
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${sample} `));
  return line ? Number(line.split(' ').pop()) : 0;
}

/** wecom_gateway_reconcile_sweeps_total{outcome} of one gateway, from its /metrics. */
export function sweepCount(stack: TestStack, outcome: string): Promise<number> {
  return metricValue(stack, `wecom_gateway_reconcile_sweeps_total{outcome="${outcome}"}`);
}

/** Waits until `count` more sweeps with `outcome` than now have ended (a sweep that started after this call included when count >= 2). */
export async function sweepsPass(stack: TestStack, count = 2, outcome = 'completed'): Promise<void> {
  const before = await sweepCount(stack, outcome);
  await waitFor(`${count} ${outcome} sweeps`, async () => (await sweepCount(stack, outcome)) >= before + count);
}

/** The whole feed, oldest first. */
export async function feed(stack: TestStack) {
  const answer = await stack.graphql(ScheduleChangesDocument, { first: 1000 });
  expect(answer.errors).toBeUndefined();
  return answer.data!.scheduleChanges.edges.map((edge) => edge.node);
}

/** A WeCom API call straight to the emulator, as another client of the app would make it: the gateway hears nothing of it. */
export async function silentWeComCall(emulator: WeComEmulator, app: EmulatorApp, endpoint: string, body: unknown): Promise<void> {
  const token = await request(`${emulator.baseUrl}/cgi-bin/gettoken?corpid=${encodeURIComponent(app.corpId)}&corpsecret=${encodeURIComponent(app.corpSecret)}`);
  const { access_token: accessToken } = (await token.body.json()) as { access_token: string };
  const answer = await request(`${emulator.baseUrl}/cgi-bin/${endpoint}?access_token=${accessToken}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const reply = (await answer.body.json()) as { errcode: number };
  if (reply.errcode !== 0) throw new Error(`${endpoint}: errcode ${reply.errcode}`);
}

/** The calendars get_by_calendar was asked for, in call order. */
export const calendarsListed = (emulator: WeComEmulator) =>
  emulator.calls(GET_BY_CALENDAR).map((call) => (call.body as { cal_id: string }).cal_id);
