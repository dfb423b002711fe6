import { CreateScheduleDocument, GetScheduleDocument } from '../../client/operations';
import { scheduleInput } from '../helpers/fixtures';
import {
  GETTOKEN,
  SCHEDULE_ADD,
  SCHEDULE_GET,
  TestStack,
  TestStackOptions,
  startTestStack,
} from '../helpers/test-stack';

/**
 * API.md "Errors" and "Semantics": reads are retried with backoff on busy / rate-limited / unreachable
 * WeCom, writes never are (a lost answer may hide an applied write); every WeCom errcode reaches the
 * caller as a contract code with `wecomErrcode`, never with WeCom's errmsg.
 */

const TIMEOUT_MS = 1500;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

let stacks: TestStack[] = [];
async function stackFor(options: TestStackOptions = {}): Promise<TestStack> {
  const stack = await startTestStack(options);
  stacks.push(stack);
  return stack;
}
afterEach(async () => {
  for (const stack of stacks.reverse()) await stack.stop();
  stacks = [];
});

/** A fresh stack with the short per-call budget, a token already held and one schedule stored. */
async function readyStack(): Promise<{ stack: TestStack; scheduleId: string }> {
  const stack = await stackFor({ gateway: { wecomTimeoutMs: TIMEOUT_MS } });
  const created = await stack.graphql(CreateScheduleDocument, { input: scheduleInput({ summary: 'Resilient' }) });
  expect(created.errors).toBeUndefined();
  stack.emulator.resetCalls();
  return { stack, scheduleId: created.data!.createSchedule.id };
}

async function timed<T>(run: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const started = Date.now();
  const result = await run();
  return { result, ms: Date.now() - started };
}

/** WeCom's errmsg (e.g. "api freq out of limit, hint: [...], from ip: 127.0.0.1, more info at ...") never reaches callers. */
function expectNoWeComErrmsg(text: string): void {
  expect(text).not.toContain('hint:');
  expect(text).not.toContain('from ip:');
  expect(text).not.toContain('more info at');
  expect(text).not.toContain('open.work.weixin.qq.com');
}

describe('rate limits', () => {
  it.each([45009, 45033])('a rate-limited write (%i) fails with WECOM_RATE_LIMITED after one call and creates nothing', async (errcode) => {
    const { stack } = await readyStack();
    const before = stack.emulator.scheduleCount();
    stack.emulator.failNext(SCHEDULE_ADD, errcode);

    const res = await stack.graphql(CreateScheduleDocument, { input: scheduleInput() });

    expect(res.data ?? null).toBeNull();
    expect(res.errors).toHaveLength(1);
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'WECOM_RATE_LIMITED', wecomErrcode: errcode });
    expect(stack.emulator.callCount(SCHEDULE_ADD)).toBe(1);
    expect(stack.emulator.scheduleCount()).toBe(before);
    expectNoWeComErrmsg(res.text);
  });

  it('a read over WeCom’s concurrency limit (45033) is backed off and retried, and then succeeds', async () => {
    const { stack, scheduleId } = await readyStack();
    stack.emulator.failNext(SCHEDULE_GET, 45033, 1);

    const res = await stack.graphql(GetScheduleDocument, { id: scheduleId });

    expect(res.errors).toBeUndefined();
    expect(res.data?.schedule).toMatchObject({ id: scheduleId, summary: 'Resilient' });
    expect(stack.emulator.callCount(SCHEDULE_GET)).toBe(2);
  });

  it('a read over the concurrency limit (45033) on every attempt fails with WECOM_RATE_LIMITED after a bounded number of calls', async () => {
    const { stack, scheduleId } = await readyStack();
    stack.emulator.failNext(SCHEDULE_GET, 45033, 10);

    const { result: res, ms } = await timed(() => stack.graphql(GetScheduleDocument, { id: scheduleId }));

    expect(res.data?.schedule ?? null).toBeNull();
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'WECOM_RATE_LIMITED', wecomErrcode: 45033, retryAfterSeconds: 1 });
    expect(stack.emulator.callCount(SCHEDULE_GET)).toBeGreaterThanOrEqual(2);
    expect(stack.emulator.callCount(SCHEDULE_GET)).toBeLessThanOrEqual(3);
    expect(ms).toBeLessThan(TIMEOUT_MS + 1000);
    expectNoWeComErrmsg(res.text);
  });

  it('a read answered 45009 (frequency limit) is not retried into WeCom’s block: one call, then WECOM_RATE_LIMITED', async () => {
    const { stack, scheduleId } = await readyStack();
    stack.emulator.failNext(SCHEDULE_GET, 45009, 10);

    const res = await stack.graphql(GetScheduleDocument, { id: scheduleId });

    expect(res.errors?.[0].extensions).toMatchObject({ code: 'WECOM_RATE_LIMITED', wecomErrcode: 45009 });
    expect(res.errors?.[0].extensions?.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(stack.emulator.callCount(SCHEDULE_GET)).toBe(1);
    expectNoWeComErrmsg(res.text);
  });
});

describe('busy (-1) and HTTP 5xx', () => {
  it('errcode -1 on a read is retried and the read succeeds', async () => {
    const { stack, scheduleId } = await readyStack();
    stack.emulator.failNext(SCHEDULE_GET, -1, 2);

    const res = await stack.graphql(GetScheduleDocument, { id: scheduleId });

    expect(res.errors).toBeUndefined();
    expect(res.data?.schedule?.id).toBe(scheduleId);
    expect(stack.emulator.callCount(SCHEDULE_GET)).toBe(3);
  });

  it('errcode -1 on a write is WECOM_UNAVAILABLE after one call, and nothing is created', async () => {
    const { stack } = await readyStack();
    const before = stack.emulator.scheduleCount();
    stack.emulator.failNext(SCHEDULE_ADD, -1);

    const res = await stack.graphql(CreateScheduleDocument, { input: scheduleInput() });

    expect(res.errors?.[0].extensions).toMatchObject({ code: 'WECOM_UNAVAILABLE', wecomErrcode: -1 });
    expect(stack.emulator.callCount(SCHEDULE_ADD)).toBe(1);
    expect(stack.emulator.scheduleCount()).toBe(before);
    expectNoWeComErrmsg(res.text);
  });

  it('HTTP 502 on a read is retried and the read succeeds', async () => {
    const { stack, scheduleId } = await readyStack();
    stack.emulator.failNextHttp(SCHEDULE_GET, 502, 1);

    const res = await stack.graphql(GetScheduleDocument, { id: scheduleId });

    expect(res.errors).toBeUndefined();
    expect(res.data?.schedule?.id).toBe(scheduleId);
    expect(stack.emulator.callCount(SCHEDULE_GET)).toBe(2);
  });

  it('HTTP 502 on every read attempt is WECOM_UNAVAILABLE after a bounded number of calls', async () => {
    const { stack, scheduleId } = await readyStack();
    stack.emulator.failNextHttp(SCHEDULE_GET, 502, 10);

    const res = await stack.graphql(GetScheduleDocument, { id: scheduleId });

    expect(res.errors?.[0].extensions?.code).toBe('WECOM_UNAVAILABLE');
    expect(stack.emulator.callCount(SCHEDULE_GET)).toBeGreaterThanOrEqual(2);
    expect(stack.emulator.callCount(SCHEDULE_GET)).toBeLessThanOrEqual(3);
  });

  it('HTTP 502 on a write is WECOM_UNAVAILABLE and the write is not retried', async () => {
    const { stack } = await readyStack();
    stack.emulator.failNextHttp(SCHEDULE_ADD, 502, 1);

    const res = await stack.graphql(CreateScheduleDocument, { input: scheduleInput() });

    expect(res.data ?? null).toBeNull();
    expect(res.errors?.[0].extensions?.code).toBe('WECOM_UNAVAILABLE');
    expect(stack.emulator.callCount(SCHEDULE_ADD)).toBe(1);
  });
});

describe('a WeCom that does not answer', () => {
  it('a hanging read is WECOM_UNAVAILABLE within the budget, and once released the next request succeeds quickly', async () => {
    const { stack, scheduleId } = await readyStack();
    stack.emulator.hang(SCHEDULE_GET);

    const hung = await timed(() => stack.graphql(GetScheduleDocument, { id: scheduleId }));

    expect(hung.result.errors?.[0].extensions?.code).toBe('WECOM_UNAVAILABLE');
    expect(hung.ms).toBeGreaterThanOrEqual(TIMEOUT_MS - 100);
    expect(hung.ms).toBeLessThan(3000);

    stack.emulator.release();
    const recovered = await timed(() => stack.graphql(GetScheduleDocument, { id: scheduleId }));
    expect(recovered.result.errors).toBeUndefined();
    expect(recovered.result.data?.schedule?.id).toBe(scheduleId);
    expect(recovered.ms).toBeLessThan(5000);
  });

  it('a WeCom hanging on every path (gettoken too) is WECOM_UNAVAILABLE within the budget, then recovers once released', async () => {
    const stack = await stackFor({ gateway: { wecomTimeoutMs: TIMEOUT_MS } });
    stack.emulator.hang();

    const hung = await timed(() => stack.graphql(GetScheduleDocument, { id: 'any' }));
    expect(hung.result.errors?.[0].extensions?.code).toBe('WECOM_UNAVAILABLE');
    expect(hung.ms).toBeLessThan(3000);

    stack.emulator.release();
    const recovered = await timed(() => stack.graphql(GetScheduleDocument, { id: 'any' }));
    expect(recovered.result.errors).toBeUndefined();
    expect(recovered.result.data?.schedule).toBeNull();
    expect(recovered.ms).toBeLessThan(5000);
  });

  it('a write whose answer is lost is WECOM_UNAVAILABLE and is never replayed', async () => {
    const { stack } = await readyStack();
    stack.emulator.hang(SCHEDULE_ADD);

    const lost = await timed(() => stack.graphql(CreateScheduleDocument, { input: scheduleInput({ summary: 'Lost answer' }) }));

    expect(lost.result.data ?? null).toBeNull();
    expect(lost.result.errors?.[0].extensions?.code).toBe('WECOM_UNAVAILABLE');
    expect(lost.ms).toBeLessThan(3000);
    expect(stack.emulator.callCount(SCHEDULE_ADD)).toBe(1);

    // WeCom processes the held write late; the gateway still must not send it again.
    stack.emulator.release();
    await sleep(300);
    expect(stack.emulator.callCount(SCHEDULE_ADD)).toBe(1);
  });

  it('without wecomTimeoutMs, a WeCom that is slow (2 s) but answers is still waited for', async () => {
    const stack = await stackFor();
    stack.emulator.setLatency(2000, SCHEDULE_GET);

    const slow = await timed(() => stack.graphql(GetScheduleDocument, { id: 'any' }));

    expect(slow.result.errors).toBeUndefined();
    expect(slow.result.data?.schedule).toBeNull();
    expect(slow.ms).toBeGreaterThanOrEqual(1900);
    expect(stack.emulator.callCount(SCHEDULE_GET)).toBe(1);
  });
});

describe('read-back after a successful write', () => {
  it('a failing read-back still answers the mutation with the schedule as written, not an error', async () => {
    const { stack } = await readyStack();
    const before = stack.emulator.scheduleCount();
    // createSchedule does not read before writing: every schedule/get from here on is the read-back.
    stack.emulator.failNext(SCHEDULE_GET, -1, 5);

    const res = await stack.graphql(CreateScheduleDocument, {
      input: scheduleInput({ summary: 'Written, not read back', reminders: { remindTimeDiffs: [-900] } }),
    });

    expect(res.errors).toBeUndefined();
    const created = res.data!.createSchedule;
    expect(stack.emulator.callCount(SCHEDULE_ADD)).toBe(1);
    expect(stack.emulator.callCount(SCHEDULE_GET)).toBeGreaterThanOrEqual(1);
    expect(stack.emulator.scheduleCount()).toBe(before + 1);
    expect(stack.emulator.storedSchedule(created.id)).toBeDefined();
    expect(created).toMatchObject({
      summary: 'Written, not read back',
      description: 'Quarterly design review',
      location: 'Room 301',
      startTime: '2026-12-01T02:00:00.000Z',
      endTime: '2026-12-01T03:00:00.000Z',
      status: 'ACTIVE',
      isWholeDay: false,
      admins: ['alice'],
      attendees: [
        { userId: 'alice', response: 'PENDING' },
        { userId: 'bob', response: 'PENDING' },
      ],
      reminders: { isRemind: true, remindTimeDiffs: [-900], isRepeat: false },
    });
  });
});

describe('errcode mapping reaches the caller, without WeCom’s errmsg', () => {
  it.each([
    [48002, 'WECOM_FORBIDDEN'],
    [60020, 'WECOM_FORBIDDEN'],
    [60011, 'WECOM_FORBIDDEN'],
    [12345, 'WECOM_ERROR'],
  ])('WeCom %i on a read is %s with wecomErrcode, after one call', async (errcode, code) => {
    const { stack, scheduleId } = await readyStack();
    stack.emulator.failNext(SCHEDULE_GET, errcode);

    const res = await stack.graphql(GetScheduleDocument, { id: scheduleId });

    expect(res.data?.schedule ?? null).toBeNull();
    expect(res.errors).toHaveLength(1);
    expect(res.errors?.[0].extensions).toMatchObject({ code, wecomErrcode: errcode });
    expect(stack.emulator.callCount(SCHEDULE_GET)).toBe(1);
    expectNoWeComErrmsg(res.text);
    expect(res.text).not.toContain('unknown error');
  });

  it('WeCom 48002 on a write is WECOM_FORBIDDEN with wecomErrcode, and nothing is created', async () => {
    const { stack } = await readyStack();
    const before = stack.emulator.scheduleCount();
    stack.emulator.failNext(SCHEDULE_ADD, 48002);

    const res = await stack.graphql(CreateScheduleDocument, { input: scheduleInput() });

    expect(res.errors?.[0].extensions).toMatchObject({ code: 'WECOM_FORBIDDEN', wecomErrcode: 48002 });
    expect(stack.emulator.callCount(SCHEDULE_ADD)).toBe(1);
    expect(stack.emulator.scheduleCount()).toBe(before);
    expectNoWeComErrmsg(res.text);
  });

  it('a transient failure while fetching the token (gettoken -1) is retried and the request succeeds', async () => {
    const stack = await stackFor({ gateway: { wecomTimeoutMs: TIMEOUT_MS } });
    stack.emulator.failNext(GETTOKEN, -1, 1);

    const res = await stack.graphql(GetScheduleDocument, { id: 'any' });

    expect(res.errors).toBeUndefined();
    expect(stack.emulator.callCount(GETTOKEN)).toBe(2);
  });
});
