import { request } from 'undici';
import { RawHttpConnection, rawPost } from '../helpers/raw-http';
import { TestStack, startTestStack } from '../helpers/test-stack';

const MAX_BODY = 64 * 1024;
const TYPENAME = JSON.stringify({ query: '{ __typename }' });

/** A JSON GraphQL error response with exactly one error and its code. */
function expectGraphQLError(body: string, code: string): void {
  const parsed = JSON.parse(body) as { errors: { message: string; extensions: { code: string } }[] };
  expect(parsed.errors).toHaveLength(1);
  expect(typeof parsed.errors[0].message).toBe('string');
  expect(parsed.errors[0].extensions.code).toBe(code);
}

describe('errors of the HTTP layer are JSON GraphQL responses with a code', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack({ gateway: { limits: { maxBodyBytes: MAX_BODY, maxQueryBytes: 8 * 1024 } } });
  });
  afterAll(() => stack.stop());

  async function send(path: string, init: Parameters<typeof request>[1]) {
    const response = await request(`http://127.0.0.1:${stack.gateway.port}${path}`, init);
    return { status: response.statusCode, type: String(response.headers['content-type']), body: await response.body.text() };
  }

  it('answers an unknown path with 404 NOT_FOUND', async () => {
    const answer = await send('/nowhere', { method: 'GET' });
    expect(answer.status).toBe(404);
    expect(answer.type).toMatch(/application\/json/);
    expectGraphQLError(answer.body, 'NOT_FOUND');
  });

  it('answers a body that is not JSON with 400 BAD_REQUEST', async () => {
    const answer = await send('/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query": ' });
    expect(answer.status).toBe(400);
    expect(answer.type).toMatch(/application\/json/);
    expectGraphQLError(answer.body, 'BAD_REQUEST');
  });

  it('answers a method other than GET and POST with 405 and a code', async () => {
    const answer = await send('/graphql', { method: 'PUT', headers: { 'content-type': 'application/json' }, body: TYPENAME });
    expect(answer.status).toBe(405);
    expectGraphQLError(answer.body, 'BAD_REQUEST');
  });

  it('answers an unsupported content type with 400 and a code', async () => {
    const answer = await send('/graphql', { method: 'POST', headers: { 'content-type': 'application/xml', 'apollo-require-preflight': '1' }, body: '<q/>' });
    expect(answer.status).toBe(400);
    expectGraphQLError(answer.body, 'BAD_REQUEST');
  });

  it('answers a body over MAX_BODY_BYTES with 413 PAYLOAD_TOO_LARGE and the limit', async () => {
    const answer = await send('/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: 'x'.repeat(MAX_BODY + 1) });
    expect(answer.status).toBe(413);
    expectGraphQLError(answer.body, 'PAYLOAD_TOO_LARGE');
    expect(JSON.parse(answer.body).errors[0].extensions.limit).toBe(MAX_BODY);
  });
});

describe('a kept-alive connection stays usable after an error', () => {
  let stack: TestStack;
  let connection: RawHttpConnection;

  beforeAll(async () => {
    stack = await startTestStack({ gateway: { limits: { maxBodyBytes: MAX_BODY, maxQueryBytes: 8 * 1024 } } });
  });
  afterAll(() => stack.stop());
  beforeEach(async () => {
    connection = await RawHttpConnection.open(stack.gateway.port);
  });
  afterEach(() => connection.close());

  async function expectAnswersNextRequestAtOnce(): Promise<void> {
    const started = Date.now();
    expect(await connection.write(rawPost(TYPENAME))).toBe(true);
    const next = await connection.response(1000);
    expect(next.status).toBe(200);
    expect(JSON.parse(next.body)).toEqual({ data: { __typename: 'Query' } });
    expect(Date.now() - started).toBeLessThan(1000);
  }

  it('answers the next request on the same socket at once after a 413 (Content-Length)', async () => {
    await connection.write(rawPost(Buffer.alloc(MAX_BODY * 2, 'x')));
    const refused = await connection.response();
    expect(refused.status).toBe(413);
    expect(refused.headers.connection).not.toBe('close');
    expectGraphQLError(refused.body, 'PAYLOAD_TOO_LARGE');

    await expectAnswersNextRequestAtOnce();
  });

  it('answers the next request on the same socket at once after a 413 (chunked body)', async () => {
    const chunk = Buffer.alloc(MAX_BODY, 'x');
    const head = 'POST /graphql HTTP/1.1\r\nhost: localhost\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n';
    const size = `${chunk.length.toString(16)}\r\n`;
    await connection.write(Buffer.concat([Buffer.from(head), Buffer.from(size), chunk, Buffer.from(`\r\n${size}`), chunk, Buffer.from('\r\n0\r\n\r\n')]));
    const refused = await connection.response();
    expect(refused.status).toBe(413);

    await expectAnswersNextRequestAtOnce();
  });

  it('answers the next request on the same socket after a body that is not JSON and after a refused query', async () => {
    await connection.write(rawPost('{"query": '));
    expect((await connection.response()).status).toBe(400);
    await connection.write(rawPost(JSON.stringify({ query: `{ __typename } # ${'x'.repeat(9 * 1024)}` })));
    const tooLong = await connection.response();
    expect(tooLong.status).toBe(400);
    expectGraphQLError(tooLong.body, 'GRAPHQL_VALIDATION_FAILED');

    await expectAnswersNextRequestAtOnce();
  });

  it('answers 413 at once and closes the connection when the body announces far more than the limit', async () => {
    // Only the head and a little of a 100 MB body are sent: the gateway must not wait for the rest.
    const head = `POST /graphql HTTP/1.1\r\nhost: localhost\r\ncontent-type: application/json\r\ncontent-length: ${100 * 1024 * 1024}\r\n\r\n`;
    await connection.write(Buffer.concat([Buffer.from(head), Buffer.alloc(1024, 'x')]));
    const refused = await connection.response(1000);
    expect(refused.status).toBe(413);
    expect(refused.headers.connection).toBe('close');
    expectGraphQLError(refused.body, 'PAYLOAD_TOO_LARGE');
    expect(await connection.closedWithin(1000)).toBe(true);
  });
});
