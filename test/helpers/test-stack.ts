import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import { Agent, request } from 'undici';
import { EmulatorApp, WeComEmulator, WeComEmulatorOptions, DEMO_APP } from '../../src/emulator/wecom-emulator';
import { GatewayOptions, RunningGateway, startGateway } from '../../src/gateway';
import { createLogger } from '../../src/logger';

export interface GraphQLErrorBody {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string; wecomErrcode?: number; field?: string; [key: string]: unknown };
}

export interface GraphQLResponse<TData> {
  status: number;
  data?: TData | null;
  errors?: GraphQLErrorBody[];
  /** The raw response text, for checks that nothing secret leaked. */
  text: string;
}

export interface TestStack {
  emulator: WeComEmulator;
  gateway: RunningGateway;
  app: EmulatorApp;
  /** Sends an operation to the gateway's /graphql over real HTTP. */
  graphql<TData, TVariables>(document: TypedDocumentNode<TData, TVariables>, variables?: TVariables): Promise<GraphQLResponse<TData>>;
  /** Everything the gateway logged so far. */
  logs(): string;
  stop(): Promise<void>;
}

export interface TestStackOptions {
  emulator?: WeComEmulatorOptions;
  /** Which of the emulator's apps the gateway is configured with. @default the first */
  app?: EmulatorApp;
  /** Reuse a running emulator (two gateways against one WeCom). */
  sharedEmulator?: WeComEmulator;
  gateway?: Partial<Omit<GatewayOptions, 'wecom' | 'logger'>>;
  /** An Authorization header value sent with every `graphql()` call (for gateways with AUTH on). */
  authorization?: string;
  /** Where the gateway sends WeCom calls when not straight to the emulator (a relay in between). */
  wecomBaseUrl?: string;
}

/** A WeCom emulator and a gateway in front of it, both on loopback, as a caller would use them. */
export async function startTestStack(options: TestStackOptions = {}): Promise<TestStack> {
  const emulator = options.sharedEmulator ?? (await WeComEmulator.start(options.emulator));
  const app = options.app ?? options.emulator?.apps?.[0] ?? DEMO_APP;
  const logLines: string[] = [];
  const logger = createLogger({
    level: 'debug',
    secrets: [app.corpSecret],
    destination: { write: (line: string) => void logLines.push(line) },
  });
  const gateway = await startGateway({
    wecom: { corpId: app.corpId, corpSecret: app.corpSecret, agentId: app.agentId, apiBaseUrl: options.wecomBaseUrl ?? emulator.baseUrl },
    logger,
    port: 0,
    host: '127.0.0.1',
    ...options.gateway,
  });
  const client = new Agent({ keepAliveTimeout: 10 });

  return {
    emulator,
    gateway,
    app,
    async graphql(document, variables) {
      const response = await request(gateway.url, {
        method: 'POST',
        dispatcher: client,
        headers: { 'content-type': 'application/json', ...(options.authorization ? { authorization: options.authorization } : {}) },
        body: JSON.stringify({ query: print(document), variables }),
      });
      const text = await response.body.text();
      return { status: response.statusCode, text, ...JSON.parse(text) };
    },
    logs: () => logLines.join(''),
    async stop() {
      await gateway.stop();
      await client.close();
      if (!options.sharedEmulator) await emulator.close();
    },
  };
}

export const SCHEDULE_GET = '/cgi-bin/oa/schedule/get';
export const SCHEDULE_ADD = '/cgi-bin/oa/schedule/add';
export const SCHEDULE_UPDATE = '/cgi-bin/oa/schedule/update';
export const SCHEDULE_DEL = '/cgi-bin/oa/schedule/del';
export const GETTOKEN = '/cgi-bin/gettoken';

/** Upstream schedule calls received so far (gettoken excluded). */
export function scheduleCallCount(emulator: WeComEmulator): number {
  return [SCHEDULE_GET, SCHEDULE_ADD, SCHEDULE_UPDATE, SCHEDULE_DEL].reduce((sum, path) => sum + emulator.callCount(path), 0);
}

/**
 * A `startTestStack` for suites whose tests each start their own stacks (and emulators shared by
 * them, through `.emulator()`): everything started through it is stopped after each test, stacks first.
 * Call it at the top level of the suite.
 */
export function stacksStoppedAfterEach(): ((options?: TestStackOptions) => Promise<TestStack>) & {
  emulator(options?: WeComEmulatorOptions): Promise<WeComEmulator>;
} {
  let stacks: TestStack[] = [];
  let emulators: WeComEmulator[] = [];
  afterEach(async () => {
    for (const stack of stacks.reverse()) await stack.stop();
    for (const emulator of emulators) await emulator.close();
    stacks = [];
    emulators = [];
  });
  const start = async (options: TestStackOptions = {}) => {
    const stack = await startTestStack(options);
    stacks.push(stack);
    return stack;
  };
  const emulator = async (options?: WeComEmulatorOptions) => {
    const started = await WeComEmulator.start(options);
    emulators.push(started);
    return started;
  };
  return Object.assign(start, { emulator });
}

/** An answer of `postQuery`: the HTTP status and the parsed body. */
export interface QueryAnswer {
  status: number;
  body: { data?: Record<string, unknown> | null; errors?: { message: string; extensions?: Record<string, unknown> }[] };
}

/** POSTs a query given as text (for tests whose documents are built on the fly, not typed operations). */
export async function postQuery(stack: TestStack, query: string, variables?: Record<string, unknown>): Promise<QueryAnswer> {
  const response = await request(stack.gateway.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.statusCode, body: (await response.body.json()) as QueryAnswer['body'] };
}

/** WeCom calls the emulator received, gettoken aside (it never counts against the limits). */
export const wecomCallCount = (stack: TestStack) => stack.emulator.calls().filter((call) => call.path !== GETTOKEN).length;
