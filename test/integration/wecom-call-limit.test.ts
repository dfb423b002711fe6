import { SCHEDULE_GET, TestStack, startTestStack, QueryAnswer as Answer, postQuery as post, wecomCallCount } from '../helpers/test-stack';

const GET_BY_CALENDAR = '/cgi-bin/oa/schedule/get_by_calendar';

const wecomCalls = wecomCallCount;

/** Distinct ids of 1 to 3 printable characters: as many as fit in 1 MiB, as the tester sent them. */
function compactIds(count: number): string[] {
  const alphabet = Array.from({ length: 94 }, (_, i) => String.fromCharCode(33 + i)).filter((c) => c !== '"' && c !== '\\');
  const ids: string[] = [];
  for (let length = 1; ids.length < count; length++) {
    const total = alphabet.length ** length;
    for (let n = 0; n < total && ids.length < count; n++) {
      let id = '';
      for (let rest = n, i = 0; i < length; i++, rest = Math.floor(rest / alphabet.length)) id += alphabet[rest % alphabet.length];
      ids.push(id);
    }
  }
  return ids;
}

const level = (inner: string) => `schedules { edges { node { calendar { ${inner} } } } }`;
/** The 292-byte query: Calendar.schedules → node.calendar → schedules, four levels deep. */
const nested = (calId: string) => `{ calendar(id: "${calId}") { ${level(level(level(level('id'))))} } }`;

describe('MAX_WECOM_CALLS_PER_REQUEST (default 10): operations are priced before any WeCom call', () => {
  let stack: TestStack;
  let calId: string;
  let scheduleIds: string[];

  beforeAll(async () => {
    stack = await startTestStack();
    calId = stack.emulator.addCalendar();
    scheduleIds = stack.emulator.seedSchedules(calId, 30);
  });
  afterAll(() => stack.stop());
  beforeEach(() => stack.emulator.resetCalls());

  it('refuses the 4-level nested connection query with 400 before any WeCom call (here already its depth)', async () => {
    const { status, body } = await post(stack, nested(calId));

    expect(status).toBe(400);
    expect(body.data).toBeUndefined();
    expect(body.errors![0].extensions!.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(wecomCalls(stack)).toBe(0);
  });

  it('refuses schedules(ids:) with 176,092 distinct ids in a body under 1 MiB as 177 calls, calling WeCom 0 times', async () => {
    const ids = compactIds(176_092);
    const payload = JSON.stringify({ query: 'query($ids: [ID!]!) { schedules(ids: $ids) { id } }', variables: { ids } });
    expect(Buffer.byteLength(payload)).toBeLessThanOrEqual(1024 * 1024);

    const { status, body } = await post(stack, 'query($ids: [ID!]!) { schedules(ids: $ids) { id } }', { ids });

    expect(status).toBe(400);
    expect(body.errors![0].extensions).toEqual({ code: 'BAD_USER_INPUT', estimatedWecomCalls: 177, limit: 10 });
    expect(wecomCalls(stack)).toBe(0);
  });

  it('answers a query with 1,000 ids written inline with one schedule/get', async () => {
    const ids = [...scheduleIds, ...Array.from({ length: 1000 - scheduleIds.length }, (_, i) => `missing-${i}`)];
    const { status, body } = await post(stack, `{ schedules(ids: ${JSON.stringify(ids)}) { id summary } }`);

    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    const schedules = body.data!.schedules as ({ id: string } | null)[];
    expect(schedules).toHaveLength(1000);
    expect(schedules.slice(0, scheduleIds.length).map((schedule) => schedule!.id)).toEqual(scheduleIds);
    expect(stack.emulator.callCount(SCHEDULE_GET)).toBe(1);
  });

  it('answers an _entities query with 500 representations, as the router sends it, with one schedule/get', async () => {
    const representations = Array.from({ length: 500 }, (_, i) => ({ __typename: 'Schedule', id: scheduleIds[i] ?? `missing-${i}` }));
    const query = 'query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Schedule { id summary } } }';
    const { status, body } = await post(stack, query, { representations });

    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect((body.data!._entities as unknown[]).filter((entity) => entity !== null)).toHaveLength(scheduleIds.length);
    expect(stack.emulator.callCount(SCHEDULE_GET)).toBe(1);
  });

  it('makes no more WeCom calls than it estimated for a nested page just under the limit', async () => {
    // calendar/get 1 + page 2 + node.calendar 1 + 3 nested pages × 2 = 10
    const query = `{ calendar(id: "${calId}") { schedules(first: 3) { edges { node { calendar { schedules(first: 2) { edges { node { id } } } } } } } } }`;
    const { status, body } = await post(stack, query);

    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect(stack.emulator.callCount(GET_BY_CALENDAR)).toBe(4);
    expect(wecomCalls(stack)).toBeLessThanOrEqual(10);
  });

  it('refuses the same nesting one page larger (12 calls), calling WeCom 0 times', async () => {
    const query = `{ calendar(id: "${calId}") { schedules(first: 4) { edges { node { calendar { schedules(first: 2) { edges { node { id } } } } } } } } }`;
    const { status, body } = await post(stack, query);

    expect(status).toBe(400);
    expect(body.errors![0].extensions).toEqual({ code: 'BAD_USER_INPUT', estimatedWecomCalls: 12, limit: 10 });
    expect(wecomCalls(stack)).toBe(0);
  });
});

describe('MAX_WECOM_CALLS_PER_REQUEST configured to 2 (and depth and alias limits raised)', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack({ gateway: { limits: { maxWecomCallsPerRequest: 2, maxDepth: 100, maxAliases: 1_000_000 } } });
  });
  afterAll(() => stack.stop());
  beforeEach(() => stack.emulator.resetCalls());

  const CREATE = 'mutation { createSchedule(input: { startTime: "2030-01-01T10:00:00Z", endTime: "2030-01-01T11:00:00Z", summary: "limit" }) { id summary } }';

  it('lets a create through (write and read-back: 2 calls)', async () => {
    const { status, body } = await post(stack, CREATE);

    expect(status).toBe(200);
    expect(body.data!.createSchedule).toMatchObject({ summary: 'limit' });
    expect(wecomCalls(stack)).toBe(2);
  });

  it('refuses an update (read, write, read-back: 3 calls) and writes nothing', async () => {
    const { status, body } = await post(stack, 'mutation { updateSchedule(input: { id: "any", summary: "x" }) { id } }');

    expect(status).toBe(400);
    expect(body.errors![0].extensions).toEqual({ code: 'BAD_USER_INPUT', estimatedWecomCalls: 3, limit: 2 });
    expect(wecomCalls(stack)).toBe(0);
  });

  it('refuses the 4-level nested query deeper than the depth limit by its estimate, calling WeCom 0 times', async () => {
    const { status, body } = await post(stack, nested('any-calendar'));

    expect(status).toBe(400);
    expect(body.errors).toHaveLength(1);
    const { extensions } = body.errors![0];
    expect(extensions).toEqual({ code: 'BAD_USER_INPUT', estimatedWecomCalls: expect.any(Number), limit: 2 });
    expect(extensions!.estimatedWecomCalls as number).toBeGreaterThan(1_000_000);
    expect(wecomCalls(stack)).toBe(0);
  });

  it('refuses fragments spread into an exponential number of fields as too complex to price, calling WeCom 0 times', async () => {
    const fragments = Array.from({ length: 12 }, (_, i) => {
      const next = i === 11 ? 'id' : `...F${i + 1}`;
      const branch = (alias: string) => `${alias}: calendar { schedules(first: 1) { edges { node { ${next} } } } }`;
      return `fragment F${i} on Schedule { ${branch('a')} ${branch('b')} ${branch('c')} }`;
    });
    const { status, body } = await post(stack, `{ schedule(id: "x") { ...F0 } } ${fragments.join(' ')}`);

    expect(status).toBe(400);
    expect(body.errors![0].extensions).toEqual({ code: 'BAD_USER_INPUT', estimatedWecomCalls: null, limit: 2 });
    expect(wecomCalls(stack)).toBe(0);
  });

  it('refuses two creates in one operation (4 calls)', async () => {
    const { status, body } = await post(stack, `mutation { a: ${CREATE.slice(11, -2)} b: ${CREATE.slice(11, -2)} }`);

    expect(status).toBe(400);
    expect(body.errors![0].extensions).toMatchObject({ estimatedWecomCalls: 4, limit: 2 });
    expect(wecomCalls(stack)).toBe(0);
  });
});
