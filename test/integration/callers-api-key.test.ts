import { Scope } from '../../src/callers/caller';
import { OPERATIONS_OF_EVERY_KIND, bearer, getGraphQL, newApiKey, postGraphQL } from '../helpers/callers';
import { scheduleInput } from '../helpers/fixtures';
import { TestStack, startTestStack } from '../helpers/test-stack';

const reader = newApiKey('dashboards', [Scope.Read]);
const writer = newApiKey('meeting-rooms', [Scope.Write]);
const scopeless = newApiKey('no-scopes', []);

describe('AUTH=api-key', () => {
  let stack: TestStack;
  let url: string;
  let scheduleId: string;
  const upstreamCalls = () => stack.emulator.calls().length;

  beforeAll(async () => {
    stack = await startTestStack({
      gateway: { auth: { methods: ['api-key'], apiKeys: [reader.entry, writer.entry, scopeless.entry] } },
    });
    url = stack.gateway.url;
    const created = await postGraphQL(
      url,
      { query: 'mutation C($input: CreateScheduleInput!) { createSchedule(input: $input) { id } }', variables: { input: scheduleInput() } },
      bearer(writer.key),
    );
    scheduleId = (created.data!.createSchedule as { id: string }).id;
  });
  afterAll(() => stack.stop());
  beforeEach(() => stack.emulator.resetCalls());

  describe('without a credential', () => {
    it.each(OPERATIONS_OF_EVERY_KIND)('refuses a %s with 401 UNAUTHENTICATED, a Bearer challenge, and no WeCom call', async (_kind, query, variables) => {
      const response = await postGraphQL(url, { query, variables });
      expect(response.status).toBe(401);
      expect(response.headers['www-authenticate']).toMatch(/^Bearer realm="[^"]+"$/);
      expect(response.data).toBeUndefined();
      expect(response.errors).toEqual([expect.objectContaining({ extensions: { code: 'UNAUTHENTICATED' } })]);
      expect(response.errors![0].message).toMatch(/Authorization: Bearer </);
      expect(upstreamCalls()).toBe(0);
    });

    it('refuses a GET query too', async () => {
      const response = await getGraphQL(url, `{ schedule(id: "${scheduleId}") { id } }`);
      expect(response.status).toBe(401);
      expect(response.errors![0].extensions!.code).toBe('UNAUTHENTICATED');
      expect(upstreamCalls()).toBe(0);
    });
  });

  it.each([
    ['an unknown key', bearer('not-a-key-we-issued'), 'invalid_token', /^Invalid or expired credential$/],
    ['a key with one character changed', bearer(`${reader.key.slice(0, -1)}${reader.key.endsWith('A') ? 'B' : 'A'}`), 'invalid_token', /^Invalid or expired credential$/],
    ['the sha256 itself instead of the key', bearer(reader.entry.sha256), 'invalid_token', /^Invalid or expired credential$/],
    ['Basic auth', { authorization: `Basic ${Buffer.from(`x:${reader.key}`).toString('base64')}` }, 'invalid_request', /Malformed/],
    ['Bearer without a credential', { authorization: 'Bearer ' }, 'invalid_request', /Malformed/],
    ['a bare key without Bearer', { authorization: reader.key }, 'invalid_request', /Malformed/],
    ['two credentials', { authorization: `Bearer ${reader.key} ${writer.key}` }, 'invalid_request', /Malformed/],
  ])('refuses %s with 401 and no WeCom call', async (_name, headers, challenge, message) => {
    const response = await postGraphQL(url, { query: `{ schedule(id: "${scheduleId}") { id } }` }, headers);
    expect(response.status).toBe(401);
    expect(response.headers['www-authenticate']).toContain(`error="${challenge}"`);
    expect(response.errors).toEqual([expect.objectContaining({ message: expect.stringMatching(message), extensions: { code: 'UNAUTHENTICATED' } })]);
    expect(upstreamCalls()).toBe(0);
  });

  it('serves a query, _service and _entities to a key with schedules:read', async () => {
    const query = await postGraphQL(url, { query: `{ schedule(id: "${scheduleId}") { id summary } }` }, bearer(reader.key));
    expect(query).toMatchObject({ status: 200, data: { schedule: { id: scheduleId, summary: 'Design review' } } });
    expect(query.errors).toBeUndefined();
    const service = await postGraphQL(url, { query: '{ _service { sdl } }' }, bearer(reader.key));
    expect((service.data!._service as { sdl: string }).sdl).toContain('@requiresScopes');
    const [, entities, variables] = OPERATIONS_OF_EVERY_KIND.find(([kind]) => kind === '_entities')!;
    const resolved = await postGraphQL(url, { query: entities, variables: { r: [{ ...(variables!.r as object[])[0], id: scheduleId }] } }, bearer(reader.key));
    expect(resolved.data).toEqual({ _entities: [{ id: scheduleId, summary: 'Design review' }] });
  });

  it('accepts the scheme case-insensitively (RFC 7235)', async () => {
    const response = await postGraphQL(url, { query: '{ __typename }' }, { authorization: `bearer ${reader.key}` });
    expect(response).toMatchObject({ status: 200, data: { __typename: 'Query' } });
  });

  it.each([
    ['createSchedule', 'mutation Create($input: CreateScheduleInput!) { createSchedule(input: $input) { id } }', () => ({ input: scheduleInput() })],
    ['updateSchedule', 'mutation Patch($id: ID!) { updateSchedule(input: { id: $id, summary: "x" }) { id } }', () => ({ id: scheduleId })],
    ['deleteSchedule', 'mutation Del($id: ID!) { deleteSchedule(id: $id) { id } }', () => ({ id: scheduleId })],
    ['createCalendar', 'mutation { createCalendar(input: { summary: "Rooms", color: "#336699" }) { calendar { id } } }', () => ({})],
  ])('answers FORBIDDEN on %s to a key with schedules:read only, without calling WeCom', async (field, query, variables) => {
    const response = await postGraphQL(url, { query, variables: variables() }, bearer(reader.key));
    expect(response.status).toBe(200);
    expect(response.data).toBeNull();
    expect(response.errors).toEqual([
      expect.objectContaining({ path: [field], extensions: { code: 'FORBIDDEN', requiredScope: 'schedules:write' } }),
    ]);
    expect(upstreamCalls()).toBe(0);
  });

  it.each(OPERATIONS_OF_EVERY_KIND.filter(([kind]) => kind !== 'introspection'))(
    'answers FORBIDDEN on a %s to a valid key without scopes, without calling WeCom',
    async (_kind, query, variables) => {
      const response = await postGraphQL(url, { query, variables }, bearer(scopeless.key));
      expect(response.status).toBe(200);
      expect(response.errors).toHaveLength(1);
      expect(response.errors![0].extensions!.code).toBe('FORBIDDEN');
      expect(upstreamCalls()).toBe(0);
    },
  );

  it('refuses only the field: introspection and __typename beside it still resolve for a valid key without scopes', async () => {
    const response = await postGraphQL(
      url,
      { query: `{ __typename __schema { queryType { name } } schedule(id: "${scheduleId}") { id } }` },
      bearer(scopeless.key),
    );
    expect(response.data).toEqual({ __typename: 'Query', __schema: { queryType: { name: 'Query' } }, schedule: null });
    expect(response.errors).toEqual([expect.objectContaining({ path: ['schedule'], extensions: { code: 'FORBIDDEN', requiredScope: 'schedules:read' } })]);
    expect(upstreamCalls()).toBe(0);
  });

  it('lets schedules:write read too (write implies read)', async () => {
    const response = await postGraphQL(url, { query: `{ schedules(ids: ["${scheduleId}"]) { id } }` }, bearer(writer.key));
    expect(response.errors).toBeUndefined();
    expect(response.data).toEqual({ schedules: [{ id: scheduleId }] });
  });

  it('names the caller in the log line of a WeCom error met on its behalf', async () => {
    stack.emulator.failNext('/cgi-bin/oa/schedule/get', 60011);
    const response = await postGraphQL(url, { query: `{ schedule(id: "${scheduleId}") { id } }` }, bearer(reader.key));
    expect(response.errors?.[0].extensions?.code).toBe('WECOM_FORBIDDEN');
    const line = stack.logs().split('\n').reverse().find((entry) => entry.includes('"msg":"WeCom error"'));
    expect(JSON.parse(line!)).toMatchObject({ caller: 'dashboards', errcode: 60011 });
  });

  it('never writes a key, its hash or the Authorization header into the logs', async () => {
    await postGraphQL(url, { query: '{ __typename }' }, bearer(reader.key));
    await postGraphQL(url, { query: '{ __typename }' }, bearer(`${writer.key}x`));
    const logs = stack.logs();
    expect(logs).toContain('"caller":"meeting-rooms"'); // the test's keys were used, and logged by name
    for (const secret of [reader.key, writer.key, scopeless.key, reader.entry.sha256, writer.entry.sha256]) expect(logs).not.toContain(secret);
    expect(logs).not.toMatch(/Bearer /i);
  });
});
