import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Browser, chromium } from 'playwright-core';
import { CreateScheduleDocument } from '../../client/operations';
import { CHROMIUM_LAUNCH_OPTIONS, describeWithBrowser } from '../helpers/browser-availability';
import { scheduleInput } from '../helpers/fixtures';
import { SCHEDULE_GET, TestStack, startTestStack } from '../helpers/test-stack';

/** A frontend's web server: one empty page, on its own port, so its pages have an origin of their own. */
async function startPageServer(): Promise<{ origin: string; server: Server }> {
  const server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>frontend</title>'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

interface FetchOutcome {
  status?: number;
  body?: { data?: unknown; errors?: { extensions?: { code?: string } }[] };
  error?: string;
}

describeWithBrowser('a frontend on another origin calling the gateway from Chromium (CORS_ORIGINS)', () => {
  let stack: TestStack;
  let browser: Browser;
  let allowed: { origin: string; server: Server };
  let disallowed: { origin: string; server: Server };
  let scheduleId: string;
  const summary = 'Cross-origin check';

  beforeAll(async () => {
    allowed = await startPageServer();
    disallowed = await startPageServer();
    stack = await startTestStack({ gateway: { corsOrigins: [allowed.origin] } });
    const { data } = await stack.graphql(CreateScheduleDocument, { input: scheduleInput({ summary }) });
    scheduleId = data!.createSchedule.id;
    browser = await chromium.launch(CHROMIUM_LAUNCH_OPTIONS);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    for (const page of [allowed, disallowed]) await new Promise((resolve) => page?.server.close(resolve));
  });

  /** Opens the frontend's page at `origin` and runs `query` from it with fetch, as a frontend would. */
  async function fetchFrom(origin: string, query: string): Promise<FetchOutcome> {
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      await page.goto(`${origin}/`);
      return await page.evaluate(
        async ({ url, query }) => {
          try {
            const response = await fetch(url, {
              method: 'POST',
              // JSON and Authorization are not "simple": the browser asks the gateway first (a preflight).
              headers: { 'content-type': 'application/json', authorization: 'Bearer frontend-token' },
              body: JSON.stringify({ query }),
            });
            return { status: response.status, body: await response.json() };
          } catch (error) {
            return { error: String(error) };
          }
        },
        { url: stack.gateway.url, query },
      );
    } finally {
      await context.close();
    }
  }

  it('lets a page from an allowed origin call the gateway and read the data', async () => {
    stack.emulator.resetCalls();
    const outcome = await fetchFrom(allowed.origin, `{ schedule(id: "${scheduleId}") { id summary } }`);
    expect(outcome).toEqual({ status: 200, body: { data: { schedule: { id: scheduleId, summary } } } });
    expect(stack.emulator.callCount(SCHEDULE_GET)).toBe(1);
  }, 30_000);

  it('lets that page read an error answer too (HTTP 400 with its code)', async () => {
    const outcome = await fetchFrom(allowed.origin, '{ schedule(id: "x") { nope } }');
    expect(outcome.status).toBe(400);
    expect(outcome.body?.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  }, 30_000);

  it('blocks a page from another origin: the browser refuses after the preflight, and the operation never runs', async () => {
    stack.emulator.resetCalls();
    const outcome = await fetchFrom(disallowed.origin, `{ schedule(id: "${scheduleId}") { id summary } }`);
    expect(outcome.status).toBeUndefined();
    expect(outcome.error).toMatch(/TypeError: Failed to fetch/);
    expect(stack.emulator.callCount(SCHEDULE_GET)).toBe(0);
  }, 30_000);
});
