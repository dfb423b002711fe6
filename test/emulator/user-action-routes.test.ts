import { request } from 'undici';
import { generateEncodingAesKey } from '../../src/callbacks/wxbiz-msg-crypt';
import { MAX_USER_ACTION_BODY_BYTES } from '../../src/emulator/user-action-routes';
import { DEMO_APP, WeComEmulator } from '../../src/emulator/wecom-emulator';
import { CallbackReceiver } from '../helpers/callback-receiver';

const TOKEN = 'routeToken';
const KEY = generateEncodingAesKey();
const JSON_TYPE = { 'content-type': 'application/json' };

let emu: WeComEmulator;
let receiver: CallbackReceiver;
let calId: string;
let scheduleId: string;

beforeEach(async () => {
  emu = await WeComEmulator.start({ userActionRoutes: true });
  receiver = await CallbackReceiver.start(TOKEN, KEY);
  emu.setCallback({ url: receiver.url, token: TOKEN, encodingAesKey: KEY });
  calId = emu.addCalendar();
  [scheduleId] = emu.seedSchedules(calId, 1, { summary: 'Standup', attendees: [{ userid: 'bob', response_status: 0 }] });
});
afterEach(async () => {
  await emu.close();
  await receiver.close();
});

async function act(action: string, body: unknown, headers: Record<string, string> = JSON_TYPE, method = 'POST') {
  const response = await request(`${emu.baseUrl}/emulator/act/${action}`, {
    method: method as 'POST',
    headers,
    body: typeof body === 'string' ? body : body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.body.text();
  return { status: response.statusCode, type: response.headers['content-type'], json: JSON.parse(text) as Record<string, any> };
}

describe('POST /emulator/act/* (userActionRoutes: true)', () => {
  it('modify-schedule: changes the schedule, answers JSON, and the event is delivered', async () => {
    const answer = await act('modify-schedule', { scheduleId, summary: 'Moved in WeCom', startTime: '2027-01-04T10:00:00+08:00', endTime: 1_799_031_600 });
    expect(answer.status).toBe(200);
    expect(answer.type).toMatch(/^application\/json/);
    expect(answer.json).toMatchObject({ ok: true, event: 'modify_schedule', calId, scheduleId, callback: 'delivering', deliveryId: expect.any(Number) });
    expect(emu.storedSchedule(scheduleId)).toMatchObject({ summary: 'Moved in WeCom', start_time: 1_799_028_000, end_time: 1_799_031_600 });
    await emu.callbackDeliveriesSettled();
    expect(receiver.events()[0]).toMatchObject({ signatureValid: true, receiverId: DEMO_APP.corpId });
    expect(receiver.events()[0].fields).toMatchObject({ Event: 'modify_schedule', ScheduleId: scheduleId, CalId: calId });
  });

  it('each action, and silently', async () => {
    expect((await act('respond-schedule', { scheduleId, userId: 'bob', response: 'accept' })).json).toMatchObject({ event: 'respond_schedule', userId: 'bob' });
    expect((await act('modify-calendar', { calId, summary: 'Team', silently: true })).json).toMatchObject({ event: 'modify_calendar', callback: 'silently', deliveryId: null });
    expect((await act('cancel-schedule', { scheduleId, userId: 'alice' })).json).toMatchObject({ event: 'delete_schedule', userId: 'alice' });
    expect((await act('delete-calendar', { calId })).json).toMatchObject({ event: 'delete_calendar', calId });
    expect(emu.storedSchedule(scheduleId)).toMatchObject({ status: 1, attendees: [{ userid: 'bob', response_status: 2 }] });
    expect(emu.storedCalendar(calId)).toBeUndefined();
    await emu.callbackDeliveriesSettled();
    expect(receiver.events().map((event) => event.fields.Event)).toEqual(['respond_schedule', 'delete_schedule', 'delete_calendar']);
  });

  it.each([
    ['not JSON', '{"scheduleId":', 'BAD_JSON'],
    ['not an object', '["x"]', 'BAD_JSON'],
    ['an unknown field (a typo)', { scheduleId: 'x', sumary: 'y' }, 'BAD_INPUT'],
    ['a field of the wrong type', { scheduleId: 42 }, 'BAD_INPUT'],
    ['a time that is not one', { scheduleId: 'x', startTime: 'tomorrow' }, 'BAD_INPUT'],
    ['a missing id', { summary: 'y' }, 'BAD_INPUT'],
    ['nothing to modify', { scheduleId: 'x' }, 'BAD_INPUT'],
    ['a too long summary', { scheduleId: 'x', summary: 'a'.repeat(129) }, 'BAD_INPUT'],
    ['a userId with a control character', { scheduleId: 'x', summary: 'y', userId: 'a\u0001b' }, 'BAD_INPUT'],
  ])('400 for %s, changing nothing', async (_name, body, code) => {
    const realBody = typeof body === 'object' && 'scheduleId' in body && body.scheduleId === 'x' ? { ...body, scheduleId } : body;
    const before = emu.storedSchedule(scheduleId);
    const answer = await act('modify-schedule', realBody);
    expect(answer.status).toBe(400);
    expect(answer.json.error).toMatchObject({ code, message: expect.any(String) });
    expect(emu.storedSchedule(scheduleId)).toEqual(before);
  });

  it('400 for an end before the start, and for an unknown response', async () => {
    expect((await act('modify-schedule', { scheduleId, startTime: 2_000_000_000, endTime: 1_000_000_000 })).status).toBe(400);
    expect((await act('respond-schedule', { scheduleId, userId: 'bob', response: 'toString' })).status).toBe(400);
    expect((await act('respond-schedule', { scheduleId, response: 'accept' })).status).toBe(400);
    expect((await act('modify-calendar', { calId, color: 'red' })).status).toBe(400);
  });

  it('404 for unknown ids and for a responder who is not an attendee; 409 for a cancelled schedule or deleted calendar', async () => {
    expect(await act('modify-schedule', { scheduleId: 'no-such', summary: 'y' })).toMatchObject({ status: 404, json: { error: { code: 'NOT_FOUND' } } });
    expect((await act('delete-calendar', { calId: 'no-such' })).status).toBe(404);
    expect((await act('respond-schedule', { scheduleId, userId: 'mallory', response: 'decline' })).status).toBe(404);
    await act('cancel-schedule', { scheduleId });
    expect(await act('cancel-schedule', { scheduleId })).toMatchObject({ status: 409, json: { error: { code: 'CONFLICT' } } });
    await act('delete-calendar', { calId });
    expect((await act('modify-calendar', { calId, summary: 'x' })).status).toBe(409);
    await emu.callbackDeliveriesSettled();
    expect(receiver.events()).toHaveLength(2);
  });

  it('413 for a body over the cap, 415 without a JSON content type, 405 for GET, 404 for an unknown action', async () => {
    const big = await act('modify-schedule', { scheduleId, summary: 'x'.repeat(MAX_USER_ACTION_BODY_BYTES) });
    expect(big).toMatchObject({ status: 413, json: { error: { code: 'BODY_TOO_LARGE' } } });
    const form = await act('modify-schedule', { scheduleId, summary: 'y' }, { 'content-type': 'application/x-www-form-urlencoded' });
    expect(form).toMatchObject({ status: 415, json: { error: { code: 'UNSUPPORTED_MEDIA_TYPE' } } });
    expect((await act('modify-schedule', undefined, {}, 'GET')).status).toBe(405);
    expect((await act('rename-everything', { scheduleId })).status).toBe(404);
    expect(emu.storedSchedule(scheduleId)!.summary).toBe('Standup');
    expect(emu.calls()).toEqual([]); // not WeCom calls: not in the call log
  });
});

describe('without userActionRoutes', () => {
  it('the routes do not exist (404 like any unknown path), and nothing changes', async () => {
    const plain = await WeComEmulator.start();
    try {
      const response = await request(`${plain.baseUrl}/emulator/act/modify-schedule`, {
        method: 'POST',
        headers: JSON_TYPE,
        body: JSON.stringify({ scheduleId: 'x', summary: 'y' }),
      });
      expect(response.statusCode).toBe(404);
      expect(await response.body.text()).toBe('Not Found');
    } finally {
      await plain.close();
    }
  });
});
