import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, BrowserContext, chromium } from 'playwright-core';
import { CreateScheduleDocument } from '../../client/operations';
import { CHROMIUM_LAUNCH_OPTIONS, describeWithBrowser } from '../helpers/browser-availability';
import { scheduleInput } from '../helpers/fixtures';
import { SCHEDULE_GET, TestStack, startTestStack } from '../helpers/test-stack';

const ARTIFACTS = join(__dirname, '..', 'artifacts');
const SCREENSHOT = join(ARTIFACTS, 'explorer-graphiql.png');

describeWithBrowser('the offline GraphiQL explorer, driven in Chromium', () => {
  let stack: TestStack;
  let browser: Browser;
  let context: BrowserContext;
  let gatewayOrigin: string;
  const summary = `Explorer check ${randomUUID().slice(0, 8)}`;
  let scheduleId: string;
  /** Every URL the browser asked for (pages, workers, blobs), and the ones refused for leaving the gateway. */
  const requested: string[] = [];
  const refused: string[] = [];
  const webSockets: string[] = [];

  beforeAll(async () => {
    stack = await startTestStack({ gateway: { explorer: 'graphiql' } });
    gatewayOrigin = new URL(stack.gateway.url).origin;
    const { data, errors } = await stack.graphql(CreateScheduleDocument, { input: scheduleInput({ summary }) });
    expect(errors).toBeUndefined();
    scheduleId = data!.createSchedule.id;

    browser = await chromium.launch(CHROMIUM_LAUNCH_OPTIONS);
    context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    // Whatever would leave the gateway is refused (and recorded), so the page cannot silently depend on it.
    await context.route('**/*', async (route) => {
      const url = route.request().url();
      if (servedByGateway(url)) return route.continue();
      refused.push(url);
      return route.abort('blockedbyclient');
    });
    context.on('request', (request) => void requested.push(request.url()));
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  /** The gateway's own origin; data: URLs and blob: URLs created by the gateway's page fetch nothing. */
  function servedByGateway(url: string): boolean {
    if (url.startsWith('data:')) return true;
    try {
      return new URL(url).origin === gatewayOrigin; // for blob:http://host:port/uuid too
    } catch {
      return false;
    }
  }

  it('runs a schedule query from the page and shows the result, with no request leaving the gateway', async () => {
    const page = await context.newPage();
    page.on('websocket', (socket) => void webSockets.push(socket.url()));
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => void pageErrors.push(error.message));

    // Yoga's GraphiQL takes the initial editor content from ?query=.
    const query = `{ schedule(id: "${scheduleId}") { id summary } }`;
    const response = await page.goto(`${stack.gateway.url}?query=${encodeURIComponent(query)}`, { waitUntil: 'load' });
    expect(response?.status()).toBe(200);
    expect(response?.headers()['content-type']).toMatch(/^text\/html/);

    const runButton = page.locator('.graphiql-execute-button');
    await runButton.waitFor({ state: 'visible', timeout: 30_000 });
    const editor = page.locator('.graphiql-query-editor');
    await expect(editor.innerText()).resolves.toContain(scheduleId);

    stack.emulator.resetCalls();
    const answered = page.waitForResponse(
      (r) => r.url() === stack.gateway.url && r.request().method() === 'POST' && (r.request().postData() ?? '').includes(scheduleId),
    );
    await runButton.click();
    const graphqlResponse = await answered;
    expect(graphqlResponse.status()).toBe(200);

    const result = page.locator('.graphiql-response').filter({ hasText: summary });
    await result.waitFor({ state: 'visible', timeout: 15_000 });
    // Monaco renders spaces as U+00A0; the pane holds the response JSON as GraphiQL pretty-printed it.
    const shown = (await result.innerText()).replace(/\u00a0/g, ' ');
    expect(JSON.parse(shown)).toEqual({ data: { schedule: { id: scheduleId, summary } } });
    // The query went through the gateway to (emulated) WeCom, not from some cache of the page.
    expect(stack.emulator.callCount(SCHEDULE_GET)).toBe(1);

    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: SCREENSHOT });

    expect(pageErrors).toEqual([]);
    expect(requested.length).toBeGreaterThan(0);
    expect(requested.filter((url) => !servedByGateway(url))).toEqual([]);
    expect(refused).toEqual([]);
    expect(webSockets).toEqual([]);
    await page.close();
  }, 60_000);
});

describe('the page at GET /graphql for a browser, by explorer mode', () => {
  const acceptHtml = { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' };

  it('serves no landing page in production with the default explorer (Apollo answers 400)', async () => {
    const stack = await startTestStack({ gateway: { production: true } });
    try {
      const plain = await fetch(stack.gateway.url, { headers: acceptHtml });
      const plainBody = await plain.text();
      expect(plain.status).toBe(400);
      expect(plain.headers.get('content-type')).not.toMatch(/html/);
      expect(plainBody).not.toMatch(/<html|<!doctype/i);

      // Past CSRF prevention too: it is the missing query that Apollo refuses, not a page it hides.
      const preflighted = await fetch(stack.gateway.url, { headers: { ...acceptHtml, 'apollo-require-preflight': 'true' } });
      const preflightedBody = await preflighted.text();
      expect(preflighted.status).toBe(400);
      expect(preflighted.headers.get('content-type')).not.toMatch(/html/);
      expect(preflightedBody).not.toMatch(/<html|<!doctype/i);
      expect(preflightedBody).toMatch(/query/i);
    } finally {
      await stack.stop();
    }
  });

  it("serves Apollo's embedded Sandbox with explorer 'sandbox'", async () => {
    const stack = await startTestStack({ gateway: { explorer: 'sandbox' } });
    try {
      const response = await fetch(stack.gateway.url, { headers: acceptHtml });
      const html = await response.text();
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/html/);
      expect(html).toContain('id="embeddableSandbox"');
      expect(html).toContain('https://embeddable-sandbox.cdn.apollographql.com/');
      expect(html).toContain('new window.EmbeddedSandbox(');
      expect(html).toContain('"includeCookies":false');
      // The way out when the CDN cannot be reached: a link, and a script (with the CSP nonce) that runs
      // before anything in the head can block it.
      expect(html).toContain('<a id="graphiql-fallback" href="?explorer=graphiql">');
      expect(html).not.toContain('it appears that you might be offline');
      const nonce = /'nonce-([0-9a-f]+)'/.exec(html)?.[1];
      const fallback = html.indexOf(`<script nonce="${nonce}">`);
      expect(fallback).toBeGreaterThan(html.indexOf('Content-Security-Policy'));
      expect(fallback).toBeLessThan(html.indexOf('<link'));
      expect(html.slice(fallback)).toMatch(/^<script[^>]*>[^<]*location\.replace\("\?explorer=graphiql"\)/);
    } finally {
      await stack.stop();
    }
  });

  it("serves the self-contained GraphiQL page with explorer 'graphiql': no script or stylesheet from elsewhere", async () => {
    const stack = await startTestStack({ gateway: { explorer: 'graphiql' } });
    try {
      const response = await fetch(stack.gateway.url, { headers: acceptHtml });
      const html = await response.text();
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/html/);
      expect(html).toContain('<title>WeCom schedule gateway</title>');
      expect(html).toContain('YogaGraphiQL.renderYogaGraphiQL(');
      expect(html).not.toMatch(/<script[^>]+src=["']?https?:/i);
      expect(html).not.toMatch(/<link[^>]+href=["']?https?:/i);
      expect(html).not.toContain('cdn.apollographql.com');
    } finally {
      await stack.stop();
    }
  });
});
