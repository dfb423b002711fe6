import { print } from 'graphql';
import { CreateScheduleDocument, GetScheduleDocument, UpdateScheduleDocument } from '../../client/operations';
import { Scope } from '../../src/callers/caller';
import { bearer, newApiKey, postGraphQL } from '../helpers/callers';
import { scheduleInput } from '../helpers/fixtures';
import { GETTOKEN, SCHEDULE_ADD, SCHEDULE_GET, stacksStoppedAfterEach } from '../helpers/test-stack';
import { sample, scrape, seriesCount, total } from './metrics-scrape';

/** API.md "Operating a fleet": /metrics, Prometheus text, every name prefixed wecom_gateway_, bounded labels. */

const stackFor = stacksStoppedAfterEach();

const REQUESTS = 'wecom_gateway_requests_total';
const CALLS = 'wecom_gateway_wecom_calls_total';
const GET_API = 'oa/schedule/get';
const ADD_API = 'oa/schedule/add';

describe('GET /metrics', () => {
  it('counts a write, a read, a failing read and a retried read: requests by operation and outcome, WeCom calls by API and errcode, retries, token fetches', async () => {
    const stack = await stackFor();
    const before = await scrape(stack.gateway);
    expect(before).toContain('# TYPE wecom_gateway_request_duration_seconds histogram');
    expect(sample(before, REQUESTS, { operation: 'CreateSchedule', caller: 'anonymous', outcome: 'ok' })).toBe(0);

    const created = await stack.graphql(CreateScheduleDocument, { input: scheduleInput() });
    expect(created.errors).toBeUndefined();
    const id = created.data!.createSchedule.id;
    expect((await stack.graphql(GetScheduleDocument, { id })).errors).toBeUndefined();
    stack.emulator.failNext(SCHEDULE_GET, 40058);
    expect((await stack.graphql(GetScheduleDocument, { id })).errors?.[0].extensions?.code).toBe('WECOM_ERROR');
    stack.emulator.failNext(SCHEDULE_GET, -1); // system busy: the read is tried again
    expect((await stack.graphql(GetScheduleDocument, { id })).errors).toBeUndefined();

    const after = await scrape(stack.gateway);
    expect(sample(after, REQUESTS, { operation: 'CreateSchedule', caller: 'anonymous', outcome: 'ok' })).toBe(1);
    expect(sample(after, REQUESTS, { operation: 'GetSchedule', caller: 'anonymous', outcome: 'ok' })).toBe(2);
    expect(sample(after, REQUESTS, { operation: 'GetSchedule', caller: 'anonymous', outcome: 'WECOM_ERROR' })).toBe(1);
    expect(sample(after, 'wecom_gateway_request_duration_seconds_count', { operation: 'GetSchedule', outcome: 'ok' })).toBe(2);
    expect(sample(after, CALLS, { api: ADD_API, errcode: '0' })).toBe(stack.emulator.callCount(SCHEDULE_ADD));
    expect(sample(after, CALLS, { api: GET_API, errcode: '40058' })).toBe(1);
    expect(sample(after, CALLS, { api: GET_API, errcode: '-1' })).toBe(1);
    // Every schedule/get the emulator received is counted once, whatever its answer.
    expect(total(after, CALLS, { api: GET_API })).toBe(stack.emulator.callCount(SCHEDULE_GET));
    expect(sample(after, 'wecom_gateway_wecom_call_duration_seconds_count', { api: GET_API })).toBe(stack.emulator.callCount(SCHEDULE_GET));
    expect(sample(after, 'wecom_gateway_wecom_retries_total', { api: GET_API })).toBe(1);
    expect(sample(after, 'wecom_gateway_token_fetches_total', { outcome: 'ok' })).toBe(stack.emulator.callCount(GETTOKEN));
    expect(stack.emulator.callCount(GETTOKEN)).toBe(1);
  });

  it('counts an attempt WeCom did not answer as errcode "transport" (a write: not retried)', async () => {
    const stack = await stackFor();
    stack.emulator.failNextHttp(SCHEDULE_ADD, 502);
    const failed = await stack.graphql(CreateScheduleDocument, { input: scheduleInput() });
    expect(failed.errors?.[0].extensions?.code).toBe('WECOM_UNAVAILABLE');
    const text = await scrape(stack.gateway);
    expect(sample(text, CALLS, { api: ADD_API, errcode: 'transport' })).toBe(1);
    expect(sample(text, 'wecom_gateway_wecom_retries_total', { api: ADD_API })).toBe(0);
    expect(sample(text, REQUESTS, { operation: 'CreateSchedule', caller: 'anonymous', outcome: 'WECOM_UNAVAILABLE' })).toBe(1);
  });

  it('counts the call budget refusals by reason, and the refused request by its outcome, without counting a WeCom call', async () => {
    const stack = await stackFor({ gateway: { callBudget: { callsPerMinute: 1 } } });
    expect((await stack.graphql(GetScheduleDocument, { id: 'a' })).errors).toBeUndefined();
    const refused = await stack.graphql(GetScheduleDocument, { id: 'b' });
    expect(refused.errors?.[0].extensions?.code).toBe('WECOM_RATE_LIMITED');

    const text = await scrape(stack.gateway);
    expect(sample(text, 'wecom_gateway_limiter_refusals_total', { reason: 'gateway' })).toBe(1);
    expect(sample(text, REQUESTS, { operation: 'GetSchedule', caller: 'anonymous', outcome: 'WECOM_RATE_LIMITED' })).toBe(1);
    expect(total(text, CALLS, { api: GET_API })).toBe(1);
    expect(stack.emulator.callCount(SCHEDULE_GET)).toBe(1);
  });

  it('keeps label values bounded: 500 distinct operation names make at most ~100 series, the rest fold into other', async () => {
    const stack = await stackFor();
    for (let i = 0; i < 500; i++) {
      const res = await postGraphQL(stack.gateway.url, { query: `query Probe${i} { __typename }` });
      expect(res.status).toBe(200);
    }
    const text = await scrape(stack.gateway);
    expect(seriesCount(text, REQUESTS)).toBeLessThanOrEqual(101);
    expect(sample(text, REQUESTS, { operation: 'Probe0', caller: 'anonymous', outcome: 'ok' })).toBe(1);
    expect(sample(text, REQUESTS, { operation: 'other', caller: 'anonymous', outcome: 'ok' })).toBe(400);
    expect(total(text, REQUESTS)).toBe(500);
    expect(text.length).toBeLessThan(200_000);
  });

  it('does not let names of operations that never resolved take label values: they count as "unresolved"', async () => {
    const stack = await stackFor();
    for (let i = 0; i < 150; i++) {
      const res = await postGraphQL(stack.gateway.url, { query: '{ nosuchfield }', operationName: `Junk${i}` });
      expect(res.status).toBe(400);
    }
    expect((await postGraphQL(stack.gateway.url, { query: 'query RealOne { __typename }' })).status).toBe(200);
    const text = await scrape(stack.gateway);
    expect(sample(text, REQUESTS, { operation: 'RealOne', caller: 'anonymous', outcome: 'ok' })).toBe(1);
    expect(total(text, REQUESTS, { operation: 'unresolved' })).toBe(150);
    expect(text).not.toContain('Junk');
  });

  it('labels requests with the caller named in API_KEYS_FILE, and is itself served without credentials', async () => {
    const reader = newApiKey('reporting-job', [Scope.Read]);
    const stack = await stackFor({ gateway: { auth: { methods: ['api-key'], apiKeys: [reader.entry] } } });
    const res = await postGraphQL(stack.gateway.url, { query: print(GetScheduleDocument), variables: { id: 'x' } }, bearer(reader.key));
    expect(res.errors).toBeUndefined();
    const anonymous = await postGraphQL(stack.gateway.url, { query: '{ __typename }' });
    expect(anonymous.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');

    const text = await scrape(stack.gateway); // no Authorization header
    expect(sample(text, REQUESTS, { operation: 'GetSchedule', caller: 'reporting-job', outcome: 'ok' })).toBe(1);
    expect(sample(text, REQUESTS, { operation: 'none', caller: 'unknown', outcome: 'UNAUTHENTICATED' })).toBe(1);
  });

  it('observes how long each write waited for its schedule lock', async () => {
    const stack = await stackFor();
    const id = (await stack.graphql(CreateScheduleDocument, { input: scheduleInput() })).data!.createSchedule.id;
    const updates = await Promise.all(
      ['First', 'Second', 'Third'].map((summary) => stack.graphql(UpdateScheduleDocument, { input: { id, summary } })),
    );
    for (const update of updates) expect(update.errors).toBeUndefined();
    const text = await scrape(stack.gateway);
    expect(sample(text, 'wecom_gateway_lock_wait_seconds_count', { outcome: 'acquired' })).toBe(3);
    // The updates queued behind each other: someone waited.
    expect(sample(text, 'wecom_gateway_lock_wait_seconds_sum', { outcome: 'acquired' })).toBeGreaterThan(0);
  });

  it('gives two gateways in one process registries of their own', async () => {
    const first = await stackFor();
    const second = await stackFor({ sharedEmulator: first.emulator });
    await first.graphql(GetScheduleDocument, { id: 'only-on-first' });
    await first.graphql(GetScheduleDocument, { id: 'again-on-first' });
    await second.graphql(GetScheduleDocument, { id: 'once-on-second' });
    const one = await scrape(first.gateway);
    const two = await scrape(second.gateway);
    expect(sample(one, REQUESTS, { operation: 'GetSchedule', caller: 'anonymous', outcome: 'ok' })).toBe(2);
    expect(sample(two, REQUESTS, { operation: 'GetSchedule', caller: 'anonymous', outcome: 'ok' })).toBe(1);
  });
});
