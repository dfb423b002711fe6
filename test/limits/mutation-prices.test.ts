import { GraphQLSchema, getOperationAST, getVariableValues, parse } from 'graphql';
import { estimateWecomCalls } from '../../src/limits/wecom-call-estimate';
import { buildGatewaySchema } from '../../src/schema/build-schema';
import { TestStack, postQuery, stacksStoppedAfterEach, wecomCallCount } from '../helpers/test-stack';

/**
 * Each mutation's price (API.md, "Limits": its read, write and read-back, and now the reads that
 * record it in the change feed) against the WeCom calls it really makes, counted by the emulator.
 */
const startStack = stacksStoppedAfterEach();
let schema: GraphQLSchema;
beforeAll(async () => {
  schema = await buildGatewaySchema();
});

function estimate(query: string, variables: Record<string, unknown>): number {
  const document = parse(query);
  const operation = getOperationAST(document)!;
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables);
  return estimateWecomCalls({ schema, document, operation, variables: coerced.coerced! });
}

/** Runs the mutation and answers [calls made, calls estimated]. */
async function callsOf(stack: TestStack, query: string, variables: Record<string, unknown> = {}): Promise<[number, number]> {
  const before = wecomCallCount(stack);
  const answer = await postQuery(stack, query, variables);
  expect(answer.body.errors).toBeUndefined();
  return [wecomCallCount(stack) - before, estimate(query, variables)];
}

const WEEKLY = {
  summary: 'Weekly',
  startTime: '2030-01-07T10:00:00Z',
  endTime: '2030-01-07T11:00:00Z',
  reminders: { isRepeat: true, repeatType: 'WEEKLY', repeatUntil: '2030-03-01T00:00:00Z' },
};

describe('mutation prices match the WeCom calls they make', () => {
  it('for every schedule and calendar mutation, whole and scoped', async () => {
    const stack = await startStack();
    const createCalendar = 'mutation { createCalendar(input: { summary: "Rooms", color: "#112233" }) { calendar { id } } }';
    const [calendarCalls, calendarPrice] = await callsOf(stack, createCalendar);
    expect(calendarCalls).toBe(calendarPrice);
    const calendarId = ((await postQuery(stack, createCalendar)).body.data!.createCalendar as { calendar: { id: string } }).calendar.id;

    const create = 'mutation($input: CreateScheduleInput!) { createSchedule(input: $input) { id } }';
    const input = { ...WEEKLY, calendarId };
    expect(await callsOf(stack, create, { input })).toEqual([2, 2]);
    const id = ((await postQuery(stack, create, { input })).body.data!.createSchedule as { id: string }).id;

    const update = 'mutation($input: UpdateScheduleInput!, $scope: ScheduleScope, $at: DateTime) { updateSchedule(input: $input, scope: $scope, occurrenceStart: $at) { id } }';
    expect(await callsOf(stack, update, { input: { id, summary: 'Renamed' } })).toEqual([3, 3]);
    expect(await callsOf(stack, update, { input: { id, summary: 'From the 3rd on' }, scope: 'THIS_AND_FOLLOWING', at: '2030-01-21T10:00:00Z' })).toEqual([4, 4]);

    const attendees = 'mutation($id: ID!) { addScheduleAttendees(id: $id, userIds: ["carol"]) { id } }';
    expect(await callsOf(stack, attendees, { id })).toEqual([3, 3]);

    const remove = 'mutation($id: ID!, $scope: ScheduleScope, $at: DateTime) { deleteSchedule(id: $id, scope: $scope, occurrenceStart: $at) { id } }';
    expect(await callsOf(stack, remove, { id, scope: 'THIS_OCCURRENCE', at: '2030-01-14T10:00:00Z' })).toEqual([3, 3]);
    expect(await callsOf(stack, remove, { id })).toEqual([2, 2]);

    const updateCalendar = 'mutation($id: ID!) { updateCalendar(input: { id: $id, summary: "Rooms 2" }) { calendar { id } } }';
    expect(await callsOf(stack, updateCalendar, { id: calendarId })).toEqual([3, 3]);
    expect(await callsOf(stack, 'mutation($id: ID!) { deleteCalendar(id: $id) { id } }', { id: calendarId })).toEqual([1, 1]);
  });
});
