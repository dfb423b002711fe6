import { CreateScheduleDocument, GetScheduleDocument } from '../../client/operations';
import type { BreakerState } from '../../src/resilience/circuit-breaker';
import { scheduleInput } from '../helpers/fixtures';
import { GraphQLResponse, SCHEDULE_ADD, SCHEDULE_GET, TestStack, TestStackOptions, startTestStack } from '../helpers/test-stack';
import { sample, scrape } from '../observability/metrics-scrape';

/**
 * API.md part 1: "A WeCom that does not answer yields WECOM_UNAVAILABLE within 10 s by default; once WeCom
 * answers again, requests succeed again within 5 s", and issue 11: a dead WeCom costs callers milliseconds.
 * One breaker per WeCom API, opened by transport failures and -1 only, never by business errcodes.
 */

const TIMEOUT_MS = 600;
const FAILURES = 3;
const COOLDOWN_MS = 1500;
const GET = 'oa/schedule/get';
const ADD = 'oa/schedule/add';
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

let stacks: TestStack[] = [];
afterEach(async () => {
  for (const stack of stacks.reverse()) await stack.stop();
  stacks = [];
});

interface Ready {
  stack: TestStack;
  scheduleId: string;
  changes: [string, BreakerState][];
}

/** A stack with a short timeout and breaker, a token already held and one schedule stored. */
async function readyStack(gateway: TestStackOptions['gateway'] = {}): Promise<Ready> {
  const changes: [string, BreakerState][] = [];
  const stack = await startTestStack({
    gateway: {
      // Each request's own call is what the breaker lets through or refuses here (with shared calls, reads
      // of the same id during a trial call join it instead of being refused).
      coalescing: { enabled: false },
      wecomTimeoutMs: TIMEOUT_MS,
      breaker: { failureThreshold: FAILURES, cooldownMs: COOLDOWN_MS, onStateChange: (api, state) => changes.push([api, state]) },
      ...gateway,
    },
  });
  stacks.push(stack);
  const created = await stack.graphql(CreateScheduleDocument, { input: scheduleInput({ summary: 'Breaker' }) });
  expect(created.errors).toBeUndefined();
  stack.emulator.resetCalls();
  return { stack, scheduleId: created.data!.createSchedule.id, changes };
}

async function timed<T>(run: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const started = performance.now();
  const result = await run();
  return { result, ms: performance.now() - started };
}

function expectRefusedByBreaker(res: GraphQLResponse<unknown>): void {
  const extensions = res.errors?.[0].extensions;
  expect(extensions).toMatchObject({ code: 'WECOM_UNAVAILABLE', circuitOpen: true });
  expect(Number.isInteger(extensions?.retryAfterSeconds)).toBe(true);
  expect(extensions?.retryAfterSeconds).toBeGreaterThanOrEqual(1);
  expect(extensions?.retryAfterSeconds).toBeLessThanOrEqual(Math.ceil(COOLDOWN_MS / 1000));
}

/**
 * Opens the schedule/get breaker with a hanging WeCom: the first callers wait for their timeout. A read may
 * make a second attempt when undici's coarse headers timer fires before the deadline: each attempt counts.
 */
async function openByHanging({ stack, scheduleId }: Ready): Promise<void> {
  stack.emulator.hang(SCHEDULE_GET);
  for (let i = 0; i < FAILURES && stack.gateway.breakers.state(GET) === 'closed'; i++) {
    const res = await stack.graphql(GetScheduleDocument, { id: scheduleId });
    expect(res.errors?.[0].extensions?.code).toBe('WECOM_UNAVAILABLE');
    if (i === 0) expect(res.errors?.[0].message).toContain('timed out'); // waited for WeCom, was not refused
  }
  expect(stack.gateway.breakers.state(GET)).toBe('open');
  expect(stack.emulator.callCount(SCHEDULE_GET)).toBe(FAILURES); // opened by exactly that many failed attempts
}

describe('a WeCom that does not answer', () => {
  it('costs the first callers their timeout, then callers get WECOM_UNAVAILABLE with retryAfterSeconds at once and WeCom is not called', async () => {
    const ready = await readyStack();
    await openByHanging(ready);
    const callsWhenOpened = ready.stack.emulator.callCount(SCHEDULE_GET);
    expect(callsWhenOpened).toBe(FAILURES);

    for (let i = 0; i < 5; i++) {
      const { result, ms } = await timed(() => ready.stack.graphql(GetScheduleDocument, { id: ready.scheduleId }));
      expectRefusedByBreaker(result);
      expect(result.data?.schedule ?? null).toBeNull();
      expect(ms).toBeLessThan(TIMEOUT_MS); // not one more timeout: refused before any call
    }
    expect(ready.stack.emulator.callCount(SCHEDULE_GET)).toBe(callsWhenOpened);
    expect(ready.changes).toEqual([[GET, 'open']]);
  });

  it('opens on a refused connection too, counting each attempt of a retried read', async () => {
    const ready = await readyStack();
    await ready.stack.emulator.close(); // the token is held: API calls now meet a closed port
    const first = await ready.stack.graphql(GetScheduleDocument, { id: ready.scheduleId }); // 3 attempts: opens
    expect(first.errors?.[0].extensions).toMatchObject({ code: 'WECOM_UNAVAILABLE' });
    expect(ready.stack.gateway.breakers.state(GET)).toBe('open');
    expectRefusedByBreaker(await ready.stack.graphql(GetScheduleDocument, { id: ready.scheduleId }));
  });

  it('stops a read’s retries as soon as the breaker opens: the refusal is not retried', async () => {
    const ready = await readyStack({ breaker: { failureThreshold: 2, cooldownMs: COOLDOWN_MS } });
    ready.stack.emulator.failNextHttp(SCHEDULE_GET, 502, 10);

    const res = await ready.stack.graphql(GetScheduleDocument, { id: ready.scheduleId });

    expectRefusedByBreaker(res); // the third attempt met the open breaker
    expect(ready.stack.emulator.callCount(SCHEDULE_GET)).toBe(2);
  });

  it('counts WeCom busy (-1) as a failure: reads answered -1 open it', async () => {
    const ready = await readyStack();
    ready.stack.emulator.failNext(SCHEDULE_GET, -1, 10);
    const res = await ready.stack.graphql(GetScheduleDocument, { id: ready.scheduleId });
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'WECOM_UNAVAILABLE', wecomErrcode: -1 });
    expect(ready.stack.gateway.breakers.state(GET)).toBe('open');
  });
});

describe('business errcodes', () => {
  it.each([
    [60011, 'WECOM_FORBIDDEN'],
    [90461, 'NOT_FOUND'],
    [40058, 'WECOM_ERROR'],
    [45033, 'WECOM_RATE_LIMITED'],
  ])('never open it: %i answered many times in a row, and the next read still reaches WeCom', async (errcode, code) => {
    const ready = await readyStack();
    const times = FAILURES * 4;
    ready.stack.emulator.failNext(SCHEDULE_GET, errcode, times);
    let answered = 0;
    while (ready.stack.emulator.callCount(SCHEDULE_GET) < times) {
      const res = await ready.stack.graphql(GetScheduleDocument, { id: ready.scheduleId });
      if (res.errors) expect(res.errors[0].extensions).toMatchObject({ code, wecomErrcode: errcode });
      answered += 1;
    }
    expect(answered).toBeGreaterThanOrEqual(FAILURES);
    expect(ready.stack.gateway.breakers.state(GET)).toBe('closed');
    const res = await ready.stack.graphql(GetScheduleDocument, { id: ready.scheduleId });
    expect(res.errors).toBeUndefined();
    expect(res.data?.schedule?.summary).toBe('Breaker');
    expect(ready.changes).toEqual([]);
  });
});

describe('writes while open', () => {
  it('are not sent: a create is refused with WECOM_UNAVAILABLE and nothing is created', async () => {
    const ready = await readyStack();
    ready.stack.emulator.failNextHttp(SCHEDULE_ADD, 503, FAILURES); // a write is one attempt each
    for (let i = 0; i < FAILURES; i++) {
      const res = await ready.stack.graphql(CreateScheduleDocument, { input: scheduleInput() });
      expect(res.errors?.[0].extensions?.code).toBe('WECOM_UNAVAILABLE');
    }
    expect(ready.stack.gateway.breakers.state(ADD)).toBe('open');
    const before = ready.stack.emulator.scheduleCount();

    const res = await ready.stack.graphql(CreateScheduleDocument, { input: scheduleInput(), idempotencyKey: 'breaker-refused-1' });

    expectRefusedByBreaker(res);
    expect(res.errors?.[0].extensions?.outcomeUnknown).toBeUndefined(); // certainly not written
    expect(ready.stack.emulator.callCount(SCHEDULE_ADD)).toBe(FAILURES);
    expect(ready.stack.emulator.scheduleCount()).toBe(before);

    await sleep(COOLDOWN_MS + 50); // the refused create was not remembered: the same key now creates it
    const retried = await ready.stack.graphql(CreateScheduleDocument, { input: scheduleInput(), idempotencyKey: 'breaker-refused-1' });
    expect(retried.errors).toBeUndefined();
    expect(ready.stack.emulator.scheduleCount()).toBe(before + 1);
    expect(ready.stack.gateway.breakers.state(ADD)).toBe('closed');
  });
});

describe('recovery', () => {
  it('after the cool-down one trial call goes, the others are still refused, and a failed trial opens it again', async () => {
    const ready = await readyStack();
    await openByHanging(ready);
    await sleep(COOLDOWN_MS + 50);
    expect(ready.stack.gateway.breakers.state(GET)).toBe('half-open');
    const callsBefore = ready.stack.emulator.callCount(SCHEDULE_GET);

    const trial = ready.stack.graphql(GetScheduleDocument, { id: ready.scheduleId }); // WeCom still hangs
    await sleep(100);
    for (let i = 0; i < 3; i++) expectRefusedByBreaker(await ready.stack.graphql(GetScheduleDocument, { id: ready.scheduleId }));
    expect(ready.stack.emulator.callCount(SCHEDULE_GET)).toBe(callsBefore + 1);

    expect((await trial).errors?.[0].extensions).toMatchObject({ code: 'WECOM_UNAVAILABLE' });
    expect(ready.stack.gateway.breakers.state(GET)).toBe('open');
    expect(ready.changes).toEqual([
      [GET, 'open'],
      [GET, 'half-open'],
      [GET, 'open'],
    ]);
  });

  it('once WeCom answers again, requests succeed within the cool-down plus one call, and the breaker closes', async () => {
    const ready = await readyStack();
    await openByHanging(ready);
    ready.stack.emulator.release();
    const released = performance.now();

    let res = await ready.stack.graphql(GetScheduleDocument, { id: ready.scheduleId });
    expectRefusedByBreaker(res); // still cooling down: WeCom is not probed by every caller
    while (res.errors && performance.now() - released < COOLDOWN_MS + TIMEOUT_MS + 1000) {
      await sleep(100);
      res = await ready.stack.graphql(GetScheduleDocument, { id: ready.scheduleId });
    }

    expect(res.errors).toBeUndefined();
    expect(res.data?.schedule?.summary).toBe('Breaker');
    expect(performance.now() - released).toBeLessThan(COOLDOWN_MS + TIMEOUT_MS + 1000);
    expect(ready.stack.gateway.breakers.state(GET)).toBe('closed');
    expect(ready.changes.map(([, state]) => state)).toEqual(['open', 'half-open', 'closed']);
    expect((await ready.stack.graphql(GetScheduleDocument, { id: ready.scheduleId })).errors).toBeUndefined();
  });

  it('spends no call budget on refused calls: the budget is intact for the recovery', async () => {
    // per API: the set-up read-back + 3 failures + 1 trial + 1 read = 6 units; 10 refusals in between would exhaust it if they spent budget.
    const ready = await readyStack({ callBudget: { callsPerMinute: 6 } });
    await openByHanging(ready);
    for (let i = 0; i < 10; i++) expectRefusedByBreaker(await ready.stack.graphql(GetScheduleDocument, { id: ready.scheduleId }));
    ready.stack.emulator.release();
    await sleep(COOLDOWN_MS + 50);

    for (let i = 0; i < 2; i++) {
      const res = await ready.stack.graphql(GetScheduleDocument, { id: ready.scheduleId });
      expect(res.errors).toBeUndefined();
    }
  });
});

describe('one breaker per WeCom API', () => {
  it('an open schedule/get does not stop schedule/add, and each API’s state is readable', async () => {
    const ready = await readyStack();
    await openByHanging(ready);

    const created = await ready.stack.graphql(CreateScheduleDocument, { input: scheduleInput({ summary: 'Still writable' }) });

    expect(created.errors).toBeUndefined(); // the read-back is refused, so the schedule comes back as written
    expect(created.data?.createSchedule.summary).toBe('Still writable');
    expect(ready.stack.emulator.callCount(SCHEDULE_ADD)).toBe(1);
    expect(ready.stack.gateway.breakers.states()).toEqual({ [GET]: 'open', [ADD]: 'closed' });
    // Operators see it too: wecom_gateway_breaker_state is 2 (open) for schedule/get.
    const metrics = await scrape(ready.stack.gateway);
    expect(sample(metrics, 'wecom_gateway_breaker_state', { api: GET })).toBe(2);
  });
});
