import { Browser, BrowserContext, Page, chromium } from 'playwright-core';
import { DEMO_CALENDAR_SUMMARY, DEMO_SCHEDULE_SUMMARY, DemoData, seedDemoData } from '../../src/emulator/demo-data';
import { WeComEmulator } from '../../src/emulator/wecom-emulator';
import { SANDBOX_LOAD_TIMEOUT_SECONDS } from '../../src/server/sandbox-fallback';
import { CHROMIUM_LAUNCH_OPTIONS, describeWithBrowser } from '../helpers/browser-availability';
import { TestStack, startTestStack } from '../helpers/test-stack';

const SANDBOX_CDN = 'embeddable-sandbox.cdn.apollographql.com';

describeWithBrowser("the default Sandbox page when Apollo's CDN cannot be reached, driven in Chromium", () => {
  let emulator: WeComEmulator;
  let stack: TestStack;
  let demo: DemoData;
  let browser: Browser;
  let gatewayOrigin: string;

  beforeAll(async () => {
    emulator = await WeComEmulator.start();
    demo = await seedDemoData(emulator.baseUrl); // as demo mode does at start
    // The default explorer (sandbox, outside production), with the demo data as the sample query's.
    stack = await startTestStack({ sharedEmulator: emulator, gateway: { explorerSample: demo } });
    gatewayOrigin = new URL(stack.gateway.url).origin;
    browser = await chromium.launch(CHROMIUM_LAUNCH_OPTIONS);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    await emulator?.close();
  });

  /** A browser that reaches only the gateway, as offline: other hosts fail at once, or, with `hang`, never answer. */
  async function offlineContext(hang: boolean): Promise<{ context: BrowserContext; refused: string[] }> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    const refused: string[] = [];
    await context.route('**/*', async (route) => {
      const url = route.request().url();
      if (url.startsWith('data:') || url.startsWith(`${gatewayOrigin}/`) || url.startsWith(`blob:${gatewayOrigin}/`)) return route.continue();
      refused.push(url);
      if (!hang) return route.abort('internetdisconnected');
      // else: leave the request pending, like packets dropped by a firewall
    });
    return { context, refused };
  }

  async function runSampleQuery(page: Page): Promise<unknown> {
    const runButton = page.locator('.graphiql-execute-button');
    await runButton.waitFor({ state: 'visible', timeout: 30_000 });
    await expect(page.locator('.graphiql-query-editor').innerText()).resolves.toContain(demo.calendarId);
    const answered = page.waitForResponse((r) => r.url() === stack.gateway.url && r.request().method() === 'POST');
    await runButton.click();
    expect((await answered).status()).toBe(200);
    const result = page.locator('.graphiql-response').filter({ hasText: DEMO_SCHEDULE_SUMMARY });
    await result.waitFor({ state: 'visible', timeout: 15_000 });
    // Monaco renders spaces as U+00A0; the pane holds the response JSON as GraphiQL pretty-printed it.
    return JSON.parse((await result.innerText()).replace(/\u00a0/g, ' '));
  }

  it('goes by itself to the bundled GraphiQL, whose sample query runs as it is against the demo data', async () => {
    const { context, refused } = await offlineContext(false);
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => void pageErrors.push(error.message));
    try {
      const response = await page.goto(stack.gateway.url);
      expect(response?.status()).toBe(200);
      await page.waitForURL(`${stack.gateway.url}?explorer=graphiql`, { timeout: 15_000 });
      const result = (await runSampleQuery(page)) as {
        errors?: unknown;
        data: { calendar: { id: string; summary: string; schedules: { edges: { node: { id: string; summary: string } }[] } } };
      };
      expect(result.errors).toBeUndefined();
      expect(result.data.calendar).toMatchObject({ id: demo.calendarId, summary: DEMO_CALENDAR_SUMMARY });
      expect(result.data.calendar.schedules.edges.map((edge) => edge.node)).toEqual([
        expect.objectContaining({ id: demo.scheduleId, summary: DEMO_SCHEDULE_SUMMARY }),
      ]);
      // Sandbox was tried (and refused, as offline); Apollo's own script then found nothing to throw on.
      expect(refused.some((url) => new URL(url).host === SANDBOX_CDN)).toBe(true);
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 60_000);

  it("goes to GraphiQL also when Sandbox's script (and the page's font stylesheet) never arrive, after the timeout", async () => {
    const { context, refused } = await offlineContext(true);
    const page = await context.newPage();
    try {
      const started = Date.now();
      await page.goto(stack.gateway.url, { waitUntil: 'commit' });
      const timeoutMs = SANDBOX_LOAD_TIMEOUT_SECONDS * 1000;
      await page.waitForURL(`${stack.gateway.url}?explorer=graphiql`, { timeout: timeoutMs + 15_000, waitUntil: 'commit' });
      expect(Date.now() - started).toBeGreaterThanOrEqual(timeoutMs - 500);
      expect(refused.some((url) => new URL(url).host === SANDBOX_CDN)).toBe(true);
    } finally {
      await context.close();
    }
  }, 60_000);
});
