import { request } from 'undici';
import { TestStack, startTestStack, QueryAnswer as Answer, postQuery as post, wecomCallCount } from '../helpers/test-stack';

const wecomCalls = wecomCallCount;

/** A query `depth` fields deep, nesting through Calendar.schedules pages of 0 (so it costs 2 WeCom calls at most). */
function queryOfDepth(depth: number): string {
  const page = ['calendar', 'schedules(first: 0)', 'edges', 'node'];
  const levels = ['schedule(id: "x")', ...page, ...page, ...page];
  const opened = levels.slice(0, depth - 1);
  return `{ ${opened.join(' { ')} { __typename }${' }'.repeat(opened.length - 1)} }`;
}

function expectRefused(answer: Answer, code: string, pattern: RegExp): void {
  expect(answer.status).toBe(400);
  expect(answer.body.data).toBeUndefined();
  expect(answer.body.errors![0].extensions!.code).toBe(code);
  expect(answer.body.errors![0].message).toMatch(pattern);
}

describe('query shape limits with their defaults', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack();
  });
  afterAll(() => stack.stop());
  beforeEach(() => stack.emulator.resetCalls());

  it('answers a query 10 fields deep and refuses one 11 deep (MAX_QUERY_DEPTH), calling WeCom 0 times', async () => {
    const ten = await post(stack, queryOfDepth(10));
    expect(ten.status).toBe(200);
    expect(ten.body.errors).toBeUndefined();
    stack.emulator.resetCalls();

    expectRefused(await post(stack, queryOfDepth(11)), 'GRAPHQL_VALIDATION_FAILED', /depth limit of 10 exceeded, found 11.*MAX_QUERY_DEPTH/);
    expect(wecomCalls(stack)).toBe(0);
  });

  it('counts depth through fragments as if written inline', async () => {
    const query = `{ schedule(id: "x") { ...A } }
      fragment A on Schedule { calendar { schedules(first: 0) { edges { node { ...B } } } } }
      fragment B on Schedule { calendar { schedules(first: 0) { edges { node { calendar { schedules(first: 0) { edges { node { id } } } } } } } } }`;
    expectRefused(await post(stack, query), 'GRAPHQL_VALIDATION_FAILED', /MAX_QUERY_DEPTH/);
  });

  it('answers 100 aliases and refuses 101 (MAX_QUERY_ALIASES)', async () => {
    const aliases = (count: number) => `{ ${Array.from({ length: count }, (_, i) => `a${i}: __typename`).join(' ')} }`;
    const hundred = await post(stack, aliases(100));
    expect(hundred.status).toBe(200);
    expect(Object.keys(hundred.body.data!)).toHaveLength(100);

    expectRefused(await post(stack, aliases(101)), 'GRAPHQL_VALIDATION_FAILED', /MAX_QUERY_ALIASES/);
  });

  it('refuses more than 50 directives (MAX_QUERY_DIRECTIVES)', async () => {
    const directives = (count: number) => `{ ${Array.from({ length: count }, (_, i) => `d${i}: __typename @include(if: true)`).join(' ')} }`;
    expect((await post(stack, directives(50))).status).toBe(200);
    expectRefused(await post(stack, directives(51)), 'GRAPHQL_VALIDATION_FAILED', /MAX_QUERY_DIRECTIVES/);
  });

  it('refuses a query of more than 10,000 tokens before parsing it (MAX_QUERY_TOKENS), calling WeCom 0 times', async () => {
    const ids = Array.from({ length: 10_000 }, (_, i) => `"${i}"`).join(' ');
    const answer = await post(stack, `{ schedules(ids: [${ids}]) { id } }`);

    expectRefused(answer, 'GRAPHQL_VALIDATION_FAILED', /more than 10000 tokens.*MAX_QUERY_TOKENS/);
    expect(answer.body.errors![0].extensions!.limit).toBe(10_000);
    expect(wecomCalls(stack)).toBe(0);
  });

  it('refuses a query text over 256 KiB, comments included (MAX_QUERY_BYTES)', async () => {
    const answer = await post(stack, `{ __typename } # ${'x'.repeat(256 * 1024)}`);
    expectRefused(answer, 'GRAPHQL_VALIDATION_FAILED', /larger than 262144 bytes.*MAX_QUERY_BYTES/);
  });

  it('refuses over-limit queries sent with GET too', async () => {
    const aliases = `{ ${Array.from({ length: 101 }, (_, i) => `a${i}: __typename`).join(' ')} }`;
    const response = await request(`${stack.gateway.url}?query=${encodeURIComponent(aliases)}`, {
      headers: { 'apollo-require-preflight': 'true' },
    });
    const body = (await response.body.json()) as Answer['body'];
    expectRefused({ status: response.statusCode, body }, 'GRAPHQL_VALIDATION_FAILED', /MAX_QUERY_ALIASES/);
  });

  it('allows introspection and suggests field names outside production', async () => {
    expect((await post(stack, '{ __schema { queryType { name } } }')).body.data).toEqual({ __schema: { queryType: { name: 'Query' } } });
    const misspelled = await post(stack, '{ schedule(id: "x") { summry } }');
    expect(misspelled.body.errors![0].message).toMatch(/Did you mean "summary"\?/);
  });
});

describe('query shape limits configured', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack({ gateway: { limits: { maxDepth: 3, maxAliases: 2, maxTokens: 100, maxDirectives: 1, maxQueryBytes: 2048 } } });
  });
  afterAll(() => stack.stop());

  it('applies each configured limit', async () => {
    expect((await post(stack, queryOfDepth(3))).status).toBe(200);
    expectRefused(await post(stack, queryOfDepth(4)), 'GRAPHQL_VALIDATION_FAILED', /depth limit of 3/);
    expectRefused(await post(stack, '{ a: __typename b: __typename c: __typename }'), 'GRAPHQL_VALIDATION_FAILED', /MAX_QUERY_ALIASES/);
    expectRefused(await post(stack, '{ __typename @include(if: true) @skip(if: false) }'), 'GRAPHQL_VALIDATION_FAILED', /MAX_QUERY_DIRECTIVES/);
    expect((await post(stack, '{ __typename @include(if: true) }')).status).toBe(200);
    expectRefused(await post(stack, `{ ${'__typename '.repeat(101)}}`), 'GRAPHQL_VALIDATION_FAILED', /more than 100 tokens/);
    expectRefused(await post(stack, `{ __typename } # ${'x'.repeat(2048)}`), 'GRAPHQL_VALIDATION_FAILED', /larger than 2048 bytes/);
  });
});

describe('introspection and suggestions in production', () => {
  let production: TestStack;
  let opened: TestStack;

  beforeAll(async () => {
    production = await startTestStack({ gateway: { production: true } });
    opened = await startTestStack({ gateway: { production: true, limits: { introspection: true } } });
  });
  afterAll(async () => {
    await production.stop();
    await opened.stop();
  });

  it('refuses introspection in production by default', async () => {
    const answer = await post(production, '{ __schema { queryType { name } } }');
    expectRefused(answer, 'GRAPHQL_VALIDATION_FAILED', /introspection is not allowed/i);
  });

  it('gives no "Did you mean" suggestion in production', async () => {
    const answer = await post(production, '{ schedule(id: "x") { summry } }');
    expect(answer.status).toBe(400);
    expect(answer.body.errors![0].message).not.toMatch(/Did you mean/);
  });

  it('allows introspection and suggestions in production with INTROSPECTION=true', async () => {
    expect((await post(opened, '{ __schema { queryType { name } } }')).body.data).toEqual({ __schema: { queryType: { name: 'Query' } } });
    expect((await post(opened, '{ schedule(id: "x") { summry } }')).body.errors![0].message).toMatch(/Did you mean/);
  });
});
