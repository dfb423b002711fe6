import { scheduleInput } from '../helpers/fixtures';
import { GraphQLErrorBody, TestStack, scheduleCallCount, startTestStack } from '../helpers/test-stack';

interface Answer {
  status: number;
  body: { data?: unknown; errors?: GraphQLErrorBody[]; extensions?: Record<string, unknown> };
}

const CREATE = 'mutation($input: CreateScheduleInput!) { createSchedule(input: $input) { id } }';

/** Errors a new user meets first say what to send; a router's trace request gets no trace. */
describe('messages that tell the user what to do', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack();
  });
  afterAll(() => stack.stop());
  beforeEach(() => stack.emulator.resetCalls());

  async function post(body: unknown, headers: Record<string, string> = { 'content-type': 'application/json' }): Promise<Answer> {
    const response = await fetch(stack.gateway.url, { method: 'POST', headers, body: JSON.stringify(body) });
    return { status: response.status, body: (await response.json()) as Answer['body'] };
  }

  it('answers a POST without content-type with BAD_REQUEST naming the header to send (and the GET alternatives)', async () => {
    const response = await fetch(stack.gateway.url, { method: 'POST', body: JSON.stringify({ query: '{ __typename }' }) });
    const body = (await response.json()) as Answer['body'];
    expect(response.status).toBe(400);
    expect(body.errors).toHaveLength(1);
    const [error] = body.errors!;
    expect(error.extensions?.code).toBe('BAD_REQUEST');
    expect(error.message).toContain('content-type: application/json');
    expect(error.message).toContain('apollo-require-preflight');
    expect(error.message).toContain('x-apollo-operation-name');
    expect(error.message).not.toMatch(/Please either specify/);
  });

  it('refuses a DateTime variable without an offset as BAD_USER_INPUT saying which form to send and what was sent', async () => {
    const input = scheduleInput({ startTime: '2026-12-01T10:00:00' });
    const { status, body } = await post({ query: CREATE, variables: { input } });
    expect(status).toBe(400);
    expect(body.errors).toHaveLength(1);
    const [error] = body.errors!;
    expect(error.extensions?.code).toBe('BAD_USER_INPUT');
    expect(error.message).toContain('at "input.startTime"');
    expect(error.message).toContain(
      'expected an RFC 3339 date-time with an offset, such as 2026-12-01T09:00:00+08:00; got "2026-12-01T10:00:00"',
    );
    expect(scheduleCallCount(stack.emulator)).toBe(0);
  });

  it('refuses a DateTime written in the query without an offset as GRAPHQL_VALIDATION_FAILED with the same explanation', async () => {
    const { status, body } = await post({
      query: '{ schedule(id: "x") { occurrences(from: "2026-12-07", to: "2026-12-14T00:00:00Z") { start } } }',
    });
    expect(status).toBe(400);
    expect(body.errors![0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(body.errors![0].message).toContain('expected an RFC 3339 date-time with an offset, such as 2026-12-01T09:00:00+08:00; got "2026-12-07"');
    expect(scheduleCallCount(stack.emulator)).toBe(0);
  });

  it('accepts any offset on input and answers in UTC, as the DateTime description says', async () => {
    const created = await post({
      query: 'mutation($input: CreateScheduleInput!) { createSchedule(input: $input) { startTime endTime } }',
      variables: { input: scheduleInput({ startTime: '2026-12-01T10:00:00+08:00', endTime: '2026-12-01T03:30:00Z' }) },
    });
    expect(created.body.errors).toBeUndefined();
    expect(created.body.data).toEqual({ createSchedule: { startTime: '2026-12-01T02:00:00.000Z', endTime: '2026-12-01T03:30:00.000Z' } });

    const { body } = await post({ query: '{ __type(name: "DateTime") { description } }' });
    const description = (body.data as { __type: { description: string } }).__type.description;
    expect(description).toMatch(/RFC 3339/);
    expect(description).toMatch(/±hh:mm/);
    expect(description).toMatch(/returned in UTC/);
    expect(description).not.toMatch(/A date-time string at UTC/);
  });

  it('sends no ftv1 inline trace, even when a router asks for one', async () => {
    const { status, body } = await post(
      { query: '{ schedules(ids: ["a"]) { id } }' },
      { 'content-type': 'application/json', 'apollo-federation-include-trace': 'ftv1' },
    );
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect(body.data).toEqual({ schedules: [null] });
    expect(body.extensions?.ftv1).toBeUndefined();
    expect(stack.logs()).not.toMatch(/inline tracing/i);
  });
});
