import { GraphQLSchema, buildSchema, getOperationAST, getVariableValues, parse, validate } from 'graphql';
import { EstimateTooComplexError, estimateWecomCalls } from '../../src/limits/wecom-call-estimate';
import { buildGatewaySchema } from '../../src/schema/build-schema';

let schema: GraphQLSchema;
beforeAll(async () => {
  schema = await buildGatewaySchema();
});

/** The estimate the plugin makes: a valid document, variables coerced as execution coerces them. */
function estimate(query: string, variables: Record<string, unknown> = {}, on: GraphQLSchema = schema): number {
  const document = parse(query);
  expect(validate(on, document)).toEqual([]);
  const operation = getOperationAST(document)!;
  const coerced = getVariableValues(on, operation.variableDefinitions ?? [], variables);
  if (coerced.errors) throw coerced.errors[0];
  return estimateWecomCalls({ schema: on, document, operation, variables: coerced.coerced });
}

const ids = (count: number, prefix = 's') => Array.from({ length: count }, (_, i) => `${prefix}${i}`);
const inline = (values: string[]) => `[${values.map((value) => JSON.stringify(value)).join(',')}]`;
const PAGE = (first: number, inner = 'id') => `schedules(first: ${first}) { edges { node { ${inner} } } }`;

describe('estimateWecomCalls: look-ups by id', () => {
  it('counts one schedule/get for one schedule', () => {
    expect(estimate('{ schedule(id: "a") { id summary } }')).toBe(1);
  });

  it('pools ids across aliases and fields into one call, as the loader does', () => {
    expect(estimate('{ a: schedule(id: "1") { id } b: schedule(id: "2") { id } c: schedules(ids: ["1", "3"]) { id } }')).toBe(1);
  });

  it('counts 1,000 inline ids as one call and 1,001 as two', () => {
    expect(estimate(`{ schedules(ids: ${inline(ids(1000))}) { id } }`)).toBe(1);
    expect(estimate(`{ schedules(ids: ${inline(ids(1001))}) { id } }`)).toBe(2);
  });

  it('counts ids from variables: 176,092 ids are 177 calls', () => {
    expect(estimate('query($ids: [ID!]!) { schedules(ids: $ids) { id } }', { ids: ids(176_092) })).toBe(177);
  });

  it('counts distinct ids only: 5,000 copies of one id are one call', () => {
    expect(estimate('query($ids: [ID!]!) { schedules(ids: $ids) { id } }', { ids: Array(5000).fill('same') })).toBe(1);
  });

  it('pools schedules and calendars in separate loaders', () => {
    expect(estimate(`{ schedules(ids: ${inline(ids(3))}) { id } calendars(ids: ["c1", "c2"]) { id } calendar(id: "c3") { id } }`)).toBe(2);
  });

  it('counts nothing for an empty id list, introspection or __typename', () => {
    expect(estimate('{ schedules(ids: []) { id } __typename __schema { types { name } } }')).toBe(0);
  });
});

describe('estimateWecomCalls: connections and nesting', () => {
  it('counts a page as get_by_calendar plus the schedule/get that completes it', () => {
    expect(estimate(`{ calendar(id: "c") { ${PAGE(10)} } }`)).toBe(3);
  });

  it('counts no page call for first: 0', () => {
    expect(estimate(`{ calendar(id: "c") { ${PAGE(0)} } }`)).toBe(1);
  });

  it('counts each alias of a connection as its own pages', () => {
    expect(estimate(`{ calendar(id: "c") { a: ${PAGE(5)} b: ${PAGE(5)} } }`)).toBe(5);
  });

  it('multiplies a connection nested under a page by the page size', () => {
    // calendar/get 1 + page 2 + node.calendar 1 (one batch of 100) + 100 nested pages × 2
    expect(estimate(`{ calendar(id: "c") { schedules(first: 100) { edges { node { calendar { ${PAGE(100)} } } } } } }`)).toBe(204);
  });

  it('multiplies connections under a list of calendars by the number of ids', () => {
    expect(estimate(`{ calendars(ids: ${inline(ids(50, 'c'))}) { ${PAGE(10)} } }`)).toBe(1 + 50 * 2);
  });

  it('prices the hostile 4-level nesting of the issue far above any sane limit', () => {
    const level = (inner: string) => `schedules { edges { node { calendar { ${inner} } } } }`;
    const query = `{ calendar(id: "c") { ${level(level(level(level('id'))))} } }`;
    expect(estimate(query)).toBeGreaterThan(1_000_000);
  });

  it('pools Schedule.calendar of a list: 1,500 schedules make 2 schedule/get and 2 calendar/get', () => {
    expect(estimate('query($ids: [ID!]!) { schedules(ids: $ids) { calendar { id } } }', { ids: ids(1500) })).toBe(4);
  });

  it('counts aliases of Schedule.calendar once (the loader answers the second from its cache)', () => {
    expect(estimate('{ schedule(id: "a") { x: calendar { id } y: calendar { summary } } }')).toBe(2);
  });

  it('counts the same through named fragments and inline fragments', () => {
    const query = `
      query { calendar(id: "c") { ...Page } }
      fragment Page on Calendar { schedules(first: 100) { edges { node { ... on Schedule { calendar { ...Inner } } } } } }
      fragment Inner on Calendar { ${PAGE(100)} }`;
    expect(estimate(query)).toBe(204);
  });

  it('leaves out what @skip and @include exclude, evaluated with the variables', () => {
    const query = `query($skip: Boolean!, $include: Boolean!) {
      calendar(id: "c") {
        a: schedules(first: 10) @skip(if: $skip) { edges { node { id } } }
        b: schedules(first: 10) @include(if: $include) { edges { node { id } } } } }`;
    expect(estimate(query, { skip: true, include: false })).toBe(1);
    expect(estimate(query, { skip: false, include: false })).toBe(3);
    expect(estimate(query, { skip: false, include: true })).toBe(5);
  });

  it('still multiplies through fields it does not price (a list of unknown size counts as 1,000)', () => {
    const custom = buildSchema(`
      type Query { calendar(id: ID!): Calendar }
      type Calendar { id: ID! folders: [Folder!]! schedules(first: Int = 100): ScheduleConnection! }
      type Folder { owner: Calendar }
      type ScheduleConnection { edges: [ScheduleEdge!]! }
      type ScheduleEdge { node: Schedule! }
      type Schedule { id: ID! }`);
    expect(estimate(`{ calendar(id: "c") { folders { owner { ${PAGE(10)} } } } }`, {}, custom)).toBe(1 + 1000 * 2);
  });
});

describe('estimateWecomCalls: _entities', () => {
  const ENTITIES = 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Schedule { id summary } ... on Calendar { id } } }';
  const reps = (typeName: string, count: number) => ids(count, typeName).map((id) => ({ __typename: typeName, id }));

  it('pools 500 Schedule representations into one call', () => {
    expect(estimate(ENTITIES, { r: reps('Schedule', 500) })).toBe(1);
  });

  it('pools Schedule and Calendar representations by 1,000 each', () => {
    expect(estimate(ENTITIES, { r: [...reps('Schedule', 1500), ...reps('Calendar', 10)] })).toBe(3);
  });

  it('counts nested fields by the representations of their type', () => {
    const query = 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Calendar { schedules(first: 5) { edges { node { id } } } } } }';
    expect(estimate(query, { r: [...reps('Schedule', 500), ...reps('Calendar', 3)] })).toBe(1 + 1 + 3 * 2);
  });
});

describe('estimateWecomCalls: mutations', () => {
  const INPUT = '{ startTime: "2030-01-01T10:00:00Z", endTime: "2030-01-01T11:00:00Z" }';

  it('counts a create as the write and its read-back', () => {
    expect(estimate(`mutation { createSchedule(input: ${INPUT}) { id } }`)).toBe(2);
    expect(estimate(`mutation { createSchedule(input: ${INPUT}) { calendar { id } } }`)).toBe(3);
    expect(estimate('mutation { createCalendar(input: { summary: "s", color: "#FF0000" }) { calendar { id } } }')).toBe(2);
  });

  it('counts a create with an idempotency key at its worst case: the search after a lost answer (8 pages and a get)', () => {
    expect(estimate(`mutation { createSchedule(input: ${INPUT}, idempotencyKey: "k") { id } }`)).toBe(9);
    expect(estimate(`mutation($k: String) { createSchedule(input: ${INPUT}, idempotencyKey: $k) { id } }`, { k: 'k' })).toBe(9);
    expect(estimate(`mutation($k: String) { createSchedule(input: ${INPUT}, idempotencyKey: $k) { id } }`, {})).toBe(2);
    expect(estimate('mutation { createCalendar(input: { summary: "s", color: "#FF0000" }, idempotencyKey: "k") { calendar { id } } }')).toBe(2);
  });

  it('counts an update as read, write and read-back, and a split with the original read again for the change feed', () => {
    expect(estimate('mutation { updateSchedule(input: { id: "a", summary: "x" }) { id } }')).toBe(3);
    expect(estimate('mutation { updateSchedule(input: { id: "a", summary: "x" }, scope: THIS_AND_FOLLOWING, occurrenceStart: "2030-01-01T10:00:00Z") { id } }')).toBe(4);
    expect(estimate('mutation { updateCalendar(input: { id: "c", summary: "x" }) { calendar { id } } }')).toBe(3);
  });

  it('counts a schedule delete with the read for the change feed, a scoped one with its read first; a calendar delete as one call', () => {
    expect(estimate('mutation { deleteSchedule(id: "a") { id } deleteCalendar(id: "c") { id } }')).toBe(3);
    expect(estimate('mutation { deleteSchedule(id: "a", scope: THIS_OCCURRENCE, occurrenceStart: "2030-01-01T10:00:00Z") { id } }')).toBe(3);
  });

  it('counts attendee changes in chunks of 1,000 distinct user ids', () => {
    const query = 'mutation($u: [String!]!) { removeScheduleAttendees(id: "a", userIds: $u) { id } }';
    expect(estimate(query, { u: ids(1500, 'u') })).toBe(1 + 2 + 1);
    expect(estimate(query, { u: Array(1500).fill('u') })).toBe(1 + 1 + 1);
  });

  it('adds up several mutations of one operation', () => {
    expect(estimate(`mutation { a: createSchedule(input: ${INPUT}) { id } b: createSchedule(input: ${INPUT}) { id } }`)).toBe(4);
  });
});

describe('estimateWecomCalls: documents that expand too far', () => {
  /** 12 levels, each with 3 aliased Schedule.calendar → page → node selections spreading the next level: 3^12 fields. */
  const exponential = () => {
    const fragments = Array.from({ length: 12 }, (_, i) => {
      const next = i === 11 ? 'id' : `...F${i + 1}`;
      const branch = (alias: string) => `${alias}: calendar { schedules(first: 1) { edges { node { ${next} } } } }`;
      return `fragment F${i} on Schedule { ${branch('a')} ${branch('b')} ${branch('c')} }`;
    });
    return `{ schedule(id: "x") { ...F0 } } ${fragments.join(' ')}`;
  };

  it('gives up on fragments spread into an exponential number of fields', () => {
    expect(() => estimate(exponential())).toThrow(EstimateTooComplexError);
  });

  it('expands a fragment spread twice into one selection once, as execution does', () => {
    const fragments = Array.from({ length: 30 }, (_, i) =>
      i === 29 ? `fragment F${i} on Schedule { calendar { ${PAGE(1)} } }` : `fragment F${i} on Schedule { ...F${i + 1} id ...F${i + 1} }`,
    );
    expect(estimate(`{ schedule(id: "x") { ...F0 } } ${fragments.join(' ')}`)).toBe(1 + 1 + 2);
  });
});
