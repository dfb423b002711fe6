import { randomUUID } from 'node:crypto';
import { print } from 'graphql';
import { CreateCalendarDocument, CreateScheduleDocument, UpdateScheduleDocument } from '../../client/operations';
import { Scope } from '../../src/callers/caller';
import { bearer, newApiKey, postGraphQL } from '../helpers/callers';
import { scheduleInput } from '../helpers/fixtures';
import { SCHEDULE_ADD, SCHEDULE_GET, TestStack, startTestStack } from '../helpers/test-stack';

const CALENDAR_ADD = '/cgi-bin/oa/calendar/add';
const GET_BY_CALENDAR = '/cgi-bin/oa/schedule/get_by_calendar';
const key = () => `key-${randomUUID()}`;
const HR = newApiKey('hr', [Scope.Write]);
const ROOMS = newApiKey('meeting-rooms', [Scope.Write]);

/** WeCom calls received so far, gettoken excluded. */
const wecomCalls = (stack: TestStack) => stack.emulator.calls().filter((call) => !call.path.endsWith('/gettoken')).length;

describe('createSchedule / createCalendar with an idempotencyKey (one instance)', () => {
  let stack: TestStack;
  beforeAll(async () => {
    // Two real API keys, so that two callers can use the same key (per-caller records); requests
    // without a credential are the HR system's.
    // The tests share one stack and inject lost answers on oa/schedule/add one after another: the circuit
    // breaker (its own tests: circuit-breaker.test.ts) is set out of their way.
    stack = await startTestStack({
      gateway: { auth: { methods: ['api-key'], apiKeys: [HR.entry, ROOMS.entry] }, breaker: { failureThreshold: 1000 } },
      authorization: bearer(HR.key).authorization,
    });
  });
  afterAll(() => stack.stop());
  afterEach(() => stack.emulator.setLatency(0));

  const createSchedule = (input = scheduleInput(), idempotencyKey?: string | null) =>
    stack.graphql(CreateScheduleDocument, { input, idempotencyKey });

  it('answers a repeated key with the first result, without calling WeCom again (a replay, not a re-read)', async () => {
    const k = key();
    const first = await createSchedule(scheduleInput(), k);
    expect(first.errors).toBeUndefined();
    const id = first.data!.createSchedule.id;
    await stack.graphql(UpdateScheduleDocument, { input: { id, summary: 'Renamed later' } });

    const calls = wecomCalls(stack);
    const repeat = await createSchedule(scheduleInput(), k);
    expect(repeat.errors).toBeUndefined();
    expect(repeat.data).toEqual(first.data);
    expect(repeat.data!.createSchedule.summary).toBe('Design review');
    expect(wecomCalls(stack)).toBe(calls);
  });

  it('creates one schedule for concurrent requests with one key, and all of them answer it', async () => {
    const k = key();
    const adds = stack.emulator.callCount(SCHEDULE_ADD);
    stack.emulator.setLatency(300, SCHEDULE_ADD);
    const answers = await Promise.all(Array.from({ length: 6 }, () => createSchedule(scheduleInput(), k)));
    for (const answer of answers) expect(answer.errors).toBeUndefined();
    expect(new Set(answers.map((answer) => answer.data!.createSchedule.id)).size).toBe(1);
    expect(stack.emulator.callCount(SCHEDULE_ADD)).toBe(adds + 1);
  });

  it('refuses the same key with a different input: BAD_USER_INPUT on idempotencyKey, nothing created', async () => {
    const k = key();
    expect((await createSchedule(scheduleInput(), k)).errors).toBeUndefined();
    const calls = wecomCalls(stack);
    const changed = await createSchedule(scheduleInput({ summary: 'Another meeting' }), k);
    expect(changed.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'idempotencyKey' });
    expect(wecomCalls(stack)).toBe(calls);
    const asCalendar = await stack.graphql(CreateCalendarDocument, { input: { summary: 'Team', color: '#112233' }, idempotencyKey: k });
    expect(asCalendar.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'idempotencyKey' });
    expect(wecomCalls(stack)).toBe(calls);
  });

  it('takes an equivalent input (other offset, other list order, explicit defaults) as the same create', async () => {
    const k = key();
    const base = scheduleInput({ admins: ['alice', 'bob'], reminders: { remindTimeDiffs: [-900, -300] } });
    const first = await createSchedule(base, k);
    expect(first.errors).toBeUndefined();
    const adds = stack.emulator.callCount(SCHEDULE_ADD);
    const equivalent = scheduleInput({
      startTime: '2026-12-01T02:00:00Z',
      endTime: '2026-12-01T03:00:00.000Z',
      admins: ['bob', 'alice'],
      attendees: [{ userId: 'bob' }, { userId: 'alice' }],
      isWholeDay: false,
      reminders: { remindTimeDiffs: [-300, -900], isRemind: true, repeatDayOfWeek: [] },
    });
    const repeat = await createSchedule(equivalent, k);
    expect(repeat.errors).toBeUndefined();
    expect(repeat.data!.createSchedule.id).toBe(first.data!.createSchedule.id);
    expect(stack.emulator.callCount(SCHEDULE_ADD)).toBe(adds);
  });

  it('does not remember a first attempt that failed for certain: the key can be used again', async () => {
    const k = key();
    const invalid = await createSchedule(scheduleInput({ endTime: '2026-12-01T09:00:00+08:00' }), k);
    expect(invalid.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');

    stack.emulator.failNext(SCHEDULE_ADD, 90207);
    const refused = await createSchedule(scheduleInput(), k);
    expect(refused.errors?.[0].extensions?.wecomErrcode).toBe(90207);
    expect(refused.errors?.[0].extensions?.outcomeUnknown).toBeUndefined();

    const adds = stack.emulator.callCount(SCHEDULE_ADD);
    const retried = await createSchedule(scheduleInput(), k);
    expect(retried.errors).toBeUndefined();
    expect(stack.emulator.callCount(SCHEDULE_ADD)).toBe(adds + 1);
  });

  it('after a lost answer, finds the schedule WeCom created and answers it (then replays it)', async () => {
    const calendarId = stack.emulator.addCalendar();
    stack.emulator.seedSchedules(calendarId, 3, { summary: 'Something else' });
    const input = scheduleInput({ calendarId });
    const k = key();
    const count = stack.emulator.scheduleCount();
    stack.emulator.loseAnswerNext(SCHEDULE_ADD);
    const lost = await createSchedule(input, k);
    expect(lost.errors?.[0].extensions).toMatchObject({ code: 'WECOM_UNAVAILABLE', outcomeUnknown: true });
    expect(stack.emulator.scheduleCount()).toBe(count + 1);

    const adds = stack.emulator.callCount(SCHEDULE_ADD);
    const retry = await createSchedule(input, k);
    expect(retry.errors).toBeUndefined();
    expect(retry.data!.createSchedule).toMatchObject({ calendarId, summary: 'Design review', attendees: expect.any(Array) });
    expect(stack.emulator.storedSchedule(retry.data!.createSchedule.id)).toBeDefined();
    expect(stack.emulator.callCount(SCHEDULE_ADD)).toBe(adds);
    expect(stack.emulator.scheduleCount()).toBe(count + 1);

    const calls = wecomCalls(stack);
    expect((await createSchedule(input, k)).data).toEqual(retry.data);
    expect(wecomCalls(stack)).toBe(calls);
  });

  it('searches a big calendar page by page, and within the call budget: beyond 8,000 schedules it answers outcomeUnknown', async () => {
    const calendarId = stack.emulator.addCalendar();
    stack.emulator.seedSchedules(calendarId, 1500, { summary: 'Something else' });
    const k = key();
    stack.emulator.loseAnswerNext(SCHEDULE_ADD);
    await createSchedule(scheduleInput({ calendarId }), k);
    let pages = stack.emulator.callCount(GET_BY_CALENDAR);
    const found = await createSchedule(scheduleInput({ calendarId }), k);
    expect(found.errors).toBeUndefined();
    expect(stack.emulator.callCount(GET_BY_CALENDAR)).toBe(pages + 2);

    stack.emulator.seedSchedules(calendarId, 8000 - 1501, { summary: 'Something else' });
    const far = key();
    stack.emulator.loseAnswerNext(SCHEDULE_ADD);
    const farInput = scheduleInput({ calendarId, summary: 'Far away' });
    await createSchedule(farInput, far);
    pages = stack.emulator.callCount(GET_BY_CALENDAR);
    const adds = stack.emulator.callCount(SCHEDULE_ADD);
    const retry = await createSchedule(farInput, far);
    expect(retry.errors?.[0].extensions).toMatchObject({ code: 'WECOM_UNAVAILABLE', outcomeUnknown: true });
    expect(retry.errors?.[0].message).toMatch(/more than 8000 schedules/);
    expect(stack.emulator.callCount(GET_BY_CALENDAR)).toBe(pages + 8);
    expect(stack.emulator.callCount(SCHEDULE_ADD)).toBe(adds);
  });

  it('after a lost answer WeCom did not apply, a retry answers outcomeUnknown and never creates blindly', async () => {
    const calendarId = stack.emulator.addCalendar();
    const input = scheduleInput({ calendarId });
    const k = key();
    stack.emulator.failNextHttp(SCHEDULE_ADD, 502);
    expect((await createSchedule(input, k)).errors?.[0].extensions).toMatchObject({ code: 'WECOM_UNAVAILABLE', outcomeUnknown: true });

    const adds = stack.emulator.callCount(SCHEDULE_ADD);
    const pages = stack.emulator.callCount(GET_BY_CALENDAR);
    const retry = await createSchedule(input, k);
    expect(retry.errors?.[0].extensions).toMatchObject({ code: 'WECOM_UNAVAILABLE', outcomeUnknown: true });
    expect(stack.emulator.callCount(GET_BY_CALENDAR)).toBe(pages + 1);
    expect(stack.emulator.callCount(SCHEDULE_ADD)).toBe(adds);
  });

  it('after a lost answer in the default calendar (no calendarId), a retry answers outcomeUnknown without searching', async () => {
    const k = key();
    stack.emulator.loseAnswerNext(SCHEDULE_ADD);
    expect((await createSchedule(scheduleInput(), k)).errors?.[0].extensions?.outcomeUnknown).toBe(true);
    const calls = wecomCalls(stack);
    const retry = await createSchedule(scheduleInput(), k);
    expect(retry.errors?.[0].extensions).toMatchObject({ code: 'WECOM_UNAVAILABLE', outcomeUnknown: true });
    expect(retry.errors?.[0].message).toMatch(/default calendar/);
    expect(wecomCalls(stack)).toBe(calls);
  });

  it('createCalendar: a repeated key answers the first payload; after a lost answer a retry is outcomeUnknown', async () => {
    const input = { summary: 'Team', color: '#112233', shares: [{ userId: 'alice' }, { userId: 'bob' }] };
    const k = key();
    const first = await stack.graphql(CreateCalendarDocument, { input, idempotencyKey: k });
    expect(first.errors).toBeUndefined();
    const adds = stack.emulator.callCount(CALENDAR_ADD);
    const reordered = { ...input, shares: [{ userId: 'bob', permission: 'VIEW' as const }, { userId: 'alice' }] };
    const repeat = await stack.graphql(CreateCalendarDocument, { input: reordered, idempotencyKey: k });
    expect(repeat.data).toEqual(first.data);
    expect(stack.emulator.callCount(CALENDAR_ADD)).toBe(adds);

    const lostKey = key();
    stack.emulator.loseAnswerNext(CALENDAR_ADD);
    expect((await stack.graphql(CreateCalendarDocument, { input, idempotencyKey: lostKey })).errors?.[0].extensions?.outcomeUnknown).toBe(true);
    const retry = await stack.graphql(CreateCalendarDocument, { input, idempotencyKey: lostKey });
    expect(retry.errors?.[0].extensions).toMatchObject({ code: 'WECOM_UNAVAILABLE', outcomeUnknown: true });
    expect(stack.emulator.callCount(CALENDAR_ADD)).toBe(adds + 1);
  });

  it('keeps keys per caller: the same key from two callers makes two schedules', async () => {
    const k = key();
    const as = async (caller: typeof HR) => {
      const body = { query: print(CreateScheduleDocument), variables: { input: scheduleInput(), idempotencyKey: k } };
      return (await postGraphQL(stack.gateway.url, body, bearer(caller.key))) as unknown as { data: { createSchedule: { id: string } } };
    };
    const hr = await as(HR);
    const rooms = await as(ROOMS);
    expect(hr.data.createSchedule.id).not.toBe(rooms.data.createSchedule.id);
    expect((await as(HR)).data.createSchedule.id).toBe(hr.data.createSchedule.id);
  });

  it('refuses a key over 255 characters or empty, before calling WeCom; without a key every create creates', async () => {
    const calls = wecomCalls(stack);
    for (const bad of ['x'.repeat(256), '']) {
      const { errors } = await createSchedule(scheduleInput(), bad);
      expect(errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'idempotencyKey' });
    }
    expect(wecomCalls(stack)).toBe(calls);
    expect((await createSchedule(scheduleInput(), 'x'.repeat(255))).errors).toBeUndefined();

    const adds = stack.emulator.callCount(SCHEDULE_ADD);
    await createSchedule(scheduleInput(), null);
    await createSchedule(scheduleInput());
    expect(stack.emulator.callCount(SCHEDULE_ADD)).toBe(adds + 2);
    expect(stack.emulator.callCount(SCHEDULE_GET)).toBeGreaterThan(0);
  });
});
