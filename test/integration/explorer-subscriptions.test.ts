import { Browser, chromium } from 'playwright-core';
import { CreateCalendarDocument } from '../../client/operations';
import { Scope } from '../../src/callers/caller';
import { CHROMIUM_LAUNCH_OPTIONS, describeWithBrowser } from '../helpers/browser-availability';
import { newApiKey } from '../helpers/callers';
import { waitForActiveSubscriptions } from '../helpers/subscription-client';
import { TestStack, stacksStoppedAfterEach } from '../helpers/test-stack';

const SUBSCRIPTION = 'subscription { scheduleChanged { kind calendar { summary } } }';

describeWithBrowser('the bundled GraphiQL runs subscriptions over WebSocket, driven in Chromium', () => {
  const startStack = stacksStoppedAfterEach();
  let browser: Browser;

  beforeAll(async () => {
    browser = await chromium.launch(CHROMIUM_LAUNCH_OPTIONS);
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });

  /** Opens GraphiQL with the subscription in its editor, runs it, and waits until the gateway runs it. */
  async function runSubscription(stack: TestStack, headers?: Record<string, string>) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    const page = await context.newPage();
    const sockets: string[] = [];
    page.on('websocket', (socket) => void sockets.push(socket.url()));
    await page.goto(`${stack.gateway.url}?query=${encodeURIComponent(SUBSCRIPTION)}`);
    const runButton = page.locator('.graphiql-execute-button');
    await runButton.waitFor({ state: 'visible', timeout: 30_000 });
    if (headers) {
      // Typed into GraphiQL's Headers tab, as a person would; GraphiQL keeps it in localStorage, where the page reads it.
      await page.getByRole('button', { name: 'Headers' }).click();
      await page.locator('.graphiql-editor-tool .graphiql-editor:visible').click();
      await page.keyboard.insertText(JSON.stringify(headers));
      await page.waitForFunction(() => (localStorage.getItem('graphiql:tabState') ?? '').includes('Bearer'), undefined, { timeout: 15_000 });
    }
    await runButton.click();
    await waitForActiveSubscriptions(stack.gateway.url, 1);
    return { page, sockets, context };
  }

  it('shows a change that a mutation makes while the subscription runs', async () => {
    const stack = await startStack({ gateway: { explorer: 'graphiql' } });
    const { page, sockets, context } = await runSubscription(stack);
    try {
      expect(sockets).toEqual([stack.gateway.url.replace(/^http/, 'ws')]);
      await stack.graphql(CreateCalendarDocument, { input: { summary: 'Seen live', color: '#112233' } });
      const result = page.locator('.graphiql-response').filter({ hasText: 'Seen live' });
      await result.waitFor({ state: 'visible', timeout: 15_000 });
      expect((await result.innerText()).replace(/\u00a0/g, ' ')).toContain('"kind": "CALENDAR_CREATED"');
    } finally {
      await context.close();
    }
  }, 60_000);

  it('sends the Authorization header of the Headers tab in connection_init under AUTH', async () => {
    const reader = newApiKey('browser-user', [Scope.Read]);
    const writer = newApiKey('writer', [Scope.Write]);
    const stack = await startStack({
      gateway: { explorer: 'graphiql', auth: { methods: ['api-key'], apiKeys: [reader.entry, writer.entry] } },
      authorization: `Bearer ${writer.key}`,
    });
    const { page, context } = await runSubscription(stack, { Authorization: `Bearer ${reader.key}` });
    try {
      await stack.graphql(CreateCalendarDocument, { input: { summary: 'Seen with a key', color: '#112233' } });
      await page.locator('.graphiql-response').filter({ hasText: 'Seen with a key' }).waitFor({ state: 'visible', timeout: 15_000 });
      expect(stack.logs()).toMatch(/"caller":"browser-user"[^\n]*"msg":"subscription started"/);
    } finally {
      await context.close();
    }
  }, 60_000);
});
