import { randomUUID } from 'node:crypto';
import { print } from 'graphql';
import { CreateScheduleDocument, GetScheduleDocument } from '../../client/operations';
import { Scope } from '../../src/callers/caller';
import { bearer, newApiKey, postGraphQL } from '../helpers/callers';
import { scheduleInput, freshApp } from '../helpers/fixtures';
import { TEST_REDIS_URL, describeWithRedis } from '../helpers/redis-availability';
import { GraphQLResponse, SCHEDULE_ADD, SCHEDULE_GET, TestStack, stacksStoppedAfterEach } from '../helpers/test-stack';

/**
 * API.md "Limits": WECOM_CALLS_PER_MINUTE per API for the fleet, CALLER_WECOM_CALLS_PER_MINUTE per caller;
 * past either, WECOM_RATE_LIMITED with extensions.retryAfterSeconds, and WeCom is not called.
 */


const stackFor = stacksStoppedAfterEach();

function expectBudgetRefusal(res: GraphQLResponse<unknown>, limitedBy: string): void {
  expect(res.errors).toHaveLength(1);
  const extensions = res.errors![0].extensions!;
  expect(extensions).toMatchObject({ code: 'WECOM_RATE_LIMITED', limitedBy });
  expect(Number.isInteger(extensions.retryAfterSeconds)).toBe(true);
  expect(extensions.retryAfterSeconds).toBeGreaterThanOrEqual(1);
  expect(extensions.retryAfterSeconds).toBeLessThanOrEqual(60);
  expect(extensions.wecomErrcode).toBeUndefined();
}

describe('the budget of WeCom calls on one instance', () => {
  it('refuses reads past WECOM_CALLS_PER_MINUTE with WECOM_RATE_LIMITED and retryAfterSeconds, and WeCom sees only the budget', async () => {
    const stack = await stackFor({ gateway: { callBudget: { callsPerMinute: 5 } } });
    for (let i = 0; i < 5; i++) {
      const res = await stack.graphql(GetScheduleDocument, { id: `s${i}` });
      expect(res.errors).toBeUndefined();
    }
    for (let i = 0; i < 3; i++) {
      const res = await stack.graphql(GetScheduleDocument, { id: `t${i}` });
      expectBudgetRefusal(res, 'gateway');
      expect(res.data?.schedule ?? null).toBeNull();
    }
    expect(stack.emulator.callCount(SCHEDULE_GET)).toBe(5);
  });

  it('counts each WeCom API separately: a spent schedule/get budget leaves schedule/add its own', async () => {
    const stack = await stackFor({ gateway: { callBudget: { callsPerMinute: 2 } } });
    for (let i = 0; i < 2; i++) await stack.graphql(GetScheduleDocument, { id: `s${i}` });
    expectBudgetRefusal(await stack.graphql(GetScheduleDocument, { id: 'x' }), 'gateway');
    // createSchedule: one schedule/add, then the read-back is refused (schedule/get is spent), and the
    // mutation still succeeds with the schedule as written (API.md "Semantics").
    const created = await stack.graphql(CreateScheduleDocument, { input: scheduleInput({ summary: 'Own budget' }) });
    expect(created.data?.createSchedule.summary).toBe('Own budget');
    expect(stack.emulator.callCount(SCHEDULE_ADD)).toBe(1);
    expect(stack.emulator.callCount(SCHEDULE_GET)).toBe(2);
  });
});

/** Two callers with API keys of their own (AUTH=api-key): the budget tells them apart by name. */
const CALLERS = { 'meeting-rooms': newApiKey('meeting-rooms', [Scope.Read]), hr: newApiKey('hr', [Scope.Read]) };
const auth = { methods: ['api-key' as const], apiKeys: Object.values(CALLERS).map((caller) => caller.entry) };

async function readAs(stack: TestStack, caller: keyof typeof CALLERS, id: string): Promise<GraphQLResponse<unknown>> {
  const body = { query: print(GetScheduleDocument), variables: { id } };
  return (await postGraphQL(stack.gateway.url, body, bearer(CALLERS[caller].key))) as GraphQLResponse<unknown>;
}

describe('each caller’s share (CALLER_WECOM_CALLS_PER_MINUTE)', () => {
  it('refuses a caller past its share while another caller still gets through, within the fleet budget', async () => {
    const stack = await stackFor({ gateway: { auth, callBudget: { callsPerMinute: 5, callerCallsPerMinute: 3 } } });
    for (let i = 0; i < 3; i++) expect((await readAs(stack, 'meeting-rooms', `m${i}`)).errors).toBeUndefined();
    expectBudgetRefusal(await readAs(stack, 'meeting-rooms', 'm3'), 'caller');
    expect(stack.emulator.callCount(SCHEDULE_GET)).toBe(3);

    expect((await readAs(stack, 'hr', 'h0')).errors).toBeUndefined();
    expect((await readAs(stack, 'hr', 'h1')).errors).toBeUndefined();
    // The fleet's 5 are spent now: hr is refused by the fleet budget although its share has room.
    expectBudgetRefusal(await readAs(stack, 'hr', 'h2'), 'gateway');
    expect(stack.emulator.callCount(SCHEDULE_GET)).toBe(5);
  });
});

describeWithRedis('the budget shared by two instances through Redis (CACHE_URL)', () => {
  it('spends one budget across both instances: past it both refuse, and WeCom sees only the budget', async () => {
    const app = freshApp(1000002);
    const emulator = await stackFor.emulator({ apps: [app] });
    const callBudget = { callsPerMinute: 5, keyPrefix: `test-budget-${randomUUID()}:` };
    const shared = { sharedEmulator: emulator, app, gateway: { cacheUrl: TEST_REDIS_URL, callBudget } };
    const first = await stackFor(shared);
    const second = await stackFor(shared);

    for (let i = 0; i < 3; i++) expect((await first.graphql(GetScheduleDocument, { id: `a${i}` })).errors).toBeUndefined();
    for (let i = 0; i < 2; i++) expect((await second.graphql(GetScheduleDocument, { id: `b${i}` })).errors).toBeUndefined();
    expectBudgetRefusal(await second.graphql(GetScheduleDocument, { id: 'b2' }), 'gateway');
    expectBudgetRefusal(await first.graphql(GetScheduleDocument, { id: 'a3' }), 'gateway');
    expect(emulator.callCount(SCHEDULE_GET)).toBe(5);
  });

  it('keeps each caller’s share across both instances: spent on one, refused on the other, while another caller goes on', async () => {
    const app = freshApp(1000002);
    const emulator = await stackFor.emulator({ apps: [app] });
    const callBudget = { callsPerMinute: 10, callerCallsPerMinute: 2, keyPrefix: `test-budget-${randomUUID()}:` };
    const shared = { sharedEmulator: emulator, app, gateway: { cacheUrl: TEST_REDIS_URL, callBudget, auth } };
    const first = await stackFor(shared);
    const second = await stackFor(shared);

    expect((await readAs(first, 'hr', 'a')).errors).toBeUndefined();
    expect((await readAs(second, 'hr', 'b')).errors).toBeUndefined();
    expectBudgetRefusal(await readAs(first, 'hr', 'c'), 'caller');
    expectBudgetRefusal(await readAs(second, 'hr', 'd'), 'caller');
    expect((await readAs(second, 'meeting-rooms', 'e')).errors).toBeUndefined();
    expect(emulator.callCount(SCHEDULE_GET)).toBe(3);
  });
});
