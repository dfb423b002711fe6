import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server } from 'node:http';
import { ExecutionArgs, ExecutionResult, GraphQLError, GraphQLSchema } from 'graphql';
import type { Context } from 'graphql-ws';
import { Extra, useServer } from 'graphql-ws/use/ws';
import type { Logger } from 'pino';
import { WebSocket, WebSocketServer } from 'ws';
import type { GatewayLimits } from '../../config';
import type { CallerContextFactory, GatewayContext } from '../../context';
import type { VerifyAuthorization } from '../../callers/authenticator';
import type { Caller } from '../../callers/caller';
import { UnauthenticatedError, UnauthenticatedReason } from '../../callers/unauthenticated-error';
import { ErrorCode } from '../../errors/error-codes';
import { BoundedLabel, saneOperationName } from '../../observability/bounded-label';
import type { GatewayMetrics } from '../../observability/gateway-metrics';
import type { CorsOrigins } from '../cors';
import { GRAPHQL_PATH } from '../http-handler';
import { HttpErrorCode } from '../http-errors';
import { connectionAuthorization } from './connection-credential';
import { subscribeWithContextPerEvent } from './per-event-subscribe';
import { FormatError, createSubscriptionErrorFormatter, withRequestErrorCodes } from './subscription-errors';
import { DEFAULT_SUBSCRIPTION_LIMITS, SubscriptionLimits } from './subscription-limits';
import { checkSubscription } from './subscription-operation';
import { createUpgradeOriginCheck } from './upgrade-origin';

/** Close codes the gateway uses besides graphql-ws's own (4400 bad message, 4408 init timeout, 4409 duplicate id). */
export const CloseCodes = {
  /** RFC 6455: the server is going down (the drain); reconnect to another instance and resume with `after`. */
  GoingAway: 1001,
  /** RFC 6455: a temporary condition (the client fell too far behind, or the credential could not be checked now). */
  TryAgainLater: 1013,
  /** graphql-ws: no valid credential, or it expired while connected. Its client does not retry this one. */
  Unauthorized: 4401,
} as const;

const CREDENTIAL_EXPIRED = 'Unauthorized: credential expired; connect again with a fresh one and resume with after';
/** setTimeout's longest delay (about 24.8 days); a later expiry is waited for in steps. */
const MAX_TIMER_MS = 2 ** 31 - 1;

const UNAUTHENTICATED_REASONS: Record<UnauthenticatedReason, string> = {
  missing: 'Unauthorized: send connection_init with {"authorization":"Bearer <API key or JWT>"}',
  malformed: 'Unauthorized: malformed credential; send {"authorization":"Bearer <API key or JWT>"}',
  invalid: 'Unauthorized: invalid or expired credential',
};

export interface SubscriptionServerOptions {
  httpServer: Server;
  schema: GraphQLSchema;
  limits: GatewayLimits;
  subscriptionLimits?: Partial<SubscriptionLimits>;
  /** CORS_ORIGINS: browser pages of other origins may open a socket only if HTTP lets them call. */
  corsOrigins: CorsOrigins;
  /** The HTTP path's check of `Authorization: Bearer …` (AUTH). */
  verifyAuthorization: VerifyAuthorization;
  /** A context for an authenticated caller (made once per event). */
  contextForCaller: CallerContextFactory;
  /** The gateway's formatError, as Apollo uses it on HTTP. */
  formatError: FormatError;
  metrics: GatewayMetrics;
  logger: Logger;
  /** True once the instance drains: new upgrades are refused with 503. */
  draining: () => boolean;
}

export interface SubscriptionServer {
  /** Closes every socket with 1001 (cutting those that do not answer within closeTimeoutMs), then the server. */
  close(): Promise<void>;
}

/** One subscribe message, from its checks to its end: what its log lines and metrics say. */
interface RunningSubscription {
  logId: string;
  operation: string;
  startedAt: number;
  started: boolean;
  events: number;
  stats: { wecomCalls: number };
  /** The code of the error that ended it, if one did. */
  outcome?: string;
}

interface Connection {
  id: string;
  /** The caller of the upgrade's Authorization header, verified before the socket was accepted. */
  upgradeCaller?: Caller;
  caller?: Caller;
  /** The close code, once the socket closed (before graphql-ws ends its subscriptions). */
  closeCode?: number;
  subscriptions: Map<string, RunningSubscription>;
}

type AcceptUpgrade = (ok: boolean, status?: number, message?: string, headers?: Record<string, string>) => void;

/** What HTTP answers a bad credential with (RFC 6750), on the refused upgrade too. */
const UPGRADE_CHALLENGE = 'Bearer realm="wecom-schedule-gateway", error="invalid_token"';

type ConnectionContext = Context<Record<string, unknown> | undefined, Extra & Partial<Record<PropertyKey, never>>>;

/**
 * `Subscription` over graphql-ws (subprotocol graphql-transport-ws) on the HTTP server's /graphql
 * (README, "Staying in sync"). Upgrades never reach the request handler, so no Apollo plugin runs
 * here: authentication, the query limits, the WeCom call estimate, error formatting, metrics and
 * logs are applied in graphql-ws's hooks, the same way as on HTTP.
 */
export function startSubscriptionServer(options: SubscriptionServerOptions): SubscriptionServer {
  const { logger, metrics, schema, limits } = options;
  const bounds = { ...DEFAULT_SUBSCRIPTION_LIMITS, ...options.subscriptionLimits };
  const format = createSubscriptionErrorFormatter(options.formatError, !limits.introspection);
  const reasons = new BoundedLabel(50);
  const connections = new WeakMap<WebSocket, Connection>();
  const perEventContext = new WeakMap<object, () => GatewayContext>();
  const originAllowed = createUpgradeOriginCheck(options.corsOrigins);
  /** The caller of a valid Authorization header on the upgrade request. */
  const upgradeCallers = new WeakMap<IncomingMessage, Caller>();
  /** Sockets without a caller yet (the upgrade had no Authorization, connection_init not accepted yet). */
  const pendingSockets = new Set<WebSocket>();

  const wss = new WebSocketServer({
    server: options.httpServer,
    path: GRAPHQL_PATH,
    maxPayload: bounds.maxPayloadBytes,
    closeTimeout: bounds.closeTimeoutMs,
    // No compression: it costs memory per socket (zlib contexts) for changes of a few hundred bytes.
    perMessageDeflate: false,
    verifyClient: (info: { req: IncomingMessage }, accept: AcceptUpgrade) => void verifyUpgrade(info.req, accept),
  } as ConstructorParameters<typeof WebSocketServer>[0]);
  const refuseUpgrade = (accept: AcceptUpgrade, status: number, reason: string, message: string, headers?: Record<string, string>) => {
    metrics.websocketRefusals.inc({ reason });
    accept(false, status, message, headers);
  };
  /**
   * Before a socket takes a slot: its origin, then its Authorization header if it has one (a bad one never
   * gets a socket), then the caps, checked after that await so that they count what is open now.
   */
  const verifyUpgrade = async (req: IncomingMessage, accept: AcceptUpgrade) => {
    try {
      if (!originAllowed(req)) {
        return refuseUpgrade(accept, 403, 'origin', 'Browser pages of this origin may not open a WebSocket to this gateway: add the origin to CORS_ORIGINS');
      }
      if (options.draining()) return refuseUpgrade(accept, 503, 'shutting_down', 'This gateway instance is shutting down: connect again');
      if (req.headers.authorization !== undefined) {
        try {
          upgradeCallers.set(req, await options.verifyAuthorization(req.headers.authorization));
        } catch (error) {
          if (!(error instanceof UnauthenticatedError)) throw error;
          logger.info({ outcome: ErrorCode.Unauthenticated, reason: error.reason }, 'WebSocket upgrade refused');
          return refuseUpgrade(accept, 401, 'unauthenticated', error.message, { 'WWW-Authenticate': UPGRADE_CHALLENGE });
        }
      }
      if (options.draining()) return refuseUpgrade(accept, 503, 'shutting_down', 'This gateway instance is shutting down: connect again');
      if (wss.clients.size >= bounds.maxConnections) return refuseUpgrade(accept, 503, 'too_many', 'Too many WebSocket connections on this instance');
      if (!upgradeCallers.has(req) && pendingSockets.size >= bounds.maxPendingConnections) {
        return refuseUpgrade(accept, 503, 'too_many_pending', 'Too many WebSocket connections waiting for connection_init on this instance: try again');
      }
      accept(true);
    } catch (error) {
      logger.warn({ err: error }, 'WebSocket upgrade credential could not be checked');
      refuseUpgrade(accept, 503, 'auth_unavailable', 'The credential could not be checked now: try again later', { 'Retry-After': '5' });
    }
  };

  // Registered before useServer's listener, so these run first for each socket.
  wss.on('connection', (socket, req) => {
    const connection: Connection = { id: randomUUID(), upgradeCaller: upgradeCallers.get(req), subscriptions: new Map() };
    connections.set(socket, connection);
    if (!connection.upgradeCaller) pendingSockets.add(socket);
    metrics.websocketConnections.inc();
    socket.once('close', (code) => {
      pendingSockets.delete(socket);
      connection.closeCode = code;
      metrics.websocketConnections.dec();
    });
    // ws emits 'error' for a message over maxPayload (and closes with 1009): note it in our own log.
    socket.on('error', (error) => logger.info({ connectionId: connection.id, reason: error.message }, 'WebSocket closed on a protocol error'));
  });
  /**
   * A credential is checked once, at connection_init: the socket must not outlive it (a JWT's exp).
   * False when it has expired already (one verified at the upgrade, a moment ago): the socket is closing.
   */
  const closeWhenCredentialExpires = (socket: WebSocket, connection: Connection): boolean => {
    const expiresAt = connection.caller?.expiresAt;
    if (expiresAt === undefined) return true; // API keys: removing one from API_KEYS_FILE takes a restart anyway
    let timer: NodeJS.Timeout | undefined;
    const check = () => {
      const left = expiresAt - Date.now();
      if (left > 0) {
        timer = setTimeout(check, Math.min(left, MAX_TIMER_MS));
        return;
      }
      if (socket.readyState !== WebSocket.OPEN) return;
      metrics.websocketRefusals.inc({ reason: 'credential_expired' });
      logger.info({ connectionId: connection.id, caller: connection.caller!.name, outcome: ErrorCode.Unauthenticated }, 'WebSocket credential expired');
      socket.close(CloseCodes.Unauthorized, CREDENTIAL_EXPIRED);
    };
    check();
    socket.once('close', () => clearTimeout(timer));
    return socket.readyState === WebSocket.OPEN;
  };
  const connectionOf = (ctx: ConnectionContext): Connection => connections.get(ctx.extra.socket)!;

  const refuse = (connection: Connection, id: string, code: string, operation?: string) => {
    metrics.subscriptionsRefused.inc({ reason: reasons.value(code) });
    logger.info({ subscriptionId: `${connection.id}/${id}`.slice(0, 200), caller: connection.caller?.name, operation, outcome: code }, 'subscription refused');
  };

  const disposable = useServer<Record<string, unknown> | undefined>(
    {
      schema,
      isProd: true, // close reasons never carry internal error messages
      connectionInitWaitTimeout: bounds.connectionInitTimeoutMs,

      onConnect: async (ctx) => {
        const connection = connectionOf(ctx);
        try {
          const authorization = connectionAuthorization(ctx.connectionParams, ctx.extra.request);
          const fromUpgrade = connection.upgradeCaller && authorization === ctx.extra.request.headers.authorization;
          connection.caller = fromUpgrade ? connection.upgradeCaller! : await options.verifyAuthorization(authorization);
          pendingSockets.delete(ctx.extra.socket);
          return closeWhenCredentialExpires(ctx.extra.socket, connection);
        } catch (error) {
          const unauthenticated = error instanceof UnauthenticatedError;
          metrics.websocketRefusals.inc({ reason: unauthenticated ? 'unauthenticated' : 'auth_unavailable' });
          if (unauthenticated) {
            logger.info({ connectionId: connection.id, outcome: ErrorCode.Unauthenticated, reason: error.reason }, 'WebSocket refused');
            ctx.extra.socket.close(CloseCodes.Unauthorized, UNAUTHENTICATED_REASONS[error.reason]);
          } else {
            logger.warn({ connectionId: connection.id, err: error }, 'WebSocket credential could not be checked');
            ctx.extra.socket.close(CloseCodes.TryAgainLater, 'The credential could not be checked now: try again later');
          }
          return false; // graphql-ws closes too (4403): the first close wins
        }
      },

      onSubscribe: (ctx, id, payload) => {
        const connection = connectionOf(ctx);
        const caller = connection.caller!;
        const operation = saneOperationName(payload.operationName);
        if (Object.keys(ctx.subscriptions).length > bounds.maxSubscriptionsPerConnection) {
          refuse(connection, id, HttpErrorCode.BadRequest, operation);
          const message = `More than ${bounds.maxSubscriptionsPerConnection} subscriptions on one connection: complete one first, or open another connection`;
          return [new GraphQLError(message, { extensions: { code: HttpErrorCode.BadRequest, limit: bounds.maxSubscriptionsPerConnection } })];
        }
        const checked = checkSubscription(schema, limits, payload);
        if ('errors' in checked) {
          refuse(connection, id, String(checked.errors[0].extensions.code), operation);
          return checked.errors;
        }
        const running: RunningSubscription = {
          logId: `${connection.id}/${id}`.slice(0, 200),
          operation: saneOperationName(checked.name),
          startedAt: performance.now(),
          started: false,
          events: 0,
          stats: { wecomCalls: 0 },
        };
        connection.subscriptions.set(id, running);
        const origin = { requestId: running.logId, stats: running.stats };
        const contextValue = options.contextForCaller(caller, origin);
        perEventContext.set(contextValue, () => options.contextForCaller(caller, origin));
        return { ...checked.args, contextValue } as ExecutionArgs;
      },

      subscribe: (args) => {
        const contextForEvent = perEventContext.get(args.contextValue as object);
        return subscribeWithContextPerEvent(args, contextForEvent ?? (() => args.contextValue));
      },

      onOperation: (ctx, id, _payload, _args, result) => {
        const connection = connectionOf(ctx);
        const running = connection.subscriptions.get(id);
        if (!running) return;
        if (Symbol.asyncIterator in result) {
          running.started = true;
          metrics.subscriptionsActive.inc();
          metrics.subscriptionsStarted.inc({ caller: metrics.callers.value(connection.caller!.name) });
          logger.info({ subscriptionId: running.logId, caller: connection.caller!.name, operation: running.operation }, 'subscription started');
          return;
        }
        // Refused while setting up its source (FORBIDDEN, CURSOR_EXPIRED, bad variables): one result with errors.
        const errors = withRequestErrorCodes((result as ExecutionResult).errors ?? [], false);
        running.outcome = String(errors[0]?.extensions.code ?? ErrorCode.Internal);
        connection.subscriptions.delete(id);
        refuse(connection, id, running.outcome, running.operation);
      },

      onNext: (ctx, id, _payload, _args, result) => {
        const connection = connectionOf(ctx);
        const running = connection.subscriptions.get(id);
        const socket = ctx.extra.socket;
        if (running?.started) {
          if (socket.bufferedAmount > bounds.maxBufferedBytes) {
            // graphql-ws waits for each send to be written out, so this is several subscriptions'
            // events queued for a client that stopped reading: cut it rather than queue more.
            metrics.websocketRefusals.inc({ reason: 'too_far_behind' });
            running.outcome = 'TOO_FAR_BEHIND';
            socket.close(CloseCodes.TryAgainLater, 'Too far behind: reconnect and resume with after');
          } else {
            running.events += 1;
            metrics.subscriptionEvents.inc({ caller: metrics.callers.value(connection.caller!.name) });
          }
        }
        const errors = result.errors && withRequestErrorCodes(result.errors, result.data != null).map(format);
        return { ...result, ...(errors ? { errors } : {}) };
      },

      onError: (ctx, id, _payload, errors) => {
        const running = connectionOf(ctx).subscriptions.get(id);
        const formatted = errors.map(format);
        if (running) running.outcome = String(formatted[0]?.extensions?.code ?? ErrorCode.Internal);
        return formatted;
      },

      onComplete: (ctx, id) => {
        const connection = connectionOf(ctx);
        const running = connection.subscriptions.get(id);
        connection.subscriptions.delete(id);
        if (!running?.started) return;
        metrics.subscriptionsActive.dec();
        const outcome = running.outcome ?? (connection.closeCode !== undefined ? `CLOSED_${connection.closeCode}` : 'ok');
        logger.info(
          {
            subscriptionId: running.logId,
            caller: connection.caller!.name,
            operation: running.operation,
            outcome,
            events: running.events,
            durationMs: Math.round(performance.now() - running.startedAt),
            wecomCalls: running.stats.wecomCalls,
          },
          'subscription ended',
        );
      },
    },
    wss,
    bounds.keepAliveMs,
  );

  let closing: Promise<void> | undefined;
  return {
    close: () =>
      (closing ??= (async () => {
        const open = [...wss.clients];
        const closed = Promise.all(open.map((socket) => new Promise<void>((resolve) => (socket.readyState === WebSocket.CLOSED ? resolve() : socket.once('close', () => resolve())))));
        for (const socket of open) socket.close(CloseCodes.GoingAway, 'Going away: this instance is shutting down; reconnect and resume with after');
        // ws cuts a socket that does not answer the close within closeTimeoutMs; this is the backstop.
        let timer: NodeJS.Timeout | undefined;
        const backstop = new Promise<void>((resolve) => (timer = setTimeout(resolve, bounds.closeTimeoutMs + 1000)));
        await Promise.race([closed, backstop]);
        clearTimeout(timer);
        for (const socket of wss.clients) socket.terminate();
        await disposable.dispose();
      })()),
  };
}
