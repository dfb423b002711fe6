import WebSocket from 'ws';
import { Scope } from '../../src/callers/caller';
import { newApiKey } from '../helpers/callers';
import { stacksStoppedAfterEach } from '../helpers/test-stack';
import { metricValue, subscriptionClient, waitFor, waitForActiveSubscriptions, websocketUrl } from '../helpers/subscription-client';

const startStack = stacksStoppedAfterEach();
const sockets: WebSocket[] = [];
const clients: { dispose(): Promise<void> }[] = [];
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.terminate();
  for (const client of clients.splice(0)) await client.dispose();
});

const CHANGED = 'subscription { scheduleChanged { kind } }';
const reader = newApiKey('room-display', [Scope.Read]);
const apiKeyAuth = { methods: ['api-key' as const], apiKeys: [reader.entry] };

/** Opens a graphql-transport-ws upgrade with these headers: 101 once open, else the HTTP status of the refusal. */
async function upgradeStatus(graphqlUrl: string, headers: Record<string, string> = {}): Promise<number> {
  const socket = new WebSocket(websocketUrl(graphqlUrl), 'graphql-transport-ws', { headers });
  sockets.push(socket);
  socket.on('error', () => {}); // "closed before the connection was established", after a refusal
  return new Promise<number>((resolve) => {
    socket.once('open', () => resolve(101));
    socket.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
  });
}

describe('browser origins on the upgrade (cross-site WebSocket hijacking)', () => {
  it('refuses a page of an origin CORS_ORIGINS does not list (403, counted), as HTTP refuses it', async () => {
    const stack = await startStack({ gateway: { corsOrigins: ['https://app.example.com'] } });
    expect(await upgradeStatus(stack.gateway.url, { origin: 'https://evil.example' })).toBe(403);
    expect(await metricValue(stack.gateway.url, 'wecom_gateway_websocket_refusals_total{reason="origin"}')).toBe(1);
    expect(await metricValue(stack.gateway.url, 'wecom_gateway_websocket_connections')).toBe(0);
  });

  it('refuses every foreign origin when CORS_ORIGINS is unset (the default outside demo mode)', async () => {
    const stack = await startStack();
    expect(await upgradeStatus(stack.gateway.url, { origin: 'https://evil.example' })).toBe(403);
    expect(await upgradeStatus(stack.gateway.url, { origin: 'null' })).toBe(403); // sandboxed iframes, file: pages
  });

  it('accepts a listed origin, the gateway’s own pages (GraphiQL), and clients that send no Origin (not a browser)', async () => {
    const stack = await startStack({ gateway: { corsOrigins: ['https://app.example.com'] } });
    expect(await upgradeStatus(stack.gateway.url, { origin: 'https://app.example.com' })).toBe(101);
    expect(await upgradeStatus(stack.gateway.url, { origin: new URL(stack.gateway.url).origin })).toBe(101);
    expect(await upgradeStatus(stack.gateway.url)).toBe(101);
  });

  it('accepts every origin with CORS_ORIGINS=* (demo mode)', async () => {
    const stack = await startStack({ gateway: { corsOrigins: '*' } });
    expect(await upgradeStatus(stack.gateway.url, { origin: 'https://evil.example' })).toBe(101);
  });
});

describe('connections that have not authenticated yet', () => {
  it('cannot take the slots of authenticated clients: idle sockets that never send connection_init have a smaller cap of their own', async () => {
    const stack = await startStack({ gateway: { auth: apiKeyAuth, subscriptions: { maxConnections: 3, maxPendingConnections: 2 } } });
    expect(await upgradeStatus(stack.gateway.url)).toBe(101);
    expect(await upgradeStatus(stack.gateway.url)).toBe(101);
    expect(await upgradeStatus(stack.gateway.url)).toBe(503);
    expect(await metricValue(stack.gateway.url, 'wecom_gateway_websocket_refusals_total{reason="too_many_pending"}')).toBe(1);

    // The idle sockets still hold their slots: a client with a valid credential in the upgrade gets the one left.
    const client = subscriptionClient(stack.gateway.url, { headers: { authorization: `Bearer ${reader.key}` } });
    clients.push(client);
    client.subscribe(CHANGED);
    await waitForActiveSubscriptions(stack.gateway.url, 1);
    expect(await metricValue(stack.gateway.url, 'wecom_gateway_websocket_connections')).toBe(3);
  });

  it('frees a pending slot once its connection authenticates in connection_init', async () => {
    const stack = await startStack({ gateway: { auth: apiKeyAuth, subscriptions: { maxConnections: 10, maxPendingConnections: 1 } } });
    const first = subscriptionClient(stack.gateway.url, { connectionParams: { authorization: `Bearer ${reader.key}` } });
    const second = subscriptionClient(stack.gateway.url, { connectionParams: { token: reader.key } });
    clients.push(first, second);
    first.subscribe(CHANGED);
    await waitForActiveSubscriptions(stack.gateway.url, 1);
    second.subscribe(CHANGED);
    await waitForActiveSubscriptions(stack.gateway.url, 2);
    expect(await metricValue(stack.gateway.url, 'wecom_gateway_websocket_refusals_total{reason="too_many_pending"}')).toBe(0);
  });

  it('refuses a bad Authorization header at the upgrade (401) before it takes a slot', async () => {
    const stack = await startStack({ gateway: { auth: apiKeyAuth, subscriptions: { maxConnections: 1 } } });
    for (const authorization of ['Bearer wrong', 'Basic abc', '']) {
      expect(await upgradeStatus(stack.gateway.url, { authorization })).toBe(401);
    }
    expect(await metricValue(stack.gateway.url, 'wecom_gateway_websocket_refusals_total{reason="unauthenticated"}')).toBe(3);
    expect(await metricValue(stack.gateway.url, 'wecom_gateway_websocket_connections')).toBe(0);
    expect(await upgradeStatus(stack.gateway.url, { authorization: `Bearer ${reader.key}` })).toBe(101);
  });

  it('cuts a socket that sends no connection_init within the init timeout (4408)', async () => {
    const stack = await startStack({ gateway: { subscriptions: { connectionInitTimeoutMs: 300, maxPendingConnections: 1 } } });
    expect(await upgradeStatus(stack.gateway.url)).toBe(101);
    const idle = sockets[sockets.length - 1];
    const code = await new Promise<number>((resolve) => idle.once('close', (closeCode) => resolve(closeCode)));
    expect(code).toBe(4408);
    await waitFor(async () => (await metricValue(stack.gateway.url, 'wecom_gateway_websocket_connections')) === 0, 'the slot freed');
    expect(await upgradeStatus(stack.gateway.url)).toBe(101);
  });
});
