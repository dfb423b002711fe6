import type { BaseContext } from '@apollo/server';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { GraphQLError } from 'graphql';
import { ErrorCode } from '../errors/error-codes';
import type { GatewayMetrics } from './gateway-metrics';
import { RequestRecord, requestRecordOf, startRequestRecord } from './request-record';
import type { WarningSampler } from './warning-sampler';
import { requestPath } from '../server/request-path';

type Handler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

/** Paths that are probes or scrapes, not requests: no access line, no request metric. */
const UNOBSERVED_PATHS = new Set(['/health', '/ready', '/metrics']);

/** Outcomes that are the gateway's or WeCom's trouble (worth a warning), not the caller's. */
const SERVER_SIDE = new Set<string>([ErrorCode.Unavailable, ErrorCode.WeComError, ErrorCode.Internal, ErrorCode.CacheUnavailable, ErrorCode.AuthFailed]);

/** When nothing named a code (Apollo's own refusals before any plugin ran), the status says it. */
const CODE_BY_STATUS: Record<number, string> = { 400: 'BAD_REQUEST', 401: 'UNAUTHENTICATED', 403: 'FORBIDDEN', 404: 'NOT_FOUND', 405: 'METHOD_NOT_ALLOWED', 413: 'PAYLOAD_TOO_LARGE', 415: 'UNSUPPORTED_MEDIA_TYPE' };

/**
 * Wraps the HTTP handler: every request gets an id (the client's `x-request-id` if sane, else a new
 * one, echoed in the answer), and when its answer ends, one access line (`msg: "request"`) and the
 * request metrics. This line carries the outcome, so the errors met on the way are not warned one
 * by one: at most one warning per request, whatever the query did.
 */
export function observeRequests(handler: Handler, logger: Logger, metrics: GatewayMetrics, warnings: WarningSampler): Handler {
  return async (req, res) => {
    const path = pathOf(req.url);
    if (UNOBSERVED_PATHS.has(path)) return handler(req, res);
    const record = startRequestRecord(req, res);
    res.setHeader('x-request-id', record.id);
    // 'finish' once the answer is handed to the socket (before the client can read it); 'close' alone: the client left.
    let done = false;
    const end = () => {
      if (done) return;
      done = true;
      finish(record, req, res, logger, metrics, warnings);
    };
    res.once('finish', end).once('close', end);
    return handler(req, res);
  };
}

function finish(
  record: RequestRecord,
  req: IncomingMessage,
  res: ServerResponse,
  logger: Logger,
  metrics: GatewayMetrics,
  warnings: WarningSampler,
): void {
  const seconds = (performance.now() - record.startedAt) / 1000;
  const status = res.writableFinished ? res.statusCode : 499; // 499: the client went away first
  const outcome = record.outcome ?? outcomeOfStatus(status);
  const caller = record.caller ?? 'unknown';
  const operation = record.operation ?? 'none';
  metrics.recordRequest(operation, caller, outcome, seconds);
  const line = {
    requestId: record.id,
    caller,
    operation,
    ...(record.requestedOperation !== undefined && { requestedOperation: record.requestedOperation }),
    method: req.method,
    path: pathOf(req.url).slice(0, 100),
    status,
    outcome,
    durationMs: Math.round(seconds * 1000),
    wecomCalls: record.wecomCalls,
    ...(record.wecomErrcode !== undefined && { wecomErrcode: record.wecomErrcode }),
  };
  if (!(SERVER_SIDE.has(outcome) || status >= 500)) return void logger.info(line, 'request');
  const { allowed, suppressedBefore } = warnings.take();
  if (!allowed) return void logger.debug(line, 'request');
  logger.warn(suppressedBefore > 0 ? { ...line, suppressedWarnings: suppressedBefore } : line, 'request');
}

function outcomeOfStatus(status: number): string {
  if (status < 400) return 'ok';
  if (status === 499) return 'CLIENT_CLOSED';
  return CODE_BY_STATUS[status] ?? (status >= 500 ? ErrorCode.Internal : 'BAD_REQUEST');
}

function pathOf(url: string | undefined): string {
  return requestPath({ url });
}

/** A property, not a WeakMap: Apollo hands plugins a shallow copy of the context value (copied with it). */
const RECORD = Symbol('requestRecord');

/**
 * Wraps the context factory: names the caller on the request's record (or the refusal's code, when
 * authentication throws) and ties Apollo's context value to the record for the outcome plugin.
 */
export function observeContext<T extends BaseContext & { caller: { name: string } }>(
  factory: (req: IncomingMessage) => Promise<T>,
): (req: IncomingMessage) => Promise<T> {
  return async (req) => {
    const record = requestRecordOf(req);
    try {
      const context = await factory(req);
      if (record) {
        record.caller = context.caller.name;
        Object.defineProperty(context, RECORD, { value: record, enumerable: true });
      }
      return context;
    } catch (error) {
      if (record && error instanceof GraphQLError && typeof error.extensions.code === 'string') record.outcome = error.extensions.code;
      throw error;
    }
  };
}

export function recordOfContext(context: BaseContext): RequestRecord | undefined {
  return (context as { [RECORD]?: RequestRecord })[RECORD];
}
