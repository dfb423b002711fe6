import type { EmulatorApp, WeComEmulator } from '../../src/emulator/wecom-emulator';
import { CreateScheduleDocument, GetScheduleDocument } from '../../client/operations';
import { scheduleInput } from '../helpers/fixtures';
import { GETTOKEN, SCHEDULE_ADD, SCHEDULE_GET, TestStack, TestStackOptions, startTestStack } from '../helpers/test-stack';

/**
 * API.md "Semantics": one access token per app, fetched once and shared by concurrent requests; a
 * rejected token (40001/40014/42001 on an API call) is refreshed and the call retried once, invisibly;
 * at gettoken, 40001/40013 are configuration faults (WECOM_AUTH_FAILED, no retry loop).
 */

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The access_token query value of each call received on `path`, in arrival order. */
function tokensSeen(emulator: WeComEmulator, path: string): string[] {
  return emulator.calls(path).map((call) => call.query.access_token);
}

let stacks: TestStack[] = [];
async function stackFor(options: TestStackOptions = {}): Promise<TestStack> {
  // Concurrent requests here must each call WeCom (the token's sharing is what is tested): no shared calls.
  const stack = await startTestStack({ ...options, gateway: { coalescing: { enabled: false }, ...options.gateway } });
  stacks.push(stack);
  return stack;
}
afterEach(async () => {
  // Gateways sharing an emulator first, the emulator's owner last.
  for (const stack of stacks.reverse()) await stack.stop();
  stacks = [];
});

describe('access token: fetched once, shared and reused', () => {
  it('30 concurrent first requests cause exactly one gettoken call', async () => {
    const stack = await stackFor();
    // Keep the first gettoken in flight long enough for all 30 requests to need a token meanwhile.
    stack.emulator.setLatency(300, GETTOKEN);

    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) => stack.graphql(GetScheduleDocument, { id: `unknown-${i}` })),
    );

    for (const result of results) {
      expect(result.errors).toBeUndefined();
      expect(result.data?.schedule).toBeNull();
    }
    expect(stack.emulator.callCount(GETTOKEN)).toBe(1);
    expect(stack.emulator.callCount(SCHEDULE_GET)).toBe(30);
    expect(new Set(tokensSeen(stack.emulator, SCHEDULE_GET)).size).toBe(1);
  });

  it('reuses the token for later requests: gettoken stays at one across many requests', async () => {
    const stack = await stackFor();
    const created = await stack.graphql(CreateScheduleDocument, { input: scheduleInput() });
    expect(created.errors).toBeUndefined();
    for (let i = 0; i < 10; i++) {
      const read = await stack.graphql(GetScheduleDocument, { id: created.data!.createSchedule.id });
      expect(read.errors).toBeUndefined();
      expect(read.data?.schedule?.summary).toBe('Design review');
    }
    expect(stack.emulator.callCount(GETTOKEN)).toBe(1);
    const used = [...tokensSeen(stack.emulator, SCHEDULE_ADD), ...tokensSeen(stack.emulator, SCHEDULE_GET)];
    expect(used.length).toBeGreaterThanOrEqual(11);
    expect(new Set(used).size).toBe(1);
  });
});

describe('access token: a rejected token is refreshed and the call retried once, invisibly', () => {
  let stack: TestStack;
  let scheduleId: string;
  let tokenInUse: string;
  beforeEach(async () => {
    stack = await stackFor();
    const created = await stack.graphql(CreateScheduleDocument, { input: scheduleInput({ summary: 'Token test' }) });
    expect(created.errors).toBeUndefined();
    scheduleId = created.data!.createSchedule.id;
    tokenInUse = tokensSeen(stack.emulator, SCHEDULE_ADD)[0];
    stack.emulator.resetCalls();
  });

  it.each([
    ['expired (42001)', (emulator: WeComEmulator) => emulator.expireTokens()],
    ['revoked (40014)', (emulator: WeComEmulator) => emulator.revokeTokens()],
  ])('a token %s: the next request succeeds with one more gettoken and the rejected read retried once', async (_, invalidate) => {
    invalidate(stack.emulator);

    const read = await stack.graphql(GetScheduleDocument, { id: scheduleId });

    expect(read.errors).toBeUndefined();
    expect(read.data?.schedule).toMatchObject({ id: scheduleId, summary: 'Token test' });
    expect(stack.emulator.callCount(GETTOKEN)).toBe(1);
    expect(stack.emulator.callCount(SCHEDULE_GET)).toBe(2);
    const [rejected, retried] = tokensSeen(stack.emulator, SCHEDULE_GET);
    expect(rejected).toBe(tokenInUse);
    expect(retried).not.toBe(tokenInUse);

    // The new token is then kept: no further gettoken.
    const again = await stack.graphql(GetScheduleDocument, { id: scheduleId });
    expect(again.errors).toBeUndefined();
    expect(stack.emulator.callCount(GETTOKEN)).toBe(1);
    expect(tokensSeen(stack.emulator, SCHEDULE_GET).at(-1)).toBe(retried);
  });

  it.each([40001, 40014, 42001])(
    'errcode %i on an API call drops the token, fetches one more and retries the call once, invisibly',
    async (errcode) => {
      stack.emulator.failNext(SCHEDULE_GET, errcode, 1);

      const read = await stack.graphql(GetScheduleDocument, { id: scheduleId });

      expect(read.errors).toBeUndefined();
      expect(read.data?.schedule?.id).toBe(scheduleId);
      expect(stack.emulator.callCount(SCHEDULE_GET)).toBe(2);
      expect(stack.emulator.callCount(GETTOKEN)).toBe(1);
    },
  );

  it('20 concurrent requests after a revocation all succeed with a single new gettoken (not 20)', async () => {
    stack.emulator.revokeTokens();
    stack.emulator.setLatency(200, GETTOKEN);

    const results = await Promise.all(
      Array.from({ length: 20 }, () => stack.graphql(GetScheduleDocument, { id: scheduleId })),
    );

    for (const result of results) {
      expect(result.errors).toBeUndefined();
      expect(result.data?.schedule?.id).toBe(scheduleId);
    }
    expect(stack.emulator.callCount(GETTOKEN)).toBe(1);
    // At most one rejected call (old token) plus one retry (new token) per request; requests that start
    // after the first rejection may already wait for the new token instead of sending the old one.
    const used = tokensSeen(stack.emulator, SCHEDULE_GET);
    const withOld = used.filter((token) => token === tokenInUse).length;
    expect(withOld).toBeGreaterThanOrEqual(1);
    expect(used.length - withOld).toBe(20);
    expect(used.length).toBeLessThanOrEqual(40);
    expect(new Set(used).size).toBe(2);
  });

  it('a write rejected for its token is retried once and creates exactly one schedule', async () => {
    const before = stack.emulator.scheduleCount();
    stack.emulator.revokeTokens();

    const created = await stack.graphql(CreateScheduleDocument, { input: scheduleInput({ summary: 'After revoke' }) });

    expect(created.errors).toBeUndefined();
    expect(created.data?.createSchedule.summary).toBe('After revoke');
    expect(stack.emulator.scheduleCount()).toBe(before + 1);
    expect(stack.emulator.callCount(SCHEDULE_ADD)).toBe(2);
    expect(stack.emulator.callCount(GETTOKEN)).toBe(1);
    const [rejected, retried] = tokensSeen(stack.emulator, SCHEDULE_ADD);
    expect(rejected).toBe(tokenInUse);
    expect(retried).not.toBe(tokenInUse);
  });

  it('a token still rejected after the refresh ends in an error after a bounded number of calls, not a loop', async () => {
    stack.emulator.failNext(SCHEDULE_GET, 40014, 2);

    const read = await stack.graphql(GetScheduleDocument, { id: scheduleId });

    expect(read.data?.schedule ?? null).toBeNull();
    expect(read.errors).toHaveLength(1);
    expect(read.errors?.[0].extensions).toMatchObject({ code: 'WECOM_AUTH_FAILED', wecomErrcode: 40014 });
    expect(stack.emulator.callCount(SCHEDULE_GET)).toBe(2);
    expect(stack.emulator.callCount(GETTOKEN)).toBe(1);

    // Nothing is left broken: the next request works.
    const next = await stack.graphql(GetScheduleDocument, { id: scheduleId });
    expect(next.errors).toBeUndefined();
    expect(next.data?.schedule?.id).toBe(scheduleId);
  });

  it('a write whose token is rejected twice fails after two attempts and creates nothing', async () => {
    const before = stack.emulator.scheduleCount();
    stack.emulator.failNext(SCHEDULE_ADD, 42001, 10);

    const created = await stack.graphql(CreateScheduleDocument, { input: scheduleInput() });

    expect(created.errors?.[0].extensions).toMatchObject({ wecomErrcode: 42001 });
    expect(stack.emulator.callCount(SCHEDULE_ADD)).toBe(2);
    expect(stack.emulator.callCount(GETTOKEN)).toBe(1);
    expect(stack.emulator.scheduleCount()).toBe(before);
  });
});

describe('access token: lifetime', () => {
  it('fetches a new token before calling once the (short) lifetime minus the margin has passed', async () => {
    const stack = await stackFor({ emulator: { tokenTtlSeconds: 2 } });
    const first = await stack.graphql(GetScheduleDocument, { id: 'any' });
    expect(first.errors).toBeUndefined();
    expect(stack.emulator.callCount(GETTOKEN)).toBe(1);
    const firstToken = tokensSeen(stack.emulator, SCHEDULE_GET)[0];

    // Well within the lifetime: reused.
    await sleep(500);
    const within = await stack.graphql(GetScheduleDocument, { id: 'any' });
    expect(within.errors).toBeUndefined();
    expect(stack.emulator.callCount(GETTOKEN)).toBe(1);

    // Past WeCom's expiry: the gateway must not send the expired token at all.
    await sleep(1800);
    stack.emulator.resetCalls();
    const after = await stack.graphql(GetScheduleDocument, { id: 'any' });

    expect(after.errors).toBeUndefined();
    expect(after.data?.schedule).toBeNull();
    expect(stack.emulator.callCount(GETTOKEN)).toBe(1);
    // One schedule/get, with the new token: no call was rejected with 42001 and retried.
    expect(stack.emulator.callCount(SCHEDULE_GET)).toBe(1);
    expect(tokensSeen(stack.emulator, SCHEDULE_GET)[0]).not.toBe(firstToken);
  });
});

describe('access token: configuration faults at gettoken', () => {
  const rightApp: EmulatorApp = { corpId: 'corp-x', corpSecret: 'right-secret' };

  it.each([
    ['a wrong corp secret', { corpId: 'corp-x', corpSecret: 'wrong-secret' }, 40001],
    ['an unknown corp id', { corpId: 'no-such-corp', corpSecret: 'right-secret' }, 40013],
  ])('%s answers WECOM_AUTH_FAILED with the gettoken errcode, logs it, and does not call gettoken again for a while', async (_, app, errcode) => {
    const stack = await stackFor({ emulator: { apps: [rightApp] }, app });

    const read = await stack.graphql(GetScheduleDocument, { id: 'any' });
    expect(read.data?.schedule ?? null).toBeNull();
    expect(read.errors?.[0].extensions).toMatchObject({ code: 'WECOM_AUTH_FAILED', wecomErrcode: errcode });
    expect(stack.emulator.callCount(GETTOKEN)).toBe(1);
    expect(stack.emulator.callCount(SCHEDULE_GET)).toBe(0);

    const created = await stack.graphql(CreateScheduleDocument, { input: scheduleInput() });
    expect(created.errors?.[0].extensions).toMatchObject({ code: 'WECOM_AUTH_FAILED', wecomErrcode: errcode });
    expect(stack.emulator.callCount(SCHEDULE_ADD)).toBe(0);
    expect(stack.emulator.scheduleCount()).toBe(0);
    // Repeated bad-secret gettoken calls get an IP blocked by WeCom: the failure is remembered for a while.
    expect(stack.emulator.callCount(GETTOKEN)).toBe(1);

    const burst = await Promise.all(Array.from({ length: 10 }, () => stack.graphql(GetScheduleDocument, { id: 'any' })));
    for (const result of burst) expect(result.errors?.[0].extensions).toMatchObject({ code: 'WECOM_AUTH_FAILED', wecomErrcode: errcode });
    expect(stack.emulator.callCount(GETTOKEN)).toBe(1);
    expect(stack.logs()).toContain('WeCom rejected the configured corp id or secret');
  });
});

describe('access token: two apps of one corp', () => {
  const apps: EmulatorApp[] = [
    { corpId: 'c', corpSecret: 's1' },
    { corpId: 'c', corpSecret: 's2' },
  ];

  it('each gateway fetches and uses its own app token, and each app’s calls succeed', async () => {
    const first = await stackFor({ emulator: { apps } });
    const second = await stackFor({ sharedEmulator: first.emulator, app: apps[1] });
    const emulator = first.emulator;

    const createdByFirst = await first.graphql(CreateScheduleDocument, { input: scheduleInput({ summary: 'App 1' }) });
    expect(createdByFirst.errors).toBeUndefined();
    const firstTokens = new Set(emulator.calls().filter((c) => c.path !== GETTOKEN).map((c) => c.query.access_token));
    emulator.resetCalls();

    const createdBySecond = await second.graphql(CreateScheduleDocument, { input: scheduleInput({ summary: 'App 2' }) });
    expect(createdBySecond.errors).toBeUndefined();
    const secondTokens = new Set(emulator.calls().filter((c) => c.path !== GETTOKEN).map((c) => c.query.access_token));

    expect(firstTokens.size).toBe(1);
    expect(secondTokens.size).toBe(1);
    expect([...secondTokens][0]).not.toBe([...firstTokens][0]);
    // The second gateway asked for a token with its own secret.
    expect(emulator.calls(GETTOKEN).map((c) => c.query.corpsecret)).toEqual(['s2']);

    // Each app sees its own schedule; the other app's is invisible (schedule/get leaves it out).
    const id1 = createdByFirst.data!.createSchedule.id;
    const id2 = createdBySecond.data!.createSchedule.id;
    const [own1, own2, cross1, cross2] = await Promise.all([
      first.graphql(GetScheduleDocument, { id: id1 }),
      second.graphql(GetScheduleDocument, { id: id2 }),
      first.graphql(GetScheduleDocument, { id: id2 }),
      second.graphql(GetScheduleDocument, { id: id1 }),
    ]);
    expect(own1.data?.schedule?.summary).toBe('App 1');
    expect(own2.data?.schedule?.summary).toBe('App 2');
    expect(cross1.errors).toBeUndefined();
    expect(cross1.data?.schedule).toBeNull();
    expect(cross2.errors).toBeUndefined();
    expect(cross2.data?.schedule).toBeNull();
    // One token per app, in all.
    expect(emulator.callCount(GETTOKEN)).toBe(1);
  });
});
