import { Scope } from '../../src/callers/caller';
import { bearer, newApiKey, postGraphQL } from '../helpers/callers';
import { scheduleInput } from '../helpers/fixtures';
import { TestStack, startTestStack } from '../helpers/test-stack';

const writer = newApiKey('meeting-rooms', [Scope.Write]);
const reader = newApiKey('dashboards', [Scope.Read]);

interface AuditLine {
  caller: string;
  callerKind: string;
  operation: string;
  operationName: string | null;
  resource: string;
  id: string | null;
  outcome: string;
}

describe('audit lines', () => {
  let stack: TestStack;
  const auditLines = (): AuditLine[] =>
    stack
      .logs()
      .split('\n')
      .filter((line) => line.includes('"audit":true'))
      .map((line) => JSON.parse(line) as AuditLine);
  const send = (query: string, variables: Record<string, unknown>, key = writer.key) =>
    postGraphQL(stack.gateway.url, { query, variables }, bearer(key));

  beforeAll(async () => {
    stack = await startTestStack({ gateway: { auth: { methods: ['api-key'], apiKeys: [writer.entry, reader.entry] } } });
  });
  afterAll(() => stack.stop());

  it('writes one line per write with caller, operation, id and outcome, and none for reads', async () => {
    const created = await send('mutation BookRoom($input: CreateScheduleInput!) { createSchedule(input: $input) { id } }', { input: scheduleInput() });
    const id = (created.data!.createSchedule as { id: string }).id;
    await send('mutation Rename($id: ID!) { updateSchedule(input: { id: $id, summary: "Renamed" }) { id } }', { id });
    await send('query Read($id: ID!) { schedule(id: $id) { id } }', { id });
    await send('mutation Cancel($id: ID!) { deleteSchedule(id: $id) { id } }', { id });
    const calendar = await send('mutation { createCalendar(input: { summary: "Rooms", color: "#336699" }) { calendar { id } } }', {});
    const calendarId = (calendar.data!.createCalendar as { calendar: { id: string } }).calendar.id;

    const common = { caller: 'meeting-rooms', callerKind: 'api-key' };
    expect(auditLines().map(({ caller, callerKind, operation, operationName, resource, id: lineId, outcome }) => ({ caller, callerKind, operation, operationName, resource, id: lineId, outcome }))).toEqual([
      { ...common, operation: 'createSchedule', operationName: 'BookRoom', resource: 'schedule', id, outcome: 'ok' },
      { ...common, operation: 'updateSchedule', operationName: 'Rename', resource: 'schedule', id, outcome: 'ok' },
      { ...common, operation: 'deleteSchedule', operationName: 'Cancel', resource: 'schedule', id, outcome: 'ok' },
      { ...common, operation: 'createCalendar', operationName: null, resource: 'calendar', id: calendarId, outcome: 'ok' },
    ]);
  });

  it('records refused and failed writes with their error code, and each field of a multi-field mutation', async () => {
    const created = await send('mutation { createSchedule(input: { summary: "x", startTime: "2026-12-01T10:00:00Z", endTime: "2026-12-01T11:00:00Z" }) { id } }', {});
    const id = (created.data!.createSchedule as { id: string }).id;
    const before = auditLines().length;
    await send('mutation Sneaky { deleteSchedule(id: "s-1") { id } }', {}, reader.key);
    // Mutation fields run one after the other; a failed non-null field stops the rest (GraphQL spec).
    await send('mutation Two($id: ID!) { a: deleteSchedule(id: $id) { id } b: deleteSchedule(id: "no-such-schedule") { id } }', { id });
    await send('mutation Bad($input: CreateScheduleInput!) { createSchedule(input: $input) { id } }', {
      input: scheduleInput({ endTime: '2026-12-01T09:00:00+08:00' }),
    });

    const lines = auditLines().slice(before);
    expect(lines.map(({ caller, operation, operationName, id, outcome }) => ({ caller, operation, operationName, id, outcome }))).toEqual([
      { caller: 'dashboards', operation: 'deleteSchedule', operationName: 'Sneaky', id: 's-1', outcome: 'FORBIDDEN' },
      { caller: 'meeting-rooms', operation: 'deleteSchedule', operationName: 'Two', id, outcome: 'ok' },
      { caller: 'meeting-rooms', operation: 'deleteSchedule', operationName: 'Two', id: 'no-such-schedule', outcome: 'NOT_FOUND' },
      { caller: 'meeting-rooms', operation: 'createSchedule', operationName: 'Bad', id: null, outcome: 'BAD_USER_INPUT' },
    ]);
  });

  it('puts no argument values and no credential in an audit line', () => {
    const raw = stack.logs().split('\n').filter((line) => line.includes('"audit":true')).join('\n');
    expect(raw).not.toContain('Renamed');
    expect(raw).not.toContain(writer.key);
    expect(raw).not.toContain(writer.entry.sha256);
  });
});

describe('AUTH=none in production', () => {
  it('starts, and warns that anyone may call', async () => {
    const stack = await startTestStack({ gateway: { production: true } });
    try {
      const warning = stack.logs().split('\n').find((line) => line.includes('AUTH=none in production'));
      expect(warning && JSON.parse(warning).level).toBe(40);
    } finally {
      await stack.stop();
    }
  });

  it('gives no such warning with AUTH set, nor outside production', async () => {
    const key = newApiKey('router', [Scope.Read]);
    const stacks = [
      await startTestStack({ gateway: { production: true, auth: { methods: ['api-key'], apiKeys: [key.entry] } } }),
      await startTestStack(),
    ];
    try {
      for (const stack of stacks) expect(stack.logs()).not.toContain('AUTH=none');
    } finally {
      for (const stack of stacks) await stack.stop();
    }
  });
});

describe('AUTH=jwt in production without JWT_AUDIENCE', () => {
  it('warns that tokens for any audience are accepted, and does not with an audience', async () => {
    const jwt = { key: { kind: 'secret' as const, secret: 'x'.repeat(32) } };
    const without = await startTestStack({ gateway: { production: true, auth: { methods: ['jwt'], jwt } } });
    const withAudience = await startTestStack({ gateway: { production: true, auth: { methods: ['jwt'], jwt: { ...jwt, audience: 'schedules' } } } });
    try {
      const warning = without.logs().split('\n').find((line) => line.includes('JWT_AUDIENCE is unset'));
      expect(warning && JSON.parse(warning).level).toBe(40);
      expect(withAudience.logs()).not.toContain('JWT_AUDIENCE is unset');
    } finally {
      await without.stop();
      await withAudience.stop();
    }
  });
});
