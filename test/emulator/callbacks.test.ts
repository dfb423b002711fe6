import { generateEncodingAesKey } from '../../src/callbacks/wxbiz-msg-crypt';
import { WeComEmulator, type EmulatorApp, type WeComEmulatorOptions } from '../../src/emulator/wecom-emulator';
import { CallbackReceiver, type ReceiverAnswer } from '../helpers/callback-receiver';
import { waitFor } from '../helpers/entry-point';

const APP: EmulatorApp = { corpId: 'corp-cb', corpSecret: 'secret-cb', agentId: 1000005 };
const OTHER_APP: EmulatorApp = { corpId: 'corp-other', corpSecret: 'secret-other', agentId: 1000006 };
const TOKEN = 'callbackToken123';
const KEY = generateEncodingAesKey();
const START = 1_800_000_000;

let emulator: WeComEmulator | undefined;
let receivers: CallbackReceiver[] = [];
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
  for (const receiver of receivers) await receiver.close();
  receivers = [];
});

async function setUp(
  answer?: (n: number) => ReceiverAnswer,
  options: WeComEmulatorOptions = {},
): Promise<{ emu: WeComEmulator; receiver: CallbackReceiver; calId: string; scheduleId: string }> {
  const emu = await WeComEmulator.start({ apps: [APP, OTHER_APP], ...options });
  emulator = emu;
  const receiver = await CallbackReceiver.start(TOKEN, KEY, answer);
  receivers.push(receiver);
  emu.setCallback({ url: receiver.url, token: TOKEN, encodingAesKey: KEY }, APP);
  const calId = emu.addCalendar(undefined, APP);
  const [scheduleId] = emu.seedSchedules(calId, 1, {
    summary: 'Standup',
    admins: ['alice'],
    attendees: [
      { userid: 'alice', response_status: 0 },
      { userid: 'bob', response_status: 0 },
    ],
    start_time: START,
    end_time: START + 1800,
  });
  return { emu, receiver, calId, scheduleId };
}

describe('the emulator calls back like WeCom', () => {
  it('modify_schedule: the data changes first (a write: sequence up), then the encrypted, signed event arrives', async () => {
    let summaryWhenDelivered: string | undefined;
    const { emu, receiver, calId, scheduleId } = await setUp(() => {
      summaryWhenDelivered = emulator!.storedSchedule(scheduleId)!.summary;
      return { status: 200 };
    });
    const before = emu.storedSchedule(scheduleId)!.sequence;
    const result = emu.modifyScheduleAsUser({ scheduleId, summary: 'Moved', location: 'Room 2', startTime: START + 3600, endTime: START + 7200 });
    expect(result).toMatchObject({ event: 'modify_schedule', calId, scheduleId, userId: 'alice', callback: 'delivering', deliveryId: expect.any(Number) });
    expect(emu.storedSchedule(scheduleId)).toMatchObject({ summary: 'Moved', location: 'Room 2', start_time: START + 3600, end_time: START + 7200 });
    expect(emu.storedSchedule(scheduleId)!.sequence).toBeGreaterThan(before);
    await emu.callbackDeliveriesSettled();

    const [event] = receiver.events();
    expect(receiver.events()).toHaveLength(1);
    expect(event.signatureValid).toBe(true);
    expect(event.receiverId).toBe(APP.corpId);
    expect(event.query).toEqual({ msg_signature: expect.stringMatching(/^[0-9a-f]{40}$/), timestamp: expect.stringMatching(/^\d+$/), nonce: expect.any(String) });
    expect(event.envelope).toEqual({ ToUserName: APP.corpId, AgentID: String(APP.agentId), Encrypt: expect.any(String) });
    expect(event.body).toBe(
      `<xml><ToUserName><![CDATA[${APP.corpId}]]></ToUserName><AgentID><![CDATA[${APP.agentId}]]></AgentID><Encrypt><![CDATA[${event.envelope.Encrypt}]]></Encrypt></xml>`,
    );
    expect(event.message).toBe(
      `<xml><ToUserName><![CDATA[${APP.corpId}]]></ToUserName><FromUserName><![CDATA[alice]]></FromUserName>` +
        `<CreateTime>${result.createTime}</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[modify_schedule]]></Event>` +
        `<CalId><![CDATA[${calId}]]></CalId><ScheduleId><![CDATA[${scheduleId}]]></ScheduleId></xml>`,
    );
    expect(summaryWhenDelivered).toBe('Moved');
    expect(emu.callbackDeliveries()).toEqual([
      expect.objectContaining({ id: result.deliveryId, state: 'delivered', corpId: APP.corpId, createTime: result.createTime, attempts: [expect.objectContaining({ outcome: 'answered', status: 200 })] }),
    ]);
  });

  it('delete_schedule: the schedule is cancelled (status 1), by the user given', async () => {
    const { emu, receiver, calId, scheduleId } = await setUp();
    const result = emu.cancelScheduleAsUser({ scheduleId, userId: 'carol' });
    expect(emu.storedSchedule(scheduleId)!.status).toBe(1);
    await emu.callbackDeliveriesSettled();
    expect(receiver.events().map((event) => event.fields)).toEqual([
      { ToUserName: APP.corpId, FromUserName: 'carol', CreateTime: String(result.createTime), MsgType: 'event', Event: 'delete_schedule', CalId: calId, ScheduleId: scheduleId },
    ]);
    expect(() => emu.cancelScheduleAsUser({ scheduleId })).toThrow(/cancelled/);
  });

  it.each([
    ['accept', 2],
    ['tentative', 1],
    ['decline', 4],
  ] as const)('respond_schedule (%s): the attendee’s response_status is %i, FromUserName is the attendee', async (response, status) => {
    const { emu, receiver, calId, scheduleId } = await setUp();
    const before = emu.storedSchedule(scheduleId)!.sequence;
    emu.respondToScheduleAsUser({ scheduleId, userId: 'bob', response });
    expect(emu.storedSchedule(scheduleId)!.attendees).toEqual([
      { userid: 'alice', response_status: 0 },
      { userid: 'bob', response_status: status },
    ]);
    expect(emu.storedSchedule(scheduleId)!.sequence).toBeGreaterThan(before);
    await emu.callbackDeliveriesSettled();
    expect(receiver.events()[0].fields).toMatchObject({ FromUserName: 'bob', Event: 'respond_schedule', CalId: calId, ScheduleId: scheduleId });
    expect(() => emu.respondToScheduleAsUser({ scheduleId, userId: 'mallory', response })).toThrow(/not an attendee/);
  });

  it('modify_calendar and delete_calendar carry CalId and no ScheduleId', async () => {
    const { emu, receiver, calId } = await setUp();
    emu.modifyCalendarAsUser({ calId, summary: 'Renamed in WeCom', color: '#FF0000', userId: 'alice' });
    expect(emu.storedCalendar(calId)).toMatchObject({ summary: 'Renamed in WeCom', color: '#FF0000' });
    emu.deleteCalendarAsUser({ calId, userId: 'alice' });
    expect(emu.storedCalendar(calId)).toBeUndefined();
    await emu.callbackDeliveriesSettled();
    const fields = receiver.events().map((event) => event.fields);
    expect(fields.map((field) => field.Event)).toEqual(['modify_calendar', 'delete_calendar']);
    for (const field of fields) {
      expect(field).toMatchObject({ ToUserName: APP.corpId, FromUserName: 'alice', MsgType: 'event', CalId: calId });
      expect(field).not.toHaveProperty('ScheduleId');
    }
    expect(receiver.events().every((event) => event.signatureValid && event.receiverId === APP.corpId)).toBe(true);
    expect(() => emu.deleteCalendarAsUser({ calId })).toThrow(/deleted/);
  });

  it('silently changes the data without any delivery (a change only reconciliation can find)', async () => {
    const { emu, receiver, calId, scheduleId } = await setUp();
    const before = emu.storedSchedule(scheduleId)!.sequence;
    const results = [
      emu.modifyScheduleAsUser({ scheduleId, summary: 'Quietly moved', silently: true }),
      emu.respondToScheduleAsUser({ scheduleId, userId: 'bob', response: 'decline', silently: true }),
      emu.modifyCalendarAsUser({ calId, description: 'quiet', silently: true }),
    ];
    expect(results.map((result) => [result.callback, result.deliveryId])).toEqual([
      ['silently', null],
      ['silently', null],
      ['silently', null],
    ]);
    expect(emu.storedSchedule(scheduleId)!.summary).toBe('Quietly moved');
    expect(emu.storedSchedule(scheduleId)!.sequence).toBeGreaterThan(before + 1);
    emu.cancelScheduleAsUser({ scheduleId, silently: true });
    emu.deleteCalendarAsUser({ calId, silently: true });
    await emu.callbackDeliveriesSettled();
    expect(receiver.received).toEqual([]);
    expect(emu.callbackDeliveries()).toEqual([]);
  });

  it('delivers to the owning app’s URL only; an app without callback settings gets nothing', async () => {
    const { emu, receiver } = await setUp();
    const otherCal = emu.addCalendar(undefined, OTHER_APP);
    const [otherSchedule] = emu.seedSchedules(otherCal, 1);
    expect(emu.modifyScheduleAsUser({ scheduleId: otherSchedule, summary: 'x' }).callback).toBe('no-callback-url');
    const otherKey = generateEncodingAesKey();
    const otherReceiver = await CallbackReceiver.start('otherToken', otherKey);
    receivers.push(otherReceiver);
    emu.setCallback({ url: otherReceiver.url, token: 'otherToken', encodingAesKey: otherKey }, OTHER_APP);
    emu.modifyScheduleAsUser({ scheduleId: otherSchedule, summary: 'y' });
    await emu.callbackDeliveriesSettled();
    expect(receiver.received).toEqual([]);
    expect(otherReceiver.events()).toHaveLength(1);
    expect(otherReceiver.events()[0]).toMatchObject({ signatureValid: true, receiverId: OTHER_APP.corpId });
    expect(otherReceiver.events()[0].fields.FromUserName).toBe('wecom-user');
  });
});

describe('retries like WeCom', () => {
  it('retries a 500 with the same request (same CreateTime, signature and ciphertext) until 200, then stops', async () => {
    const { emu, receiver, scheduleId } = await setUp((n) => ({ status: n < 2 ? 500 : 200 }));
    emu.modifyScheduleAsUser({ scheduleId, summary: 'Moved' });
    await emu.callbackDeliveriesSettled();
    const events = receiver.events();
    expect(events).toHaveLength(3);
    for (const event of events.slice(1)) {
      expect(event.body).toBe(events[0].body);
      expect(event.query).toEqual(events[0].query);
    }
    const [delivery] = emu.callbackDeliveries();
    expect(delivery.state).toBe('delivered');
    expect(delivery.attempts.map((attempt) => [attempt.outcome, attempt.status])).toEqual([
      ['answered', 500],
      ['answered', 500],
      ['answered', 200],
    ]);
  });

  it('gives up after 3 retries (4 attempts) when never answered 200', async () => {
    const { emu, receiver, scheduleId } = await setUp(() => ({ status: 503 }));
    emu.cancelScheduleAsUser({ scheduleId });
    await emu.callbackDeliveriesSettled();
    expect(receiver.events()).toHaveLength(4);
    expect(emu.callbackDeliveries()[0]).toMatchObject({ state: 'gave-up', attempts: Array(4).fill(expect.objectContaining({ status: 503 })) });
  });

  it('retries an attempt not answered within the wait', async () => {
    const { emu, receiver, scheduleId } = await setUp((n) => (n === 0 ? 'hang' : { status: 200 }), { callbackTiming: { answerWaitMs: 300 } });
    emu.modifyScheduleAsUser({ scheduleId, summary: 'Moved' });
    await emu.callbackDeliveriesSettled();
    const [delivery] = emu.callbackDeliveries();
    expect(delivery.attempts[0]).toMatchObject({ outcome: 'timed-out' });
    expect(delivery.attempts.at(-1)).toMatchObject({ outcome: 'answered', status: 200 });
    expect(delivery.state).toBe('delivered');
    expect(receiver.events().length).toBe(delivery.attempts.length);
  });

  it('a receiver that refuses the connection counts as not answered; retries honour the option', async () => {
    const { emu, receiver, scheduleId } = await setUp(undefined, { callbackTiming: { retries: 1 } });
    const url = receiver.url;
    await receiver.close();
    receivers = [];
    emu.setCallback({ url, token: TOKEN, encodingAesKey: KEY }, APP);
    emu.modifyScheduleAsUser({ scheduleId, summary: 'Moved' });
    await emu.callbackDeliveriesSettled();
    expect(emu.callbackDeliveries()[0]).toMatchObject({ state: 'gave-up', attempts: [{ outcome: 'failed' }, { outcome: 'failed' }].map((a) => expect.objectContaining(a)) });
  });

  it('close() ends a delivery waiting for an answer promptly', async () => {
    const { emu, scheduleId } = await setUp(() => 'hang');
    emu.modifyScheduleAsUser({ scheduleId, summary: 'Moved' });
    const deadline = Date.now() + 10_000;
    await waitFor(() => receivers[0].events().length === 1, 10_000);
    await emu.close();
    expect(Date.now()).toBeLessThan(deadline);
    expect(emu.callbackDeliveries()[0].state).toBe('gave-up');
  });
});

describe('URL verification (the admin saves the callback settings)', () => {
  it('GETs an encrypted, signed echostr; true when the answer is its plaintext', async () => {
    const { emu, receiver } = await setUp(undefined, { callbackTiming: { verifyWaitMs: 5000 } });
    expect(await emu.verifyCallbackUrl(APP)).toBe(true);
    const [check] = receiver.received;
    expect(check).toMatchObject({ method: 'GET', signatureValid: true, receiverId: APP.corpId });
    expect(check.message).toMatch(/^\d+$/);
    expect(Object.keys(check.query).sort()).toEqual(['echostr', 'msg_signature', 'nonce', 'timestamp']);
  });

  it('false when the receiver cannot decrypt the echostr (another key) or refuses its signature (another token)', async () => {
    const emu = await WeComEmulator.start({ apps: [APP], callbackTiming: { verifyWaitMs: 5000 } });
    emulator = emu;
    const wrongKey = await CallbackReceiver.start(TOKEN, generateEncodingAesKey());
    receivers.push(wrongKey);
    emu.setCallback({ url: wrongKey.url, token: TOKEN, encodingAesKey: KEY });
    expect(await emu.verifyCallbackUrl()).toBe(false);

    const wrongAnswer = await CallbackReceiver.start(TOKEN, KEY);
    receivers.push(wrongAnswer);
    emu.setCallback({ url: `${wrongAnswer.url.replace('/wecom/callback', '')}/elsewhere`, token: 'anotherToken', encodingAesKey: KEY });
    expect(await emu.verifyCallbackUrl()).toBe(false);
    expect(wrongAnswer.received[0].signatureValid).toBe(false);
  });

  it('needs callback settings first, and refuses bad ones', async () => {
    const emu = await WeComEmulator.start({ apps: [APP] });
    emulator = emu;
    await expect(emu.verifyCallbackUrl()).rejects.toThrow(/no callback settings/);
    expect(() => emu.setCallback({ url: 'ftp://x', token: TOKEN, encodingAesKey: KEY })).toThrow(/http/);
    expect(() => emu.setCallback({ url: 'http://127.0.0.1/cb', token: TOKEN, encodingAesKey: 'short' })).toThrow(/43/);
  });
});
