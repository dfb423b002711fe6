import { request } from 'undici';
import { RawHttpConnection } from '../helpers/raw-http';
import { TestStack, startTestStack } from '../helpers/test-stack';

/** A request target that node:http accepts but WHATWG URL parsing refuses must not reach an unguarded parser. */
describe('a hostile request line', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack();
  });
  afterAll(() => stack.stop());

  it.each(['//', '//[', '//:99999', '//a:b@'])('answers "GET %s" without crashing the process, and keeps serving', async (target) => {
    const connection = await RawHttpConnection.open(stack.gateway.port);
    await connection.write(`GET ${target} HTTP/1.1\r\nHost: localhost\r\n\r\n`);
    const answer = await connection.response();
    expect(answer.status).toBeGreaterThanOrEqual(400);
    expect(answer.status).toBeLessThan(500);
    connection.close();

    const health = await request(`http://127.0.0.1:${stack.gateway.port}/health`);
    expect(health.statusCode).toBe(200);
    await health.body.text();
  });
});
