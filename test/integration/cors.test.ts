import { Agent, request } from 'undici';
import { WeComEmulator } from '../../src/emulator/wecom-emulator';
import { TestStack, startTestStack } from '../helpers/test-stack';

const ALLOWED = 'https://app.example.com';
const OTHER = 'https://evil.example';
const client = new Agent({ keepAliveTimeout: 10 });

interface Answer {
  status: number;
  headers: Record<string, string>;
  text: string;
}

async function send(url: string, init: { method?: string; headers?: Record<string, string>; body?: string }): Promise<Answer> {
  const response = await request(url, { method: (init.method ?? 'GET') as 'GET', headers: init.headers, body: init.body, dispatcher: client });
  const headers: Record<string, string> = {};
  for (const [key, value] of Object.entries(response.headers)) headers[key] = Array.isArray(value) ? value.join(', ') : String(value);
  return { status: response.statusCode, headers, text: await response.body.text() };
}

function preflight(url: string, origin: string, requestHeaders = 'content-type, authorization'): Promise<Answer> {
  return send(url, {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': requestHeaders },
  });
}

const corsHeaders = (answer: Answer) => Object.keys(answer.headers).filter((name) => name.startsWith('access-control-'));
const postJson = (url: string, origin: string, body: string) =>
  send(url, { method: 'POST', headers: { origin, 'content-type': 'application/json' }, body });

describe('CORS: browsers on other origins (CORS_ORIGINS)', () => {
  let emulator: WeComEmulator;
  let listed: TestStack;
  let everyone: TestStack;
  let unset: TestStack;

  beforeAll(async () => {
    emulator = await WeComEmulator.start();
    listed = await startTestStack({ sharedEmulator: emulator, gateway: { corsOrigins: [ALLOWED, 'http://localhost:3000'] } });
    everyone = await startTestStack({ sharedEmulator: emulator, gateway: { corsOrigins: '*' } });
    unset = await startTestStack({ sharedEmulator: emulator });
  });

  afterAll(async () => {
    await Promise.all([listed?.stop(), everyone?.stop(), unset?.stop()]);
    await emulator?.close();
    await client.close();
  });

  it('answers a preflight from an allowed origin with 204, echoing the origin, with the allowed methods, headers and max-age', async () => {
    const answer = await preflight(listed.gateway.url, ALLOWED);
    expect(answer.status).toBe(204);
    expect(answer.text).toBe('');
    expect(answer.headers['access-control-allow-origin']).toBe(ALLOWED);
    expect(answer.headers.vary).toBe('Origin');
    expect(answer.headers['access-control-allow-methods']).toBe('GET, POST');
    expect(answer.headers['access-control-allow-headers']).toBe('content-type, authorization, apollo-require-preflight, x-request-id');
    expect(Number(answer.headers['access-control-max-age'])).toBeGreaterThan(0);
    expect(answer.headers['access-control-allow-credentials']).toBeUndefined();
  });

  it('gives a preflight from an origin not listed no Access-Control-* header, and says in the body what to configure', async () => {
    const answer = await preflight(listed.gateway.url, OTHER);
    expect(corsHeaders(answer)).toEqual([]);
    expect(answer.status).toBe(403);
    const body = JSON.parse(answer.text) as { errors: { message: string; extensions: { code: string } }[] };
    expect(body.errors[0].extensions.code).toBe('FORBIDDEN');
    expect(body.errors[0].message).toContain('CORS_ORIGINS');
  });

  it('matches origins exactly: another scheme or port of a listed host is another origin', async () => {
    for (const origin of ['http://app.example.com', 'https://app.example.com:8443', 'http://localhost:3001', 'null']) {
      expect(corsHeaders(await preflight(listed.gateway.url, origin))).toEqual([]);
    }
    expect((await preflight(listed.gateway.url, 'http://localhost:3000')).headers['access-control-allow-origin']).toBe(
      'http://localhost:3000',
    );
  });

  it('echoes any origin with CORS_ORIGINS=*', async () => {
    for (const origin of [ALLOWED, OTHER, 'http://127.0.0.1:5173']) {
      const answer = await preflight(everyone.gateway.url, origin);
      expect(answer.status).toBe(204);
      expect(answer.headers['access-control-allow-origin']).toBe(origin);
      expect(answer.headers.vary).toBe('Origin');
    }
  });

  it('allows no origin when none is configured (outside demo mode), and leaves requests without Origin alone', async () => {
    const refused = await preflight(unset.gateway.url, ALLOWED);
    expect(corsHeaders(refused)).toEqual([]);
    const ownOrigin = await postJson(unset.gateway.url, new URL(unset.gateway.url).origin, '{"query":"{ __typename }"}');
    expect(ownOrigin.status).toBe(200);
    expect(corsHeaders(ownOrigin)).toEqual([]);
    const noOrigin = await send(everyone.gateway.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ __typename }"}' });
    expect(noOrigin.status).toBe(200);
    expect(corsHeaders(noOrigin)).toEqual([]);
  });

  it('puts Access-Control-Allow-Origin and Vary: Origin on every answer to an allowed origin, errors included', async () => {
    const url = listed.gateway.url;
    const answers = {
      data: await postJson(url, ALLOWED, '{"query":"{ __typename }"}'),
      graphqlError: await postJson(url, ALLOWED, '{"query":"{ schedule(id: 1, nope: 2) { id } }"}'),
      notJson: await postJson(url, ALLOWED, '{"query":'),
      tooLarge: await postJson(url, ALLOWED, JSON.stringify({ query: `{ __typename } #${'x'.repeat(1024 * 1024)}` })),
      notFound: await send(url.replace('/graphql', '/nowhere'), { headers: { origin: ALLOWED } }),
    };
    expect(answers.data.status).toBe(200);
    expect(JSON.parse(answers.data.text)).toEqual({ data: { __typename: 'Query' } });
    expect([answers.graphqlError.status, answers.notJson.status, answers.tooLarge.status, answers.notFound.status]).toEqual([
      400, 400, 413, 404,
    ]);
    for (const answer of Object.values(answers)) {
      expect(answer.headers['access-control-allow-origin']).toBe(ALLOWED);
      expect(answer.headers.vary).toBe('Origin');
    }
  });

  it('sends no Access-Control-* header on answers to an origin not listed', async () => {
    const answer = await postJson(listed.gateway.url, OTHER, '{"query":"{ __typename }"}');
    expect(answer.status).toBe(200); // not a browser's concern here: the browser withholds it from the page
    expect(corsHeaders(answer)).toEqual([]);
  });

  it('keeps CSRF prevention on: a simple cross-origin request (text/plain, or GET without a preflight header) is refused', async () => {
    const textPlain = await send(listed.gateway.url, {
      method: 'POST',
      headers: { origin: ALLOWED, 'content-type': 'text/plain' },
      body: '{"query":"mutation { deleteSchedule(id: \\"x\\") { id } }"}',
    });
    expect(textPlain.status).toBe(400);
    expect(textPlain.text).toMatch(/CSRF|preflight/i);
    const get = await send(`${listed.gateway.url}?query=${encodeURIComponent('{ __typename }')}`, { headers: { origin: ALLOWED } });
    expect(get.status).toBe(400);
    expect(get.text).toMatch(/CSRF|preflight/i);
    // With the header a preflight would have allowed, the same GET goes through.
    const preflighted = await send(`${listed.gateway.url}?query=${encodeURIComponent('{ __typename }')}`, {
      headers: { origin: ALLOWED, 'apollo-require-preflight': 'true' },
    });
    expect(preflighted.status).toBe(200);
    expect(preflighted.headers['access-control-allow-origin']).toBe(ALLOWED);
  });
});
