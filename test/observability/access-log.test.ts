import { print } from 'graphql';
import { request } from 'undici';
import { CreateScheduleDocument, GetScheduleDocument } from '../../client/operations';
import { scheduleInput } from '../helpers/fixtures';
import { Scope } from '../../src/callers/caller';
import { bearer, newApiKey, postGraphQL } from '../helpers/callers';
import { SCHEDULE_ADD, SCHEDULE_GET, TestStack, stacksStoppedAfterEach } from '../helpers/test-stack';

const GET_BY_CALENDAR = '/cgi-bin/oa/schedule/get_by_calendar';
const CALENDAR_GET = '/cgi-bin/oa/calendar/get';

/** API.md "Operating a fleet": JSON log lines with a request id, the caller's name and the operation name. */

const stackFor = stacksStoppedAfterEach();

type LogLine = Record<string, unknown> & { level: number; msg: string };
function logLines(stack: TestStack): LogLine[] {
  return stack.logs().split('\n').filter((line) => line.trim() !== '').map((line) => JSON.parse(line) as LogLine);
}
const accessLines = (stack: TestStack) => logLines(stack).filter((line) => line.msg === 'request');

async function post(stack: TestStack, body: object, headers: Record<string, string> = {}) {
  const response = await request(stack.gateway.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return { status: response.statusCode, requestId: response.headers['x-request-id'], json: JSON.parse(await response.body.text()) };
}

describe('the access log', () => {
  it('writes one line per request with its id, caller, operation, status, outcome, duration and the WeCom calls it made', async () => {
    const reader = newApiKey('nightly-report', [Scope.Read]);
    const stack = await stackFor({ gateway: { auth: { methods: ['api-key'], apiKeys: [reader.entry] } } });
    const answer = await post(stack, { query: print(GetScheduleDocument), variables: { id: 'abc' } }, { ...bearer(reader.key), 'x-request-id': 'req-42.a:b' });
    expect(answer.status).toBe(200);
    expect(answer.requestId).toBe('req-42.a:b');

    const lines = accessLines(stack);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 30,
      requestId: 'req-42.a:b',
      caller: 'nightly-report',
      operation: 'GetSchedule',
      method: 'POST',
      path: '/graphql',
      status: 200,
      outcome: 'ok',
      wecomCalls: stack.emulator.callCount(SCHEDULE_GET),
    });
    expect(lines[0].wecomCalls).toBe(1);
    expect(typeof lines[0].durationMs).toBe('number');
    expect(stack.logs()).not.toContain(reader.key);
  });

  it('puts the request id on the audit line of a write too, so both lines can be joined', async () => {
    const stack = await stackFor();
    const answer = await post(stack, { query: print(CreateScheduleDocument), variables: { input: scheduleInput() } }, { 'x-request-id': 'write-7' });
    expect(answer.json.errors).toBeUndefined();
    const audit = logLines(stack).find((line) => line.msg === 'audit: write');
    expect(audit).toMatchObject({ requestId: 'write-7', operation: 'createSchedule', outcome: 'ok' });
    expect(accessLines(stack)).toEqual([expect.objectContaining({ requestId: 'write-7', operation: 'CreateSchedule', outcome: 'ok', wecomCalls: stack.emulator.callCount(SCHEDULE_ADD) + stack.emulator.callCount(SCHEDULE_GET) })]);
  });

  it('names the outcome of refused requests: UNAUTHENTICATED before the caller is known, NOT_FOUND for another path', async () => {
    const reader = newApiKey('reader', [Scope.Read]);
    const stack = await stackFor({ gateway: { auth: { methods: ['api-key'], apiKeys: [reader.entry] } } });
    const refused = await post(stack, { query: '{ __typename }' }, { authorization: 'Bearer not-a-known-key' });
    expect(refused.status).toBe(401);
    const missing = await request(`http://127.0.0.1:${stack.gateway.port}/nowhere`);
    await missing.body.text();
    const lines = accessLines(stack);
    expect(lines.map((line) => [line.outcome, line.status, line.caller])).toEqual([
      ['UNAUTHENTICATED', 401, 'unknown'],
      ['NOT_FOUND', 404, 'unknown'],
    ]);
    expect(lines[1].requestId).toBe(missing.headers['x-request-id']);
    expect(stack.logs()).not.toContain('not-a-known-key');
  });

  it('replaces a request id that is too long or carries unsafe characters with one of its own, and echoes that', async () => {
    const stack = await stackFor();
    const hostile = ['x'.repeat(500), 'id with spaces', '<script>', 'a,b'];
    const ids: string[] = [];
    for (const value of hostile) {
      const answer = await post(stack, { query: '{ __typename }' }, { 'x-request-id': value });
      expect(answer.status).toBe(200);
      expect(answer.requestId).not.toBe(value);
      expect(answer.requestId).toMatch(/^[0-9a-f-]{36}$/);
      ids.push(String(answer.requestId));
    }
    const plain = await post(stack, { query: '{ __typename }' });
    expect(plain.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(new Set([...ids, plain.requestId]).size).toBe(5);
    expect(accessLines(stack).map((line) => line.requestId)).toEqual([...ids, plain.requestId]);
    for (const value of hostile) expect(stack.logs()).not.toContain(value);
  });

  it('writes at most one warning for a query whose 1,000 aliases each meet a WeCom error', async () => {
    const stack = await stackFor({
      gateway: { limits: { maxAliases: 2_000, maxTokens: 50_000, maxWecomCallsPerRequest: 100_000 }, callBudget: { callsPerMinute: 100_000 } },
    });
    const calId = stack.emulator.addCalendar();
    // Each alias pages the calendar with a get_by_calendar call of its own (pages have no loader).
    stack.emulator.failNext(GET_BY_CALENDAR, 40058, 5_000);
    const fields = Array.from({ length: 1_000 }, (_, i) => `c${i}: calendar(id: "${calId}") { schedules(first: ${(i % 50) + 1}) { edges { cursor } } }`);
    const answer = await postGraphQL(stack.gateway.url, { query: `query ManyPages {\n${fields.join('\n')}\n}` });
    expect(answer.errors).toHaveLength(1_000);
    expect(answer.errors![0].extensions?.code).toBe('WECOM_ERROR');
    expect(stack.emulator.callCount(GET_BY_CALENDAR)).toBeGreaterThanOrEqual(1_000);

    const warnings = logLines(stack).filter((line) => line.level >= 40);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ msg: 'request', operation: 'ManyPages', outcome: 'WECOM_ERROR', wecomErrcode: 40058 });
    expect(warnings[0].wecomCalls).toBe(stack.emulator.callCount(GET_BY_CALENDAR) + stack.emulator.callCount(SCHEDULE_GET) + stack.emulator.callCount(CALENDAR_GET));
  }, 30_000);

  it('bounds warnings under a flood of failing requests (20 a second) and keeps every access line at debug level', async () => {
    const stack = await stackFor({ gateway: { breaker: { failureThreshold: 10_000 } } });
    stack.emulator.failNext('/cgi-bin/oa/schedule/get', 40058, 200);
    const started = Date.now();
    await Promise.all(Array.from({ length: 200 }, (_, i) => stack.graphql(GetScheduleDocument, { id: `flood-${i}` })));
    const seconds = Math.ceil((Date.now() - started) / 1000) + 1;

    const lines = accessLines(stack);
    expect(lines).toHaveLength(200); // none lost: the ones held back are written at debug level
    const warned = lines.filter((line) => line.level === 40);
    expect(warned.length).toBeLessThanOrEqual(20 * seconds);
    expect(warned.length).toBeLessThan(200);
  }, 30_000);
});
