import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { Agent, request } from 'undici';
import { WeComEmulator } from '../../src/emulator/wecom-emulator';
import { graphiqlOptions } from '../helpers/graphiql-page';
import { TestStack, startTestStack } from '../helpers/test-stack';

const HTML = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';
const FRONTEND = 'https://app.example.com';

describe('the bundled GraphiQL page over HTTP', () => {
  let emulator: WeComEmulator;
  /** The default explorer (Sandbox), whose fallback is GraphiQL at ?explorer=graphiql. */
  let sandbox: TestStack;
  let off: TestStack;
  let pageUrl: string;
  const client = new Agent({ keepAliveTimeout: 10 });

  beforeAll(async () => {
    emulator = await WeComEmulator.start();
    sandbox = await startTestStack({ sharedEmulator: emulator, gateway: { explorer: 'sandbox', corsOrigins: [FRONTEND] } });
    off = await startTestStack({ sharedEmulator: emulator, gateway: { explorer: 'off' } });
    pageUrl = `${sandbox.gateway.url}?explorer=graphiql`;
  });

  afterAll(async () => {
    await Promise.all([sandbox?.stop(), off?.stop()]);
    await emulator?.close();
    await client.close();
  });

  async function get(url: string, headers: Record<string, string>) {
    const response = await request(url, { headers, dispatcher: client });
    const body = Buffer.from(await response.body.arrayBuffer());
    return { status: response.statusCode, headers: response.headers as Record<string, string | undefined>, body };
  }

  it("is served at /graphql?explorer=graphiql next to Sandbox, to browsers only, and not at all with explorer 'off'", async () => {
    const page = await get(pageUrl, { accept: HTML });
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.body.toString('utf8')).toContain('YogaGraphiQL.renderYogaGraphiQL(');
    // A GraphQL client (text/html not preferred) gets Apollo's answer: here, that the query is missing.
    const client = await get(pageUrl, { accept: '*/*', 'apollo-require-preflight': 'x' });
    expect(client.status).toBe(400);
    expect(client.body.toString('utf8')).toMatch(/query/i);
    const none = await get(`${off.gateway.url}?explorer=graphiql`, { accept: HTML });
    expect(none.status).toBe(400);
    expect(none.body.toString('utf8')).not.toMatch(/<html|<!doctype/i);
  });

  it('opens GraphiQL and Sandbox on a sample query that runs as it is: __typename without demo data', async () => {
    const { defaultQuery } = await graphiqlOptions(pageUrl);
    expect(defaultQuery).not.toMatch(/^[^#\n]*"<schedule id>"/m); // the example with a placeholder stays a comment
    const result = await request(sandbox.gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: defaultQuery }),
      dispatcher: client,
    });
    expect(await result.body.json()).toEqual({ data: { __typename: 'Query' } });
    const sandboxPage = (await get(sandbox.gateway.url, { accept: HTML })).body.toString('utf8');
    const document = /"document":("(?:[^"\\]|\\.)*")/.exec(sandboxPage)?.[1];
    expect(JSON.parse(document!)).toBe(defaultQuery);
  });

  it('is sent as br or gzip by Accept-Encoding (the same page, several times smaller), and plain without it', async () => {
    const plain = await get(pageUrl, { accept: HTML });
    const gzip = await get(pageUrl, { accept: HTML, 'accept-encoding': 'gzip' });
    const br = await get(pageUrl, { accept: HTML, 'accept-encoding': 'gzip, deflate, br, zstd' });
    expect([plain.status, gzip.status, br.status]).toEqual([200, 200, 200]);
    expect([plain.headers['content-encoding'], gzip.headers['content-encoding'], br.headers['content-encoding']]).toEqual([
      undefined,
      'gzip',
      'br',
    ]);
    for (const answer of [plain, gzip, br]) {
      expect(answer.headers.vary).toBe('Accept-Encoding');
      expect(Number(answer.headers['content-length'])).toBe(answer.body.length);
    }
    expect(gunzipSync(gzip.body).equals(plain.body)).toBe(true);
    expect(brotliDecompressSync(br.body).equals(plain.body)).toBe(true);
    expect(gzip.body.length).toBeLessThan(plain.body.length / 3);
    expect(br.body.length).toBeLessThan(gzip.body.length);
  });

  it('answers a revisit that sends its ETag with 304 and no body, whatever the encoding', async () => {
    const first = await get(pageUrl, { accept: HTML, 'accept-encoding': 'br' });
    const etag = first.headers.etag!;
    expect(etag).toMatch(/^W\/"[\w-]+"$/);
    expect(first.headers['cache-control']).toBe('no-cache');
    for (const encoding of ['br', 'gzip', 'identity']) {
      const revisit = await get(pageUrl, { accept: HTML, 'accept-encoding': encoding, 'if-none-match': etag });
      expect(revisit.status).toBe(304);
      expect(revisit.body.length).toBe(0);
      expect(revisit.headers.etag).toBe(etag);
    }
    const changed = await get(pageUrl, { accept: HTML, 'accept-encoding': 'gzip', 'if-none-match': 'W/"an-older-page"' });
    expect(changed.status).toBe(200);
    expect(changed.headers['content-encoding']).toBe('gzip');
    expect(changed.body.length).toBeGreaterThan(0);
  });

  it('keeps the CORS Vary next to its own', async () => {
    const answer = await get(pageUrl, { accept: HTML, 'accept-encoding': 'gzip', origin: FRONTEND });
    expect(answer.headers.vary).toBe('Origin, Accept-Encoding');
    expect(answer.headers['access-control-allow-origin']).toBe(FRONTEND);
  });
});
