import type { FormattedExecutionResult as ExecutionResult } from 'graphql';
import { Client, createClient } from 'graphql-ws';
import { request } from 'undici';
import WebSocket from 'ws';

/** The gateway's WebSocket URL for its HTTP /graphql URL. */
export const websocketUrl = (graphqlUrl: string) => graphqlUrl.replace(/^http/, 'ws');

export interface TestSubscription {
  results: ExecutionResult<Record<string, unknown>, unknown>[];
  /** What ended it: complete, or the error (GraphQL errors array or a close event). */
  ended: Promise<{ complete: true } | { error: unknown }>;
  stop(): void;
}

export interface TestSubscriptionClient {
  client: Client;
  /** Close codes of the client's sockets, in order. */
  closes: { code: number; reason: string }[];
  subscribe(query: string, variables?: Record<string, unknown>): TestSubscription;
  dispose(): Promise<void>;
}

/** A graphql-ws client (the real library, over `ws`), without retries, recording what it receives. */
export function subscriptionClient(
  graphqlUrl: string,
  options: { connectionParams?: Record<string, unknown>; headers?: Record<string, string> } = {},
): TestSubscriptionClient {
  const closes: { code: number; reason: string }[] = [];
  const headers = options.headers;
  const webSocketImpl = headers
    ? class extends WebSocket {
        constructor(url: string, protocols?: string | string[]) {
          super(url, protocols, { headers });
        }
      }
    : WebSocket;
  const client = createClient({
    url: websocketUrl(graphqlUrl),
    webSocketImpl,
    connectionParams: options.connectionParams,
    retryAttempts: 0,
    lazy: true,
    on: { closed: (event) => void closes.push({ code: (event as { code: number }).code, reason: String((event as { reason: unknown }).reason) }) },
  });
  return {
    client,
    closes,
    subscribe(query, variables) {
      const results: ExecutionResult<Record<string, unknown>, unknown>[] = [];
      let stop = () => {};
      const ended = new Promise<{ complete: true } | { error: unknown }>((resolve) => {
        stop = client.subscribe<Record<string, unknown>>(
          { query, variables },
          { next: (result) => void results.push(result), error: (error) => resolve({ error }), complete: () => resolve({ complete: true }) },
        );
      });
      return { results, ended, stop: () => stop() };
    },
    dispose: () => Promise.resolve(client.dispose()),
  };
}

/** Waits for `condition` to hold, polling; fails with `what` after `timeoutMs` (generous: a loaded machine). */
export async function waitFor(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** A sample's value in the gateway's /metrics (0 when absent). */
export async function metricValue(graphqlUrl: string, sample: string): Promise<number> {
  const response = await request(graphqlUrl.replace(/\/graphql$/, '/metrics'));
  const text = await response.body.text();
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${sample} `));
  return line ? Number(line.slice(sample.length + 1)) : 0;
}

/** Waits until the gateway runs `count` subscriptions (its gauge): changes from then on reach them. */
export function waitForActiveSubscriptions(graphqlUrl: string, count: number): Promise<void> {
  return waitFor(async () => (await metricValue(graphqlUrl, 'wecom_gateway_subscriptions_active')) === count, `${count} active subscriptions`);
}
