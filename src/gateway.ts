import { IncomingMessage, ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { CoalescingConfig, DEFAULT_COALESCE_MAX_CALLS, DEFAULT_COALESCE_WINDOW_MS, GatewayLimits, WeComAppConfig } from './config';
import { createContextFactory } from './context';
import { WeComClient } from './datasources/wecom/wecom-client';
import { wecomAppKey } from './domain/app-key';
import { createWeComAgent } from './http/agent';
import { WeComHttpClient } from './http/wecom-http-client';
import { buildGatewaySchema } from './schema/build-schema';
import { createApolloServer } from './server/apollo-server';
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
import { DEFAULT_MAX_BODY_BYTES, DEFAULT_MAX_WECOM_CALLS_PER_REQUEST, DEFAULT_QUERY_LIMITS } from './limits/query-limits';
import { CallBudgetOptions, createCallBudget } from './limits/create-call-budget';
import { AuthSettings, NO_AUTH } from './callers/auth-settings';
import { createAuthorizationVerifier } from './callers/authenticator';
import { guardRootFields } from './callers/root-field-guard';
import { idempotencySettings } from './services/idempotency-settings';
import { HttpDrain } from './server/lifecycle/http-drain';
import { Readiness, redisConnectedOnce } from './server/lifecycle/readiness';
import { BREAKER_STATE_VALUE, GatewayMetrics } from './observability/gateway-metrics';
import { WARNINGS_PER_SECOND, WarningSampler } from './observability/warning-sampler';
import { metricsInterceptor } from './observability/metrics-interceptor';
import { requestOutcomePlugin } from './observability/request-metrics.plugin';
import { observeContext, observeRequests, recordOfContext } from './observability/request-observer';
import { createChangeFeed } from './sync/sync-feed';
import { createReconciler } from './sync/reconcile/create-reconciler';
import { Reconciler } from './sync/reconcile/reconciler';
import { ChangeFeedLimits } from './sync/feed/change-feed-store';
import { CallbackSettings, createWeComCallbacks } from './callbacks/wecom-callbacks';
import { startSubscriptionServer } from './server/subscriptions/subscription-server';
import { SubscriptionLimits } from './server/subscriptions/subscription-limits';
import { createFormatError } from './errors/format-error';
import { BreakerStates, WeComBreakers, WeComBreakersOptions } from './resilience/wecom-breaker-interceptor';
import { withReadCache } from './reads/cache/create-read-cache';
import { DEFAULT_READ_CACHE_MAX_BYTES, DEFAULT_READ_CACHE_MAX_ENTRIES, ReadCacheSettings, readCacheTtlMs } from './reads/cache/read-cache-settings';
import { DIRECT_READS, GatewayReads } from './reads/gateway-reads';
import { createCoalescingReads } from './reads/coalescing/coalescing-reads';

/** WeCom calls one locked write may make: a read, then up to 8 writes (attendee chunks of 1,000). */
const LOCKED_WECOM_CALLS_MAX = 9;

/** A patch is up to three WeCom calls of WECOM_TIMEOUT_MS (10 s by default) each. */
export const DEFAULT_SHUTDOWN_GRACE_MS = 30_000;

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
  /** Who may call (API keys, JWTs) and with which scopes. @default AUTH=none: everyone is `anonymous` */
  auth?: AuthSettings;
  /** How long `stop()` lets requests in flight finish before cutting them (SHUTDOWN_GRACE_MS). @default 30000 */
  shutdownGraceMs?: number;
  /** The circuit breaker per WeCom API (WECOM_BREAKER_*; onStateChange for metrics). @default 5 failures, 5 s */
  breaker?: Omit<WeComBreakersOptions, 'logger'>;
  /** How much of the change feed is kept (FEED_MAX_CHANGES). @default 100,000 changes */
  feed?: Partial<ChangeFeedLimits>;
  /** WeCom's callbacks at /wecom/callback (WECOM_CALLBACK_TOKEN, WECOM_CALLBACK_AES_KEY). @default off: 404 */
  callback?: CallbackSettings;
  /**
   * How often the known calendars are reconciled with WeCom (RECONCILE_INTERVAL_MS; the entry point's
   * default is 300000); also once shortly after listening. @default 0: off (tests, embedders opt in)
   */
  reconcileIntervalMs?: number;
  /** Calendars reconciled besides those the gateway creates or sees (WECOM_CALENDAR_IDS). @default none */
  calendarIds?: readonly string[];
  /** Subscriptions over WebSocket: connections, subscriptions per connection, message size, keepalive. @default DEFAULT_SUBSCRIPTION_LIMITS */
  subscriptions?: Partial<SubscriptionLimits>;
  /**
   * The read cache (README, "Reads beyond WeCom's quota"): ttlMs (READ_CACHE_TTL_MS, 0: off; at most
   * 600000) and, without cacheUrl, the in-process bounds. @default TTL 60000 with `callback`, off without
   */
  readCache?: Partial<ReadCacheSettings>;
  /**
   * Requests' look-ups by id share schedule/get and calendar/get calls (READ_COALESCE*).
   * @default on, window DEFAULT_COALESCE_WINDOW_MS, DEFAULT_COALESCE_MAX_CALLS calls in flight per API
   */
  coalescing?: Partial<CoalescingConfig>;
}

export interface RunningGateway {
  /** e.g. http://127.0.0.1:4000/graphql */
  url: string;
  port: number;
  /** Each WeCom API's circuit breaker state, read-only. */
  breakers: BreakerStates;
  /** Drains (README, "Health, readiness and shutdown"), then releases Apollo, the pool and the cache. */
  stop(): Promise<void>;
}

/**
 * Wires one gateway: the shared pieces (connection pool, token cache and provider, WeCom client)
 * are created once here; loaders and services are created per request by the context factory.
 */
export async function startGateway(options: GatewayOptions): Promise<RunningGateway> {
  const { logger, wecom } = options;
  const warnings = new WarningSampler(WARNINGS_PER_SECOND);
  const metrics = new GatewayMetrics({ knownCallers: options.auth?.apiKeys?.map((key) => key.name) });
  const agent = createWeComAgent();
  const http = new WeComHttpClient({ baseUrl: wecom.apiBaseUrl, dispatcher: agent });
  const sharedCache = createSharedCache(options.cacheUrl, logger);
  const tokens = new AccessTokenProvider({
    credentials: wecom,
    cache: sharedCache.keyv<CachedToken>('wecom-access-token', { throwOnErrors: true }),
    fetchToken: metrics.countTokenFetches((deadline) => fetchAccessToken(http, wecom, deadline)),
    logger,
    fetchLock: createTokenFetchLock(sharedCache.redis, logger, options.lockTtlMs?.tokenFetch),
  });
  // A locked write is a read and a write (or attendee chunks), each within WECOM_TIMEOUT_MS: the lease
  // is renewed for as long as that can take, so a slow but live holder never loses it midway.
  const locks = createResourceLockStore(sharedCache.redis, logger, {
    ttlMs: options.lockTtlMs?.resource,
    maxHoldMs: LOCKED_WECOM_CALLS_MAX * (options.wecomTimeoutMs ?? 10_000) + 5_000,
  });
  const appKey = wecomAppKey(wecom);
  const budget = createCallBudget(appKey, sharedCache.redis, logger, {
    ...options.callBudget,
    onRefusal: (reason, api) => {
      metrics.limiterRefusals.inc({ reason });
      options.callBudget?.onRefusal?.(reason, api);
    },
  });
  const breakers = new WeComBreakers({
    ...options.breaker,
    logger,
    onStateChange: (api, state) => {
      metrics.breakerState.set({ api }, BREAKER_STATE_VALUE[state]);
      options.breaker?.onStateChange?.(api, state);
    },
  });
  const client = new WeComClient({
    http,
    tokens,
    logger,
    timeoutMs: options.wecomTimeoutMs,
    // The breaker outermost: a call it refuses spends no budget (nothing is sent); metrics innermost:
    // refused attempts were not sent.
    interceptors: [breakers.interceptor(), budget.interceptor(), metricsInterceptor(metrics)],
  });

  const auth = options.auth ?? NO_AUTH;
  if (options.production && auth.methods.length === 0) {
    logger.warn('AUTH=none in production: anyone who reaches this port may read and write schedules and calendars');
  }
  if (options.production && auth.jwt && !auth.jwt.audience) {
    logger.warn('JWT_AUDIENCE is unset: a JWT the issuer signed for any other audience is accepted if it carries the scopes');
  }
  // One verifier (and one JWKS cache) for both transports: HTTP's Authorization header, the socket's connection_init.
  const verifyAuthorization = createAuthorizationVerifier(auth, logger);
  const authenticate = (req: IncomingMessage) => verifyAuthorization(req.headers.authorization);
  const schema = await buildGatewaySchema();
  guardRootFields(schema, logger); // scopes per root field, audit lines per write; anonymous has both scopes

  const limits = resolveLimits(options);
  const httpServer = createServer();
  const explorer = createExplorer(options.explorer ?? (options.production ? 'off' : 'sandbox'), options.explorerSample);
  const cors = createCorsHook(options.corsOrigins ?? []);
  const apollo = createApolloServer({
    schema,
    logger,
    limits,
    persistedQueryStore: sharedCache.redis ? new KeyvAdapter(sharedCache.keyv<string>('persisted-query', { throwOnErrors: false })) : undefined,
    landingPage: explorer.plugin,
    plugins: [requestOutcomePlugin(recordOfContext)],
    mayWarn: () => warnings.take().allowed,
  });
  await apollo.start();
  const idempotency = idempotencySettings(sharedCache.redis, options.wecomTimeoutMs ?? 10_000);
  let reconciler: Reconciler | undefined;
  const feed = createChangeFeed({
    client,
    appKey,
    logger,
    locks,
    lockWaitMs: options.lockWaitMs ?? options.wecomTimeoutMs ?? 10_000,
    limits: options.feed,
    onOutcome: (outcome, change) => metrics.feedChanges.inc({ kind: change.kind, source: change.source, outcome }),
    redis: sharedCache.redis,
    onCalendarSeen: (calendarId) => reconciler?.sawCalendar(calendarId),
    onCalendarDeleted: (calendarId) => reconciler?.forgetCalendar(calendarId),
  });
  // Requests' reads only: the change feed's recorder reads WeCom's current state on its own calls (sync-feed.ts).
  // The cache over the coalescer: a miss joins or opens a shared call.
  const reads = withReadCache(createReads(options, metrics), {
    settings: readCacheSettings(options),
    appKey,
    feed: feed.store,
    redis: sharedCache.redis,
    logger,
    observer: metrics.readCacheObserver(),
  });
  const callbacks = options.callback
    ? createWeComCallbacks({
        settings: options.callback,
        corpId: wecom.corpId,
        appKey,
        redis: sharedCache.redis,
        recorder: feed.recorder,
        logger,
        onReceived: (outcome) => metrics.callbacks.inc({ outcome }),
        onProcessed: (outcome) => metrics.callbackEvents.inc({ outcome }),
        // WeCom changed it already: cached copies go now, before the feed entry (which waits for a WeCom read).
        onEvent: (event) => (event.scheduleId ? reads.written('schedule', event.scheduleId) : reads.written('calendar', event.calendarId)),
      })
    : undefined;
  if ((options.reconcileIntervalMs ?? 0) > 0) {
    reconciler = createReconciler({
      client,
      appKey,
      redis: sharedCache.redis,
      recorder: feed.recorder,
      intervalMs: options.reconcileIntervalMs!,
      calendarIds: options.calendarIds ?? [],
      callsPerMinute: options.callBudget?.callsPerMinute ?? 6000,
      logger,
      observer: {
        sweep: (outcome, seconds) => {
          metrics.reconcileSweeps.inc({ outcome });
          metrics.reconcileSweepDuration.observe({ outcome }, seconds);
        },
        compared: (count) => metrics.reconcileSchedulesCompared.inc(count),
        found: (kind) => metrics.reconcileChangesFound.inc({ kind }),
        calendarFailed: () => metrics.reconcileCalendarFailures.inc(),
      },
    });
  }
  const contexts = createContextFactory({
    client,
    appKey,
    logger,
    locks,
    lockWaitMs: options.lockWaitMs ?? options.wecomTimeoutMs,
    authenticate,
    idempotency,
    onLockWait: (seconds, outcome) => metrics.lockWait.observe({ outcome }, seconds),
    feed,
    reads,
    onCalendarSeen: reconciler && ((calendarId) => reconciler!.sawCalendar(calendarId)),
  });
  const context = observeContext(contexts);
  const handler = observeRequests(createHttpHandler({
    apollo,
    context,
    maxBodyBytes: limits.maxBodyBytes,
    queryLimits: limits,
    intercept: async (req, res) =>
      (await metrics.route(req, res)) || (await callbacks?.route(req, res)) || cors(req, res) || (await explorer.route(req, res)),
  }), logger, metrics, warnings);
  const readiness = new Readiness();
  const drain = new HttpDrain(httpServer, readiness, logger);
  const subscriptions = startSubscriptionServer({
    httpServer,
    schema,
    limits,
    subscriptionLimits: options.subscriptions,
    corsOrigins: options.corsOrigins ?? [],
    verifyAuthorization,
    contextForCaller: contexts.forCaller,
    formatError: createFormatError(logger, () => warnings.take().allowed),
    metrics,
    logger,
    draining: () => readiness.draining,
  });
  // Subscriptions never finish by themselves: the drain closes them at once with 1001 (clients resume with `after`).
  drain.closeAlongside(() => subscriptions.close());
  const failed = (res: ServerResponse) => (error: unknown) => {
    logger.error({ err: error }, 'HTTP handler failed');
    if (!res.headersSent) res.writeHead(500).end();
  };
  httpServer.on('request', (req, res) => {
    // Nothing thrown here may escape: a throw in a 'request' listener ends the process.
    try {
      if (!drain.admit(req, res) || readiness.route(req, res)) return;
      drain.track(handler(req, res).catch(failed(res)));
    } catch (error) {
      failed(res)(error);
    }
  });
  const release = async (graceful: boolean) => {
    await callbacks?.stop(); // its WeCom reads end before the pool closes
    await reconciler?.stop();
    await subscriptions.close();
    await apollo.stop();
    await reads.close();
    await (graceful ? agent.close() : agent.destroy()); // destroy: WeCom calls of cut operations end now
    await reads.close(); // stops following the feed before it closes
    await feed.store.close();
    await sharedCache.close();
  };
  let stopping: Promise<void> | undefined;
  // Reconciliation stops first: no sweep runs on while requests drain.
  const stop = () =>
    (stopping ??= (async () => {
      await reconciler?.stop();
      await release(await drain.drain(options.shutdownGraceMs ?? DEFAULT_SHUTDOWN_GRACE_MS));
    })());
  try {
    await new Promise<void>((resolve, reject) => {
      httpServer.once('error', reject);
      httpServer.listen(options.port, options.host ?? '0.0.0.0', () => resolve());
    });
  } catch (error) {
    await release(true); // the port was taken, say: release the pool and the cache connection too
    throw error;
  }
  const { port } = httpServer.address() as AddressInfo;
  becomeReady(readiness, sharedCache.redis, logger);
  reconciler?.start();
  return { url: `http://127.0.0.1:${port}${GRAPHQL_PATH}`, port, breakers, stop };
}

function createReads(options: GatewayOptions, metrics: GatewayMetrics): GatewayReads {
  const settings = options.coalescing ?? {};
  if (settings.enabled === false) return DIRECT_READS;
  return createCoalescingReads(
    {
      windowMs: settings.windowMs ?? DEFAULT_COALESCE_WINDOW_MS,
      maxCallsInFlight: settings.maxCallsInFlight ?? DEFAULT_COALESCE_MAX_CALLS,
      lookupTimeoutMs: options.wecomTimeoutMs ?? 10_000,
    },
    {
      call: (kind, ids, lookups) => metrics.recordReadCall(kind, ids, lookups),
      waiting: (kind, delta) => metrics.readLookupsWaiting.inc({ kind }, delta),
    },
  );
}

/** Ready once listening and, with CACHE_URL, once Redis has connected (the token cache is usable). */
function becomeReady(readiness: Readiness, redis: SharedCache['redis'], logger: Logger): void {
  if (!redis) return readiness.markReady();
  void redisConnectedOnce(redis, readiness).then((connected) => {
    if (!connected) return;
    readiness.markReady();
    logger.info('Redis connected: /ready answers 200');
  });
}

/** Without callbacks, changes made in WeCom would reach the cache only when it expires: off unless a TTL is given. */
function readCacheSettings(options: GatewayOptions): ReadCacheSettings {
  return {
    maxEntries: options.readCache?.maxEntries ?? DEFAULT_READ_CACHE_MAX_ENTRIES,
    maxBytes: options.readCache?.maxBytes ?? DEFAULT_READ_CACHE_MAX_BYTES,
    ttlMs: readCacheTtlMs(options.readCache?.ttlMs, options.callback !== undefined),
  };
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
