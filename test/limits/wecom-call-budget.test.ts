import { Keyv } from 'keyv';
import { Agent } from 'undici';
import { WeComClient } from '../../src/datasources/wecom/wecom-client';
import { DEMO_APP, WeComEmulator } from '../../src/emulator/wecom-emulator';
import { RateLimitedError } from '../../src/errors/rate-limited-error';
import { WeComHttpClient } from '../../src/http/wecom-http-client';
import { MemoryCallBudgetStore } from '../../src/limits/memory-call-budget-store';
import { BudgetRefusal, WeComCallBudget } from '../../src/limits/wecom-call-budget';
import { createLogger } from '../../src/logger';
import { AccessTokenProvider } from '../../src/token/access-token-provider';
import { fetchAccessToken } from '../../src/token/fetch-access-token';
import { manualClock } from './call-budget-store-suite';

const logger = createLogger({ level: 'fatal', secrets: [] });
const API = 'oa/schedule/get';

function budgetOn(clock: () => number, callsPerMinute: number, callerCallsPerMinute?: number): WeComCallBudget {
  const store = new MemoryCallBudgetStore({ clock });
  return new WeComCallBudget({ appKey: 'corp:1', store, callsPerMinute, callerCallsPerMinute, clock, logger });
}

async function refusal(promise: Promise<unknown>): Promise<RateLimitedError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(RateLimitedError);
  return error as RateLimitedError;
}

const OWN_CALL = { caller: 'gateway', internal: true };

describe('WeComCallBudget (the policy, on a stepped clock)', () => {
  it('never lets 2x through around a minute boundary, and says how many whole seconds until a unit frees', async () => {
    const time = manualClock(0);
    const budget = budgetOn(time.clock, 2);
    time.set(59_900);
    await budget.take(API, { caller: 'hr' });
    await budget.take(API, { caller: 'hr' });
    time.set(60_100); // a new "minute" for a fixed window; still the same 60 s for a sliding one
    const error = await refusal(budget.take(API, { caller: 'hr' }));
    expect(error.extensions).toMatchObject({ code: 'WECOM_RATE_LIMITED', retryAfterSeconds: 60, limitedBy: 'gateway' });
    time.set(119_895);
    expect((await refusal(budget.take(API, { caller: 'hr' }))).retryAfterSeconds).toBe(1); // 5 ms left: never 0
    time.set(119_900);
    await budget.take(API, { caller: 'hr' });
  });

  it('counts the gateway’s own calls against the fleet budget only, and callers against both', async () => {
    const time = manualClock();
    const budget = budgetOn(time.clock, 4, 1);
    await budget.take(API, OWN_CALL);
    await budget.take(API, OWN_CALL);
    await budget.take(API, { caller: 'hr' });
    expect((await refusal(budget.take(API, { caller: 'hr' }))).extensions.limitedBy).toBe('caller');
    await budget.take(API, { caller: 'meeting-rooms' });
    expect((await refusal(budget.take(API, OWN_CALL))).extensions.limitedBy).toBe('gateway');
  });

  it('gives a caller named "gateway" a share like any other: it cannot pass for the gateway’s own calls', async () => {
    const budget = budgetOn(manualClock().clock, 4, 1);
    await budget.take(API, { caller: 'gateway' });
    expect((await refusal(budget.take(API, { caller: 'gateway' }))).extensions.limitedBy).toBe('caller');
  });

  it('gives callers with odd or long names shares of their own', async () => {
    const budget = budgetOn(manualClock().clock, 10, 1);
    const long = 'x'.repeat(500);
    await budget.take(API, { caller: 'a b' });
    await budget.take(API, { caller: 'a:b' });
    await budget.take(API, { caller: long });
    await budget.take(API, { caller: `${long}y` });
    expect((await refusal(budget.take(API, { caller: 'a b' }))).extensions.limitedBy).toBe('caller');
  });

  it('tells onRefusal why it refused', async () => {
    const reasons: BudgetRefusal[] = [];
    const time = manualClock();
    const store = new MemoryCallBudgetStore({ clock: time.clock });
    const budget = new WeComCallBudget({
      appKey: 'corp:1', store, callsPerMinute: 1, clock: time.clock, logger, onRefusal: (reason) => reasons.push(reason),
    });
    await budget.take(API, { caller: 'hr' });
    await refusal(budget.take(API, { caller: 'hr' }));
    await budget.block(API);
    await refusal(budget.take(API, { caller: 'hr' }));
    expect(reasons).toEqual(['gateway', 'wecom']);
  });
});

describe('WeComClient with the budget as its interceptor (real HTTP to the emulator)', () => {
  let emulator: WeComEmulator;
  let agent: Agent;
  beforeEach(async () => {
    emulator = await WeComEmulator.start();
    agent = new Agent({ keepAliveTimeout: 10 });
  });
  afterEach(async () => {
    await agent.close();
    await emulator.close();
  });

  function clientWith(budget: WeComCallBudget): WeComClient {
    const http = new WeComHttpClient({ baseUrl: emulator.baseUrl, dispatcher: agent });
    const app = { ...DEMO_APP, apiBaseUrl: emulator.baseUrl };
    const tokens = new AccessTokenProvider({
      credentials: app,
      cache: new Keyv({ throwOnErrors: true }),
      fetchToken: (deadline) => fetchAccessToken(http, app, deadline),
      logger,
    });
    return new WeComClient({ http, tokens, logger, timeoutMs: 3000, interceptors: [budget.interceptor()] });
  }

  it('counts every attempt: a read retried once after -1 takes two units', async () => {
    const client = clientWith(budgetOn(Date.now, 3));
    emulator.failNext('/cgi-bin/oa/schedule/get', -1, 1);
    await client.read(API, { schedule_id_list: ['a'] });
    await client.read(API, { schedule_id_list: ['b'] });
    await refusal(client.read(API, { schedule_id_list: ['c'] }));
    expect(emulator.callCount('/cgi-bin/oa/schedule/get')).toBe(3);
  });

  it('passes the caller of forCaller to the budget, and the gateway’s own reads as caller “gateway”', async () => {
    const client = clientWith(budgetOn(Date.now, 10, 1));
    await client.forCaller({ caller: 'hr' }).read(API, { schedule_id_list: ['a'] });
    const error = await refusal(client.forCaller({ caller: 'hr' }).read(API, { schedule_id_list: ['b'] }));
    expect(error.extensions.limitedBy).toBe('caller');
    await client.read(API, { schedule_id_list: ['c'] });
    await client.read(API, { schedule_id_list: ['d'] });
    expect(emulator.callCount('/cgi-bin/oa/schedule/get')).toBe(3);
    expect(emulator.callCount('/cgi-bin/gettoken')).toBe(1); // gettoken is not behind the budget
  });
});
