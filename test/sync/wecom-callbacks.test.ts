import { request } from 'undici';
import {
  CreateCalendarDocument,
  CreateScheduleDocument,
  DeleteCalendarDocument,
  DeleteScheduleDocument,
  ScheduleChangesDocument,
  UpdateCalendarDocument,
  UpdateScheduleDocument,
} from '../../client/operations';
import { generateEncodingAesKey } from '../../src/callbacks/wxbiz-msg-crypt';
import { scheduleInput } from '../helpers/fixtures';
import { TestStack, stacksStoppedAfterEach } from '../helpers/test-stack';
import {
  CalendarEventFields,
  callbackSettings,
  callbackUrl,
  deliverEvent,
  deliverMessage,
  eventXml,
  eventually,
  metricValue,
  verifyUrl,
} from '../helpers/wecom-callback';

const startStack = stacksStoppedAfterEach();

type Change = NonNullable<Awaited<ReturnType<typeof changes>>>[number];

async function changes(stack: TestStack) {
  const answer = await stack.graphql(ScheduleChangesDocument, { first: 100 });
  expect(answer.errors).toBeUndefined();
  return answer.data!.scheduleChanges.edges.map((edge) => edge.node);
}

/** Waits (within the contract's 5 s) until the feed holds `count` changes. */
async function changesOnceThere(stack: TestStack, count: number): Promise<Change[]> {
  return eventually(async () => {
    const all = await changes(stack);
    return all.length >= count ? all : undefined;
  }, 5000, `${count} changes in the feed`);
}

/** Waits until the processor has dealt with `count` events (recorded or found unchanged). */
async function processed(stack: TestStack, count: number): Promise<void> {
  await eventually(async () => {
    const done = (await metricValue(stack, 'wecom_gateway_callback_events_total', { outcome: 'recorded' }))
      + (await metricValue(stack, 'wecom_gateway_callback_events_total', { outcome: 'unchanged' }));
    return done >= count ? true : undefined;
  }, 5000, `${count} callback events processed`);
}

describe('the WeCom callback endpoint /wecom/callback', () => {
  const settings = callbackSettings();
  const withCallbacks = () => startStack({ gateway: { callback: settings } });

  it('answers the URL verification with the decrypted echostr as the whole body', async () => {
    const stack = await withCallbacks();
    const answer = await verifyUrl(stack, settings, '1616140317555161061');
    expect(answer).toEqual({ status: 200, text: '1616140317555161061', contentType: 'text/plain; charset=utf-8' });
    // Not behind AUTH, no access token needed; and a stale verification is refused like an event.
    expect((await verifyUrl(stack, settings, '42', { timestamp: Math.floor(Date.now() / 1000) - 400 })).status).toBe(403);
  });

  it('answers 404 when callbacks are off (no token configured)', async () => {
    const stack = await startStack();
    const response = await request(`${callbackUrl(stack)}?msg_signature=x&timestamp=1&nonce=1&echostr=x`);
    expect(response.statusCode).toBe(404);
    await response.body.dump();
  });

  it('records each kind of event with the state read from WeCom, source WECOM and the acting userId', async () => {
    const stack = await withCallbacks();
    // Another gateway on the same WeCom plays the person in the WeCom app: its writes are not in `stack`'s feed.
    const wecomUser = await startStack({ sharedEmulator: stack.emulator });
    const calendarId = (await wecomUser.graphql(CreateCalendarDocument, { input: { summary: 'Rooms', color: '#112233' } })).data!.createCalendar.calendar.id;
    const [seeded] = stack.emulator.seedSchedules(calendarId, 1, { summary: 'Seeded', attendees: [{ userid: 'bob', response_status: 0 }] });

    // Each change in WeCom, then its event; the next change only once it is recorded (events about one
    // resource processed together would read the same, latest, state: one entry, by design).
    const steps: [() => unknown, CalendarEventFields][] = [
      [() => undefined, { Event: 'add_schedule', CalId: calendarId, ScheduleId: seeded, FromUserName: 'carol' }],
      [() => wecomUser.graphql(UpdateScheduleDocument, { input: { id: seeded, summary: 'Moved in WeCom' } }), { Event: 'modify_schedule', CalId: calendarId, ScheduleId: seeded, FromUserName: 'carol' }],
      [() => stack.emulator.setAttendeeResponse(seeded, 'bob', 2), { Event: 'respond_schedule', CalId: calendarId, ScheduleId: seeded, FromUserName: 'bob' }],
      [() => wecomUser.graphql(DeleteScheduleDocument, { id: seeded }), { Event: 'delete_schedule', CalId: calendarId, ScheduleId: seeded, FromUserName: 'carol' }],
      [() => wecomUser.graphql(UpdateCalendarDocument, { input: { id: calendarId, summary: 'Rooms (renamed)' } }), { Event: 'modify_calendar', CalId: calendarId, FromUserName: 'dave' }],
      [() => wecomUser.graphql(DeleteCalendarDocument, { id: calendarId }), { Event: 'delete_calendar', CalId: calendarId, FromUserName: 'dave' }],
    ];
    for (const [index, [change, event]] of steps.entries()) {
      await change();
      expect((await deliverEvent(stack, settings, event)).status).toBe(200);
      await changesOnceThere(stack, index + 1);
    }

    const feed = await changesOnceThere(stack, 6);
    expect(feed.map((change) => [change.kind, change.source, change.userId, change.caller])).toEqual([
      ['SCHEDULE_CREATED', 'WECOM', 'carol', null],
      ['SCHEDULE_UPDATED', 'WECOM', 'carol', null],
      ['ATTENDEE_RESPONDED', 'WECOM', 'bob', null],
      ['SCHEDULE_DELETED', 'WECOM', 'carol', null],
      ['CALENDAR_UPDATED', 'WECOM', 'dave', null],
      ['CALENDAR_DELETED', 'WECOM', 'dave', null],
    ]);
    const [created, updated, responded, deleted, calendarUpdated, calendarDeleted] = feed;
    expect(created.schedule).toMatchObject({ id: seeded, calendarId, summary: 'Seeded', status: 'ACTIVE' });
    expect(updated.schedule).toMatchObject({ id: seeded, summary: 'Moved in WeCom' });
    expect(responded.schedule?.attendees).toContainEqual({ userId: 'bob', response: 'ACCEPTED' });
    expect(deleted.schedule?.status ?? 'CANCELLED').toBe('CANCELLED');
    expect(deleted.calendarId).toBe(calendarId);
    expect(calendarUpdated.calendar).toEqual({ id: calendarId, summary: 'Rooms (renamed)' });
    expect(calendarDeleted.calendar).toBeNull();
    expect(await metricValue(stack, 'wecom_gateway_callbacks_total', { outcome: 'recorded' })).toBe(6);
  });

  it('answers 200 before reading WeCom: the event is recorded first and read once WeCom answers', async () => {
    const stack = await withCallbacks();
    const calendarId = stack.emulator.addCalendar();
    const [id] = stack.emulator.seedSchedules(calendarId, 1);
    stack.emulator.hang(); // WeCom answers nothing until released
    // If the answer waited for the WeCom read, this would time out (the helper gives up after 5 s).
    expect((await deliverEvent(stack, settings, { Event: 'modify_schedule', CalId: calendarId, ScheduleId: id })).status).toBe(200);
    expect(await changes(stack)).toEqual([]);
    stack.emulator.release();
    const [change] = await changesOnceThere(stack, 1);
    expect(change).toMatchObject({ kind: 'SCHEDULE_UPDATED', scheduleId: id, source: 'WECOM', userId: 'alice' });
  });

  it('refuses, with 4xx and nothing recorded, every delivery that is not WeCom’s for this app', async () => {
    const stack = await withCallbacks();
    const calendarId = stack.emulator.addCalendar();
    const [id] = stack.emulator.seedSchedules(calendarId, 1);
    const event: CalendarEventFields = { Event: 'modify_schedule', CalId: calendarId, ScheduleId: id };
    const now = Math.floor(Date.now() / 1000);
    const refusals: [string, Promise<{ status: number; text: string }>, number][] = [
      ['bad signature', deliverEvent(stack, settings, event, { token: 'not-the-token' }), 403],
      ['wrong key', deliverEvent(stack, settings, event, { encodingAesKey: generateEncodingAesKey() }), 403],
      ['wrong receiver id', deliverEvent(stack, settings, event, { receiverId: 'ww-another-corp' }), 403],
      ['stale timestamp', deliverEvent(stack, settings, event, { timestamp: now - 301 - 5 }), 403],
      ['future timestamp', deliverEvent(stack, settings, event, { timestamp: now + 301 + 5 }), 403],
      ['oversized body', deliverEvent(stack, settings, event, { body: (envelope) => envelope + ' '.repeat(64 * 1024) }), 413],
      ['malformed XML', deliverEvent(stack, settings, event, { body: (envelope) => envelope.replace('</xml>', '') }), 400],
      ['no <Encrypt>', deliverEvent(stack, settings, event, { body: () => '<xml><ToUserName>x</ToUserName></xml>' }), 400],
      ['two <Encrypt>', deliverEvent(stack, settings, event, { body: (envelope) => envelope.replace('</xml>', '<Encrypt>AAAA</Encrypt></xml>') }), 400],
      ['missing msg_signature', deliverEvent(stack, settings, event, { query: (params) => (params.delete('msg_signature'), params) }), 400],
      ['missing nonce', deliverEvent(stack, settings, event, { query: (params) => (params.delete('nonce'), params) }), 400],
      ['missing timestamp', deliverEvent(stack, settings, event, { query: (params) => (params.delete('timestamp'), params) }), 400],
      ['repeated timestamp', deliverEvent(stack, settings, event, { query: (params) => (params.append('timestamp', '1'), params) }), 400],
    ];
    for (const [what, answer, status] of refusals) {
      const { status: got, text } = await answer;
      expect({ what, status: got }).toEqual({ what, status });
      expect(JSON.parse(text)).toEqual({ error: expect.any(String), message: expect.any(String) });
      expect(text).not.toContain(settings.token);
      expect(text).not.toContain(settings.encodingAesKey);
    }
    const put = await request(callbackUrl(stack), { method: 'PUT', body: 'x' });
    expect(put.statusCode).toBe(405);
    await put.body.dump();

    // Nothing recorded: a valid delivery afterwards is the feed's only entry, the inbox saw only it.
    expect((await deliverEvent(stack, settings, event)).status).toBe(200);
    const feed = await changesOnceThere(stack, 1);
    expect(feed).toHaveLength(1);
    await processed(stack, 1);
    expect(await changes(stack)).toHaveLength(1);
    expect(await metricValue(stack, 'wecom_gateway_callbacks_total', { outcome: 'recorded' })).toBe(1);
    expect(await metricValue(stack, 'wecom_gateway_callback_events_total', { outcome: 'recorded' })).toBe(1);
    expect(await metricValue(stack, 'wecom_gateway_callbacks_total', { outcome: 'refused_bad_signature' })).toBe(1);
    expect(await metricValue(stack, 'wecom_gateway_callbacks_total', { outcome: 'refused_stale_timestamp' })).toBe(2);
    expect(await metricValue(stack, 'wecom_gateway_callbacks_total', { outcome: 'refused_too_large' })).toBe(1);
    const logs = stack.logs();
    expect(logs).not.toContain(settings.token);
    expect(logs).not.toContain(settings.encodingAesKey);
    expect(logs).not.toContain('<FromUserName>');
  });

  it('checks a delivery in order: signature, decryption, receiver id, timestamp, then the message inside', async () => {
    const stack = await withCallbacks();
    const event: CalendarEventFields = { Event: 'modify_calendar', CalId: stack.emulator.addCalendar() };
    const stale = Math.floor(Date.now() / 1000) - 400;
    const notXml = 'not <xml';
    const answers: [string, Promise<{ status: number; text: string }>, number, string | undefined][] = [
      ['unsigned, undecryptable, stale', deliverEvent(stack, settings, event, { token: 'not-the-token', encodingAesKey: generateEncodingAesKey(), timestamp: stale }), 403, 'bad_signature'],
      ['undecryptable, stale', deliverEvent(stack, settings, event, { encodingAesKey: generateEncodingAesKey(), timestamp: stale }), 403, 'undecryptable'],
      ['another receiver, stale', deliverEvent(stack, settings, event, { receiverId: 'ww-another-corp', timestamp: stale }), 403, 'wrong_receiver'],
      ['stale, not XML inside', deliverMessage(stack, settings, notXml, { timestamp: stale }), 403, 'stale_timestamp'],
      ['fresh, not XML inside', deliverMessage(stack, settings, notXml), 200, undefined],
    ];
    for (const [what, answer, status, reason] of answers) {
      const { status: got, text } = await answer;
      expect({ what, status: got, reason: text ? JSON.parse(text).error : undefined }).toEqual({ what, status, reason });
    }
  });

  it('answers 200 to a signed message of ours that is not a well-formed event: records nothing, counts it, warns (bounded)', async () => {
    const stack = await withCallbacks();
    const calendarId = stack.emulator.addCalendar();
    const [id] = stack.emulator.seedSchedules(calendarId, 1);
    const corpId = stack.app.corpId;
    // WeCom would deliver each of these again and again if it got anything but 200.
    const messages = [
      'this is not XML <',
      '<xml><Event>modify_schedule</Event><Event>modify_schedule</Event></xml>',
      eventXml(corpId, { Event: 'modify_schedule', CalId: calendarId, ScheduleId: id, FromUserName: '' }),
      eventXml(corpId, { Event: 'modify_calendar', CalId: '' }),
      eventXml(corpId, { Event: 'modify_schedule', CalId: calendarId }),
      eventXml(corpId, { Event: 'delete_schedule', CalId: calendarId, ScheduleId: id, CreateTime: -1 }),
    ];
    for (const message of messages) expect(await deliverMessage(stack, settings, message)).toMatchObject({ status: 200, text: '' });
    expect(await metricValue(stack, 'wecom_gateway_callbacks_total', { outcome: 'ignored_malformed' })).toBe(messages.length);
    const warnings = stack.logs().split('\n').filter((line) => line.includes('a signed message that is not a well-formed event'));
    expect(warnings.length).toBe(messages.length); // each logged: at warn level at most one a second, the rest at debug
    expect(warnings.some((line) => JSON.parse(line).level === 40)).toBe(true);

    // Nothing recorded: a valid event afterwards is the only one processed and the feed's only entry.
    expect((await deliverEvent(stack, settings, { Event: 'modify_schedule', CalId: calendarId, ScheduleId: id })).status).toBe(200);
    await processed(stack, 1);
    expect(await changes(stack)).toHaveLength(1);
    expect(await metricValue(stack, 'wecom_gateway_callbacks_total', { outcome: 'recorded' })).toBe(1);
  });

  it('answers 503 once the unprocessed events reach the cap, dropping none of them; a repeated delivery of a recorded one is still 200', async () => {
    const capped = { ...settings, process: false, maxUnprocessed: 2 };
    const stack = await startStack({ gateway: { callback: capped } });
    const calendarId = stack.emulator.addCalendar();
    const event = (n: number): CalendarEventFields => ({ Event: 'modify_calendar', CalId: calendarId, CreateTime: 1_800_000_000 + n });
    expect((await deliverEvent(stack, capped, event(1))).status).toBe(200);
    expect((await deliverEvent(stack, capped, event(2))).status).toBe(200);
    const refused = await deliverEvent(stack, capped, event(3));
    expect(refused.status).toBe(503);
    expect(JSON.parse(refused.text).error).toBe('unavailable');
    expect((await deliverEvent(stack, capped, event(1))).status).toBe(200);
    expect((await deliverEvent(stack, capped, event(3))).status).toBe(503); // not remembered as seen: recorded once there is room
    expect(await metricValue(stack, 'wecom_gateway_callbacks_total', { outcome: 'recorded' })).toBe(2);
    expect(await metricValue(stack, 'wecom_gateway_callbacks_total', { outcome: 'duplicate' })).toBe(1);
    expect(await metricValue(stack, 'wecom_gateway_callbacks_total', { outcome: 'inbox_full' })).toBe(2);
    expect(stack.logs()).toContain('the inbox is full');
  });

  it('refuses a DTD (entity expansion) quickly, expanding nothing', async () => {
    const stack = await withCallbacks();
    const lol = '<!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">' +
      Array.from({ length: 9 }, (_, i) => `<!ENTITY ${String.fromCharCode(98 + i)} "${`&${String.fromCharCode(97 + i)};`.repeat(10)}">`).join('');
    const bomb = (envelope: string) => `<?xml version="1.0"?><!DOCTYPE xml [${lol}]>${envelope.replace('<ToUserName>', '<ToUserName>&j;')}`;
    const answer = await deliverEvent(stack, settings, { Event: 'modify_calendar', CalId: 'cal' }, { body: bomb });
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.text).error).toBe('malformed_xml');
    expect(process.memoryUsage().heapUsed).toBeLessThan(1024 * 1024 * 1024);
    expect(await changes(stack)).toEqual([]);
  });

  it('reads the body whatever its content type', async () => {
    const stack = await withCallbacks();
    const calendarId = stack.emulator.addCalendar();
    const answer = await deliverEvent(stack, settings, { Event: 'modify_calendar', CalId: calendarId }, { contentType: 'application/json' });
    expect(answer.status).toBe(200);
    await changesOnceThere(stack, 1);
  });

  it('answers 200 and ignores what is not a calendar event it handles', async () => {
    const stack = await withCallbacks();
    expect((await deliverEvent(stack, settings, { Event: 'change_contact', CalId: 'x' })).status).toBe(200);
    expect((await deliverEvent(stack, settings, { Event: 'modify_schedule', CalId: 'x', ScheduleId: 'y', MsgType: 'text' })).status).toBe(200);
    expect(await metricValue(stack, 'wecom_gateway_callbacks_total', { outcome: 'ignored' })).toBe(2);
    expect(await changes(stack)).toEqual([]);
  });

  it('records a delivery repeated three times once, answering 200 each time', async () => {
    const stack = await withCallbacks();
    const calendarId = stack.emulator.addCalendar();
    const [id] = stack.emulator.seedSchedules(calendarId, 1);
    const event = { Event: 'modify_schedule', CalId: calendarId, ScheduleId: id, FromUserName: 'carol', CreateTime: 1_800_000_000 };
    for (let i = 0; i < 3; i += 1) expect((await deliverEvent(stack, settings, event)).status).toBe(200);
    await processed(stack, 1);
    expect(await changes(stack)).toHaveLength(1);
    expect(await metricValue(stack, 'wecom_gateway_callbacks_total', { outcome: 'recorded' })).toBe(1);
    expect(await metricValue(stack, 'wecom_gateway_callbacks_total', { outcome: 'duplicate' })).toBe(2);
    // Processed once: not three recordings of which the feed dropped two as unchanged.
    expect(await metricValue(stack, 'wecom_gateway_callback_events_total', { outcome: 'unchanged' })).toBe(0);
  });

  it('adds no entry for an event whose state equals the last recorded: WeCom’s echo of the gateway’s own write', async () => {
    const stack = await withCallbacks();
    const id = (await stack.graphql(CreateScheduleDocument, { input: scheduleInput() })).data!.createSchedule.id;
    await stack.graphql(UpdateScheduleDocument, { input: { id, summary: 'Moved by the gateway' } });
    const before = await changes(stack);
    expect(before.map((change) => change.source)).toEqual(['GATEWAY', 'GATEWAY']);
    const calendarId = before[0].calendarId!;
    expect((await deliverEvent(stack, settings, { Event: 'modify_schedule', CalId: calendarId, ScheduleId: id })).status).toBe(200);
    await processed(stack, 1);
    expect(await metricValue(stack, 'wecom_gateway_callback_events_total', { outcome: 'unchanged' })).toBe(1);
    expect(await changes(stack)).toEqual(before);
  });

  it('retries an event while WeCom fails, then records it', async () => {
    // The breaker opens after these failures; it lets a trial through after its (here short) cooldown.
    const stack = await startStack({ gateway: { callback: { ...settings, retry: { firstRetryDelayMs: 50 } }, breaker: { cooldownMs: 100 } } });
    const calendarId = stack.emulator.addCalendar();
    const [id] = stack.emulator.seedSchedules(calendarId, 1);
    stack.emulator.failNextHttp('/cgi-bin/oa/schedule/get', 503, 6); // more than one call's own retries
    expect((await deliverEvent(stack, settings, { Event: 'modify_schedule', CalId: calendarId, ScheduleId: id })).status).toBe(200);
    const [change] = await changesOnceThere(stack, 1);
    expect(change).toMatchObject({ kind: 'SCHEDULE_UPDATED', scheduleId: id });
    expect(await metricValue(stack, 'wecom_gateway_callback_events_total', { outcome: 'retried' })).toBeGreaterThan(0);
  });

  it('drops an event after its bounded attempts, with an error log, and goes on with the next', async () => {
    const stack = await startStack({ gateway: { callback: { ...settings, retry: { maxAttempts: 2, firstRetryDelayMs: 10 } } } });
    const calendarId = stack.emulator.addCalendar();
    const [id] = stack.emulator.seedSchedules(calendarId, 1);
    stack.emulator.failNext('/cgi-bin/oa/schedule/get', 40003, 2); // a lasting refusal: each attempt fails once
    expect((await deliverEvent(stack, settings, { Event: 'modify_schedule', CalId: calendarId, ScheduleId: id })).status).toBe(200);
    await eventually(async () => ((await metricValue(stack, 'wecom_gateway_callback_events_total', { outcome: 'dropped' })) === 1 ? true : undefined));
    expect(stack.logs()).toContain('a WeCom callback event could not be recorded: dropped');
    expect(await changes(stack)).toEqual([]);
    expect((await deliverEvent(stack, settings, { Event: 'modify_calendar', CalId: calendarId })).status).toBe(200);
    await changesOnceThere(stack, 1);
  });
});
