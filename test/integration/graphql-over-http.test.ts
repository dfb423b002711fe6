import { AuditResult, serverAudits } from 'graphql-http';
import { CreateScheduleDocument } from '../../client/operations';
import { scheduleInput } from '../helpers/fixtures';
import { SCHEDULE_ADD, TestStack, scheduleCallCount, startTestStack } from '../helpers/test-stack';

/** graphql-http's audits of the GraphQL-over-HTTP spec, and how the gateway treats GET and CSRF. */
describe('GraphQL over HTTP', () => {
  let stack: TestStack;
  let existingId: string;

  beforeAll(async () => {
    stack = await startTestStack();
    const { data, errors } = await stack.graphql(CreateScheduleDocument, { input: scheduleInput({ summary: 'Over HTTP' }) });
    expect(errors).toBeUndefined();
    existingId = data!.createSchedule.id;
  });
  afterAll(() => stack.stop());
  beforeEach(() => stack.emulator.resetCalls());

  function getUrl(params: Record<string, string>): string {
    return `${stack.gateway.url}?${new URLSearchParams(params)}`;
  }

  it('passes every MUST audit of graphql-http', async () => {
    const results: AuditResult[] = [];
    for (const audit of serverAudits({ url: stack.gateway.url, fetchFn: fetch })) results.push(await audit.fn());

    const tally: Record<string, Record<AuditResult['status'], number>> = {};
    for (const result of results) {
      const level = result.name.split(' ')[0];
      tally[level] ??= { ok: 0, warn: 0, notice: 0, error: 0 };
      tally[level][result.status] += 1;
    }
    const notOk = results
      .filter((result) => result.status !== 'ok')
      .map((result) => `  ${result.status} ${result.id} ${result.name}: ${'reason' in result ? result.reason : ''}`);
    // eslint-disable-next-line no-console
    console.log(
      `graphql-http audits (${results.length}):\n` +
        ['MUST', 'SHOULD', 'MAY']
          .filter((level) => tally[level])
          .map((level) => [level, tally[level]] as const)
          .map(([level, counts]) => `  ${level.padEnd(6)} ${Object.entries(counts).map(([status, n]) => `${status} ${n}`).join(', ')}`)
          .join('\n') +
        (notOk.length ? `\nnot ok:\n${notOk.join('\n')}` : ''),
    );

    expect(results.length).toBeGreaterThan(0);
    expect(tally.MUST?.ok ?? 0).toBeGreaterThan(0);
    const failedMust = results
      .filter((result) => result.name.startsWith('MUST') && result.status !== 'ok')
      .map((result) => `${result.status} ${result.id} "${result.name}": ${'reason' in result ? result.reason : ''}`);
    expect(failedMust).toEqual([]);
    // None of the audits reaches WeCom.
    expect(scheduleCallCount(stack.emulator)).toBe(0);
  });

  it('answers a query over GET when a preflight header or a JSON content-type is present', async () => {
    const url = getUrl({ query: 'query($id: ID!) { schedule(id: $id) { id summary } }', variables: JSON.stringify({ id: existingId }) });
    const preflights: Record<string, string>[] = [{ 'apollo-require-preflight': 'true' }, { 'content-type': 'application/json' }];
    for (const headers of preflights) {
      const response = await fetch(url, { headers });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^application\/(graphql-response\+)?json/);
      expect(await response.json()).toEqual({ data: { schedule: { id: existingId, summary: 'Over HTTP' } } });
    }
  });

  it('refuses a mutation over GET with 405, creating nothing', async () => {
    const before = stack.emulator.scheduleCount();
    const url = getUrl({
      query: 'mutation($input: CreateScheduleInput!) { createSchedule(input: $input) { id } }',
      variables: JSON.stringify({ input: scheduleInput({ summary: 'Created over GET' }) }),
    });

    const response = await fetch(url, { headers: { 'apollo-require-preflight': 'true' } });
    const body = (await response.json()) as { data?: unknown; errors?: { message: string }[] };

    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toMatch(/POST/);
    expect(body.data).toBeUndefined();
    expect(body.errors?.[0]?.message).toMatch(/mutation/i);
    expect(stack.emulator.scheduleCount()).toBe(before);
    expect(stack.emulator.callCount(SCHEDULE_ADD)).toBe(0);
  });

  describe('CSRF prevention', () => {
    it('refuses a GET query without a preflight header or a JSON content-type, before any WeCom call', async () => {
      const response = await fetch(getUrl({ query: `{ schedule(id: "${existingId}") { id summary } }` }));
      const text = await response.text();

      expect(response.status).toBe(400);
      expect(text).toMatch(/Cross-Site Request Forgery/);
      expect(text).not.toContain('Over HTTP');
      expect(stack.emulator.calls()).toHaveLength(0);
    });

    it('refuses a simple POST (content-type text/plain), before any WeCom call', async () => {
      const before = stack.emulator.scheduleCount();
      for (const operation of [
        { query: `{ schedule(id: "${existingId}") { id summary } }` },
        {
          query: 'mutation($input: CreateScheduleInput!) { createSchedule(input: $input) { id } }',
          variables: { input: scheduleInput({ summary: 'Created by a simple POST' }) },
        },
      ]) {
        const response = await fetch(stack.gateway.url, {
          method: 'POST',
          headers: { 'content-type': 'text/plain' },
          body: JSON.stringify(operation),
        });
        const text = await response.text();
        expect(response.status).toBe(400);
        expect(text).toMatch(/Cross-Site Request Forgery/);
        expect(text).not.toContain('Over HTTP');
      }
      expect(stack.emulator.calls()).toHaveLength(0);
      expect(stack.emulator.scheduleCount()).toBe(before);
    });
  });
});
