import WebSocket from 'ws';
import { stacksStoppedAfterEach } from '../helpers/test-stack';
import { metricValue, websocketUrl } from '../helpers/subscription-client';

const startStack = stacksStoppedAfterEach();
const sockets: WebSocket[] = [];
afterEach(() => {
  for (const socket of sockets.splice(0)) socket.terminate();
});

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
