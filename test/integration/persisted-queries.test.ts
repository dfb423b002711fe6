import { createHash, randomUUID } from 'node:crypto';
import { WeComEmulator } from '../../src/emulator/wecom-emulator';
import { CreateScheduleDocument } from '../../client/operations';
import { scheduleInput, freshApp } from '../helpers/fixtures';
import { TEST_REDIS_URL, describeWithRedis } from '../helpers/redis-availability';
import { GraphQLErrorBody, SCHEDULE_ADD, SCHEDULE_GET, TestStack, startTestStack } from '../helpers/test-stack';

/** Automatic persisted queries (APQ): a client sends the sha256 of a query; the query itself only when it is not known yet. */

interface ApqResponse {
  status: number;
  data?: Record<string, unknown> | null;
  errors?: GraphQLErrorBody[];
}

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/** A query text no earlier run (and no other test) has registered: its alias is random. */
function uniqueScheduleQuery(): { query: string; alias: string; hash: string } {
  const alias = `s_${randomUUID().replace(/-/g, '')}`;
  const query = `query ApqSchedule($id: ID!) { ${alias}: schedule(id: $id) { id summary } }`;
  return { query, alias, hash: sha256(query) };
}

function persistedQuery(sha256Hash: string) {
  return { persistedQuery: { version: 1, sha256Hash } };
}

async function post(url: string, body: Record<string, unknown>): Promise<ApqResponse> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: response.status, ...((await response.json()) as object) };
}

/** GET with the preflight header that Apollo's CSRF prevention asks of a GET. */
async function get(url: string, params: Record<string, unknown>): Promise<ApqResponse> {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) search.set(key, typeof value === 'string' ? value : JSON.stringify(value));
  const response = await fetch(`${url}?${search}`, { headers: { 'apollo-require-preflight': 'true' } });
  return { status: response.status, ...((await response.json()) as object) };
}

describe('automatic persisted queries', () => {
  let stack: TestStack;
  let scheduleId: string;
  const summary = 'Persisted';

  beforeAll(async () => {
    stack = await startTestStack();
    const { data, errors } = await stack.graphql(CreateScheduleDocument, { input: scheduleInput({ summary }) });
    expect(errors).toBeUndefined();
    scheduleId = data!.createSchedule.id;
  });
  afterAll(() => stack.stop());
  beforeEach(() => stack.emulator.resetCalls());

  it('answers PERSISTED_QUERY_NOT_FOUND for an unknown hash, over POST and GET, without calling WeCom', async () => {
    const { hash } = uniqueScheduleQuery();
    for (const response of [
      await post(stack.gateway.url, { variables: { id: scheduleId }, extensions: persistedQuery(hash) }),
      await get(stack.gateway.url, { variables: { id: scheduleId }, extensions: persistedQuery(hash) }),
    ]) {
      expect(response.status).toBe(200); // Apollo's choice, so that clients retry with the query
      expect(response.data).toBeUndefined();
      expect(response.errors).toHaveLength(1);
      expect(response.errors![0]).toMatchObject({ message: 'PersistedQueryNotFound', extensions: { code: 'PERSISTED_QUERY_NOT_FOUND' } });
    }
    expect(stack.emulator.calls()).toHaveLength(0);
  });

  it('registers a query sent with its hash, then answers the hash alone over POST and GET', async () => {
    const { query, alias, hash } = uniqueScheduleQuery();
    const expected = { [alias]: { id: scheduleId, summary } };

    const registered = await post(stack.gateway.url, { query, variables: { id: scheduleId }, extensions: persistedQuery(hash) });
    expect(registered.errors).toBeUndefined();
    expect(registered.data).toEqual(expected);

    const byPost = await post(stack.gateway.url, { variables: { id: scheduleId }, extensions: persistedQuery(hash) });
    expect(byPost.errors).toBeUndefined();
    expect(byPost.status).toBe(200);
    expect(byPost.data).toEqual(expected);

    const byGet = await get(stack.gateway.url, { variables: { id: scheduleId }, extensions: persistedQuery(hash) });
    expect(byGet.errors).toBeUndefined();
    expect(byGet.status).toBe(200);
    expect(byGet.data).toEqual(expected);

    // Each of the three was executed against WeCom, not answered from some response cache.
    expect(stack.emulator.callCount(SCHEDULE_GET)).toBe(3);
  });

  it('registers a query sent with its hash over GET too', async () => {
    const { query, alias, hash } = uniqueScheduleQuery();
    const registered = await get(stack.gateway.url, { query, variables: { id: scheduleId }, extensions: persistedQuery(hash) });
    expect(registered.errors).toBeUndefined();
    expect(registered.data).toEqual({ [alias]: { id: scheduleId, summary } });

    const byPost = await post(stack.gateway.url, { variables: { id: scheduleId }, extensions: persistedQuery(hash) });
    expect(byPost.data).toEqual({ [alias]: { id: scheduleId, summary } });
  });

  it('refuses a query whose hash does not match it (400), executing and registering nothing', async () => {
    const { query } = uniqueScheduleQuery();
    const wrongHash = sha256(`${query} `);

    const response = await post(stack.gateway.url, { query, variables: { id: scheduleId }, extensions: persistedQuery(wrongHash) });
    expect(response.status).toBe(400);
    expect(response.data).toBeUndefined();
    expect(response.errors).toHaveLength(1);
    // Apollo has no dedicated code for this (no PERSISTED_QUERY_HASH_MISMATCH): a plain error with this message.
    expect(response.errors![0].message).toBe('provided sha does not match query');
    expect(response.errors![0].extensions?.code).toBe('INTERNAL_SERVER_ERROR');
    expect(stack.emulator.calls()).toHaveLength(0);

    const later = await post(stack.gateway.url, { variables: { id: scheduleId }, extensions: persistedQuery(wrongHash) });
    expect(later.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    expect(stack.emulator.calls()).toHaveLength(0);
  });

  it('refuses a persisted-query version other than 1', async () => {
    const { query, hash } = uniqueScheduleQuery();
    const response = await post(stack.gateway.url, {
      query,
      variables: { id: scheduleId },
      extensions: { persistedQuery: { version: 2, sha256Hash: hash } },
    });
    expect(response.status).toBe(400);
    expect(response.errors?.[0]?.message).toMatch(/Unsupported persisted query version/);
    expect(stack.emulator.calls()).toHaveLength(0);
  });

  it('does not let a mutation registered over POST be replayed over GET by its hash (405, nothing created)', async () => {
    const query = `mutation ApqCreate($input: CreateScheduleInput!) { m_${randomUUID().replace(/-/g, '')}: createSchedule(input: $input) { id } }`;
    const hash = sha256(query);
    const variables = { input: scheduleInput({ summary: 'Persisted mutation' }) };

    const registered = await post(stack.gateway.url, { query, variables, extensions: persistedQuery(hash) });
    expect(registered.errors).toBeUndefined();
    const count = stack.emulator.scheduleCount();

    const replayed = await get(stack.gateway.url, { variables, extensions: persistedQuery(hash) });
    expect(replayed.status).toBe(405);
    expect(replayed.data).toBeUndefined();
    expect(stack.emulator.scheduleCount()).toBe(count);
    expect(stack.emulator.callCount(SCHEDULE_ADD)).toBe(1); // the registering POST only
  });
});


describeWithRedis('automatic persisted queries shared through Redis (CACHE_URL)', () => {
  let emulator: WeComEmulator;
  let first: TestStack;
  let second: TestStack;
  let scheduleId: string;

  beforeAll(async () => {
    const app = freshApp();
    emulator = await WeComEmulator.start({ apps: [app] });
    const shared = { sharedEmulator: emulator, app, gateway: { cacheUrl: TEST_REDIS_URL } };
    first = await startTestStack(shared);
    second = await startTestStack(shared);
    const { data, errors } = await first.graphql(CreateScheduleDocument, { input: scheduleInput({ summary: 'Shared APQ' }) });
    expect(errors).toBeUndefined();
    scheduleId = data!.createSchedule.id;
  });
  afterAll(async () => {
    await first?.stop();
    await second?.stop();
    await emulator?.close();
  });

  it('serves by hash alone on a second instance a query registered on the first', async () => {
    const { query, alias, hash } = uniqueScheduleQuery();
    const expected = { [alias]: { id: scheduleId, summary: 'Shared APQ' } };

    // Unknown everywhere before: the test cannot pass on something left in Redis.
    const before = await post(second.gateway.url, { variables: { id: scheduleId }, extensions: persistedQuery(hash) });
    expect(before.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');

    const registered = await post(first.gateway.url, { query, variables: { id: scheduleId }, extensions: persistedQuery(hash) });
    expect(registered.errors).toBeUndefined();
    expect(registered.data).toEqual(expected);

    emulator.resetCalls();
    const byPost = await post(second.gateway.url, { variables: { id: scheduleId }, extensions: persistedQuery(hash) });
    expect(byPost.errors).toBeUndefined();
    expect(byPost.data).toEqual(expected);
    const byGet = await get(second.gateway.url, { variables: { id: scheduleId }, extensions: persistedQuery(hash) });
    expect(byGet.errors).toBeUndefined();
    expect(byGet.data).toEqual(expected);
    expect(emulator.callCount(SCHEDULE_GET)).toBe(2);
  });
});
