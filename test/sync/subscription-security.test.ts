import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { SignJWT } from 'jose';
import WebSocket from 'ws';
import type { AuthSettings } from '../../src/callers/auth-settings';
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

describe('a JWT on the socket (AUTH=jwt)', () => {
  const SECRET = randomBytes(48).toString('base64');
  const ISSUER = 'https://idp.example.com/';
  const jwtAuth = (key: NonNullable<AuthSettings['jwt']>['key']): AuthSettings => ({
    methods: ['jwt'],
    // No clock tolerance: the token stops being accepted at its exp, on HTTP as on the socket.
    jwt: { key, issuer: ISSUER, clockToleranceSeconds: 0 },
  });
  const token = (expiresInSeconds: number) => {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({ iss: ISSUER, azp: 'wall-display', scope: 'schedules:read', iat: now, exp: now + expiresInSeconds })
      .setProtectedHeader({ alg: 'HS256' })
      .sign(new TextEncoder().encode(SECRET));
  };

  it.each([
    ['connection_init', async () => ({ connectionParams: { authorization: `Bearer ${await token(3)}` } })],
    ['the upgrade’s Authorization header', async () => ({ headers: { authorization: `Bearer ${await token(3)}` } })],
  ])('closes the socket with 4401 once the token (in %s) expires: a subscription does not outlive its credential', async (_where, options) => {
    const stack = await startStack({ gateway: { auth: jwtAuth({ kind: 'secret', secret: SECRET }) } });
    const client = subscriptionClient(stack.gateway.url, await options());
    clients.push(client);
    const subscription = client.subscribe(CHANGED);
    await waitForActiveSubscriptions(stack.gateway.url, 1);
    expect(await subscription.ended).toMatchObject({ error: { code: 4401, reason: expect.stringMatching(/expired/) } });
    await waitForActiveSubscriptions(stack.gateway.url, 0);
    expect(await metricValue(stack.gateway.url, 'wecom_gateway_websocket_refusals_total{reason="credential_expired"}')).toBe(1);
    await waitFor(() => stack.logs().includes('"msg":"subscription ended"'), 'the end line');
    expect(stack.logs()).toMatch(/"caller":"wall-display"[^\n]*"outcome":"CLOSED_4401"[^\n]*"msg":"subscription ended"/);
  });

  it('keeps a socket whose token is still valid', async () => {
    const stack = await startStack({ gateway: { auth: jwtAuth({ kind: 'secret', secret: SECRET }) } });
    const client = subscriptionClient(stack.gateway.url, { connectionParams: { authorization: `Bearer ${await token(300)}` } });
    clients.push(client);
    client.subscribe(CHANGED);
    await waitForActiveSubscriptions(stack.gateway.url, 1);
    // Long enough for a 3 s token to have been cut (the test above): this one stays.
    await new Promise((resolve) => setTimeout(resolve, 4000));
    expect(client.closes).toEqual([]);
    expect(await metricValue(stack.gateway.url, 'wecom_gateway_subscriptions_active')).toBe(1);
  });

  it('refuses a token when its key set cannot be fetched, as HTTP does (4401 at connection_init, 401 at the upgrade)', async () => {
    const closedPort = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const { port } = server.address() as AddressInfo;
        server.close(() => resolve(port));
      });
    });
    const stack = await startStack({ gateway: { auth: jwtAuth({ kind: 'jwks', url: `http://127.0.0.1:${closedPort}/jwks.json` }) } });
    const client = subscriptionClient(stack.gateway.url, { connectionParams: { authorization: `Bearer ${await token(300)}` } });
    clients.push(client);
    expect(await client.subscribe(CHANGED).ended).toMatchObject({ error: { code: 4401 } });
    expect(await upgradeStatus(stack.gateway.url, { authorization: `Bearer ${await token(300)}` })).toBe(401);
  });
});
