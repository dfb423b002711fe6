import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { WeComAppConfig } from './config';
import { GatewayContext, createContextFactory } from './context';
import { WeComClient } from './datasources/wecom/wecom-client';
import { wecomAppKey } from './domain/app-key';
import { createFormatError } from './errors/format-error';
import { createWeComAgent } from './http/agent';
import { WeComHttpClient } from './http/wecom-http-client';
import { buildGatewaySchema } from './schema/build-schema';
import { GRAPHQL_PATH, createHttpHandler } from './server/http-handler';
import { AccessTokenProvider } from './token/access-token-provider';
import { fetchAccessToken } from './token/fetch-access-token';
import { SharedCache, createSharedCache } from './cache/shared-cache';
import { CachedToken } from './token/access-token-provider';
import { CorsOrigins, createCorsHook } from './server/cors';
import { ExplorerMode } from './server/explorer-mode';
import { createExplorer } from './server/landing-page';
import { ExplorerSample } from './server/sample-query';
import { KeyvAdapter } from '@apollo/utils.keyvadapter';
import { createResourceLockStore } from './coordination/lock-store';
import { createTokenFetchLock } from './coordination/token-fetch-lock';
import { GatewayLimits } from './config';
import { DEFAULT_MAX_BODY_BYTES, DEFAULT_MAX_WECOM_CALLS_PER_REQUEST, DEFAULT_QUERY_LIMITS } from './limits/query-limits';
import { PERSISTED_QUERY_TTL_SECONDS, createDocumentStore, createPersistedQueryCache } from './limits/query-caches';
import { queryShapeRules } from './limits/query-shape-rules';
import { wecomCallLimitPlugin } from './limits/wecom-call-limit.plugin';
import type { IncomingMessage } from 'node:http';
import type { Caller } from './callers/caller';
import { CallBudgetOptions, createCallBudget } from './limits/create-call-budget';
import { MemoryIdempotencyStore } from './coordination/idempotency-memory-store';
import { RedisIdempotencyStore } from './coordination/idempotency-redis-store';
import { IdempotencySettings } from './services/idempotency-guard';
import { AuthSettings, NO_AUTH } from './callers/auth-settings';
import { createAuthenticator } from './callers/authenticator';
import { guardRootFields } from './callers/root-field-guard';

export interface GatewayOptions {
  wecom: WeComAppConfig;
  logger: Logger;
  /** 0 picks a free port (tests). */
  port: number;
  /** @default '0.0.0.0' */
  host?: string;
  cacheUrl?: string;
  /** Budget of one WeCom call, retries included. @default 10000 */
  wecomTimeoutMs?: number;
  production?: boolean;
  /** The browser page at GET /graphql. @default 'sandbox', or 'off' in production */
  explorer?: ExplorerMode;
  /** How long a write waits for its schedule's or calendar's lock before CONFLICT. @default wecomTimeoutMs */
  lockWaitMs?: number;
  /** Leases in Redis (renewed while held): how soon a dead instance's locks free. @default 5000 and 3000 */
  lockTtlMs?: { resource?: number; tokenFetch?: number };
  /** README, "Query limits". @default DEFAULT_QUERY_LIMITS, 10 WeCom calls, 1 MiB bodies, introspection unless production */
  limits?: Partial<GatewayLimits>;
  /** What the explorers' sample query reads (demo mode's seeded calendar). @default a query that needs no data */
  explorerSample?: ExplorerSample;
  /** Origins whose browser pages may call /graphql. @default none */
  corsOrigins?: CorsOrigins;
  /** The budget of WeCom calls per API per minute (WECOM_CALLS_PER_MINUTE and friends). */
  callBudget?: CallBudgetOptions;
  /** Who sent a request (throws UNAUTHENTICATED); passed to the context factory. @default everyone is anonymous */
  authenticate?: (req: IncomingMessage) => Promise<Caller>;
  /** Who may call (API keys, JWTs) and with which scopes. @default AUTH=none: everyone is `anonymous` */
  auth?: AuthSettings;
}

export interface RunningGateway {
  /** e.g. http://127.0.0.1:4000/graphql */
  url: string;
  port: number;
  stop(): Promise<void>;
}

/**
 * Wires one gateway: the shared pieces (connection pool, token cache and provider, WeCom client)
 * are created once here; loaders and services are created per request by the context factory.
 */
export async function startGateway(options: GatewayOptions): Promise<RunningGateway> {
  const { logger, wecom } = options;
  const agent = createWeComAgent();
  const http = new WeComHttpClient({ baseUrl: wecom.apiBaseUrl, dispatcher: agent });
  const sharedCache = createSharedCache(options.cacheUrl, logger);
  const tokens = new AccessTokenProvider({
    credentials: wecom,
    cache: sharedCache.keyv<CachedToken>('wecom-access-token', { throwOnErrors: true }),
    fetchToken: (deadline) => fetchAccessToken(http, wecom, deadline),
    logger,
    fetchLock: createTokenFetchLock(sharedCache.redis, logger, options.lockTtlMs?.tokenFetch),
  });
  const locks = createResourceLockStore(sharedCache.redis, logger, options.lockTtlMs?.resource);
  const appKey = wecomAppKey(wecom);
  const budget = createCallBudget(appKey, sharedCache.redis, logger, options.callBudget);
  const client = new WeComClient({
    http,
    tokens,
    logger,
    timeoutMs: options.wecomTimeoutMs,
    interceptors: [budget.interceptor()],
  });

  const auth = options.auth ?? NO_AUTH;
  if (options.production && auth.methods.length === 0) {
    logger.warn('AUTH=none in production: anyone who reaches this port may read and write schedules and calendars');
  }
  const authenticate = createAuthenticator(auth, logger);
  const schema = await buildGatewaySchema();
  guardRootFields(schema, logger); // scopes per root field, audit lines per write; anonymous has both scopes

  const limits = resolveLimits(options);
  const httpServer = createServer();
  const explorer = createExplorer(options.explorer ?? (options.production ? 'off' : 'sandbox'), options.explorerSample);
  const cors = createCorsHook(options.corsOrigins ?? []);
  const apollo = new ApolloServer<GatewayContext>({
    schema,
    formatError: createFormatError(logger),
    includeStacktraceInErrorResponses: false,
    introspection: limits.introspection,
    // No "Did you mean …" suggestions where the schema is not to be explored.
    hideSchemaDetailsFromClientErrors: !limits.introspection,
    validationRules: queryShapeRules(limits),
    // The HTTP handler counts tokens first; this also holds for persisted queries.
    parseOptions: { maxTokens: limits.maxTokens },
    documentStore: createDocumentStore(),
    // index.ts owns the signals: it stops the gateway, then the demo emulator, then exits 0.
    stopOnTerminationSignals: false,
    logger,
    // Automatic persisted queries in the same store as tokens: shared by all instances with CACHE_URL.
    // Not namespace 'apq': Apollo's keys already start with 'apq:', and Keyv 5 then skips its prefix
    // on writes but not on KeyvAdapter's batched reads, so nothing would ever be found.
    // Bounded: entries no larger than MAX_QUERY_BYTES, expiring in Redis, an LRU by bytes in memory.
    persistedQueries: {
      cache: createPersistedQueryCache(
        sharedCache.redis ? new KeyvAdapter(sharedCache.keyv<string>('persisted-query', { throwOnErrors: false })) : undefined,
        limits.maxQueryBytes,
      ),
      ttl: PERSISTED_QUERY_TTL_SECONDS,
    },
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      // No cache hints are set, and Apollo's implicit cache-control plugin wraps every field resolver:
      // about a third of the CPU per 100-schedule response (bench/PROFILE.md).
      ApolloServerPluginCacheControlDisabled(),
      // Off: a router asking for ftv1 would get resolver timings for any caller, and no Apollo Studio is set up.
      ApolloServerPluginInlineTraceDisabled(),
      explorer.plugin,
      wecomCallLimitPlugin(limits.maxWecomCallsPerRequest),
    ],
  });
  await apollo.start();
  const idempotency = idempotencySettings(sharedCache.redis, options.wecomTimeoutMs ?? 10_000);
  const context = createContextFactory({
    client,
    appKey,
    logger,
    locks,
    lockWaitMs: options.lockWaitMs ?? options.wecomTimeoutMs,
    authenticate: options.authenticate ?? authenticate,
    idempotency,
  });
  const handler = createHttpHandler({
    apollo,
    context,
    maxBodyBytes: limits.maxBodyBytes,
    queryLimits: limits,
    intercept: async (req, res) => cors(req, res) || (await explorer.route(req, res)),
  });
  httpServer.on('request', (req, res) => {
    handler(req, res).catch((error: unknown) => {
      logger.error({ err: error }, 'HTTP handler failed');
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  const stop = async () => {
    await apollo.stop();
    await agent.close();
    await sharedCache.close();
  };
  try {
    await new Promise<void>((resolve, reject) => {
      httpServer.once('error', reject);
      httpServer.listen(options.port, options.host ?? '0.0.0.0', () => resolve());
    });
  } catch (error) {
    await stop(); // the port was taken, say: release the pool and the cache connection too
    throw error;
  }
  const { port } = httpServer.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}${GRAPHQL_PATH}`, port, stop };
}

function resolveLimits(options: GatewayOptions): GatewayLimits {
  return {
    ...DEFAULT_QUERY_LIMITS,
    maxWecomCallsPerRequest: DEFAULT_MAX_WECOM_CALLS_PER_REQUEST,
    maxBodyBytes: DEFAULT_MAX_BODY_BYTES,
    introspection: !options.production,
    ...options.limits,
  };
}

/**
 * Idempotency records in Redis with CACHE_URL (the fleet shares them), else in process. A create is a
 * schedule/add and a read-back, each within the WeCom timeout: a repeat waits that long for the first,
 * and a first request still pending well after it is presumed dead (its outcome unknown).
 */
function idempotencySettings(redis: SharedCache['redis'], wecomTimeoutMs: number): IdempotencySettings {
  return {
    store: redis ? new RedisIdempotencyStore(redis) : new MemoryIdempotencyStore(),
    waitMs: 2 * wecomTimeoutMs + 1000,
    leaseMs: 3 * wecomTimeoutMs + 5000,
  };
}
