import autocannon from 'autocannon';
import { GET_SCHEDULE, graphqlBody } from '../operations';

/** Why a read failed, from the GraphQL error's extensions. */
export interface ReadFailures {
  /** WeCom's frequency limit: 45009 passed on (peers: WECOM_ERROR wecomErrcode 45009), or the gateway pausing the API after one (WECOM_RATE_LIMITED, limitedBy wecom). */
  wecomBlock: number;
  /** The gateway's own call budget (WECOM_RATE_LIMITED, limitedBy gateway): refused without a WeCom call. */
  gatewayBudget: number;
  /** Anything else (timeouts, other errors); `otherSample` shows the first. */
  other: number;
  otherSample?: string;
}

/** Every read's facts, for the staleness calculation (only when `recordSummaries`). */
export interface ReadLog {
  /** Index of the schedule asked for. */
  index: number[];
  /** Date.now() when the request was set up (just before it was written). */
  sentAt: number[];
  receivedAt: number[];
  /** The change number the answer's summary shows (`<label> <n> @<t>`), -1 for the seeded state. */
  shown: number[];
}

export interface QuotaLoadResult {
  durationSec: number;
  /** Reads answered with the schedule and no error. */
  successes: number;
  failures: ReadFailures;
  /** Seconds from the start to the first read refused for WeCom's limit or the gateway's budget. */
  firstRefusalSec?: number;
  /** Latency of successful reads, ms. */
  p50Ms: number;
  p99Ms: number;
  log?: ReadLog;
}

export interface QuotaLoadOptions {
  origin: string;
  clients: number;
  durationSec: number;
  scheduleIds: string[];
  /** The drive's label: successful answers' summaries are parsed and logged. */
  recordSummaries?: string;
}

interface ClientContext {
  index?: number;
  sentAt?: number;
}

interface ErrorExtensions {
  code?: string;
  wecomErrcode?: number;
  limitedBy?: string;
}

/**
 * `clients` connections, one request outstanding each, for `durationSec`: every request asks for one
 * schedule picked at random (GetSchedule, the same document as the reads part). Responses are classified
 * here, in the orchestrator; successful ones are checked cheaply (the preflight checked one in depth).
 */
export function runQuotaLoad(options: QuotaLoadOptions): Promise<QuotaLoadResult> {
  const bodies = options.scheduleIds.map((id) => graphqlBody(GET_SCHEDULE, { id }));
  const failures: ReadFailures = { wecomBlock: 0, gatewayBudget: 0, other: 0 };
  const latencies: number[] = [];
  const log: ReadLog | undefined = options.recordSummaries ? { index: [], sentAt: [], receivedAt: [], shown: [] } : undefined;
  const summary = options.recordSummaries ? new RegExp(`"summary":"${options.recordSummaries} (\\d+) @\\d+"`) : undefined;
  let successes = 0;
  let started = 0;
  let firstRefusalAt: number | undefined;

  const setupRequest = (request: autocannon.Request, context: object): autocannon.Request => {
    const ctx = context as ClientContext;
    ctx.index = Math.floor(Math.random() * bodies.length);
    ctx.sentAt = Date.now();
    return { ...request, body: bodies[ctx.index] };
  };
  const onResponse = (status: number, body: string, context: object): void => {
    const receivedAt = Date.now();
    const { index = -1, sentAt = receivedAt } = context as ClientContext;
    if (status === 200 && body.startsWith('{"data":{"schedule":{') && !body.includes('"errors"')) {
      successes += 1;
      latencies.push(receivedAt - sentAt);
      if (log && summary) {
        const match = summary.exec(body);
        log.index.push(index);
        log.sentAt.push(sentAt);
        log.receivedAt.push(receivedAt);
        log.shown.push(match ? Number(match[1]) : -1);
      }
      return;
    }
    const kind = classify(body);
    if (kind === 'other') {
      failures.other += 1;
      failures.otherSample ??= `HTTP ${status} ${body.slice(0, 300)}`;
      return;
    }
    failures[kind] += 1;
    firstRefusalAt ??= receivedAt;
  };

  return new Promise<QuotaLoadResult>((resolve, reject) => {
    started = Date.now();
    autocannon(
      {
        url: options.origin,
        connections: options.clients,
        pipelining: 1,
        duration: options.durationSec,
        timeout: 30,
        headers: { 'content-type': 'application/json' },
        requests: [{ method: 'POST', path: '/graphql', setupRequest, onResponse }],
      },
      (error: unknown, result: autocannon.Result) => {
        if (error) return reject(error instanceof Error ? error : new Error(String(error)));
        // Connection errors and timeouts never reach onResponse.
        failures.other += result.errors;
        if (result.errors > 0) failures.otherSample ??= `${result.errors} connection errors or timeouts`;
        latencies.sort((a, b) => a - b);
        resolve({
          durationSec: result.duration,
          successes,
          failures,
          firstRefusalSec: firstRefusalAt === undefined ? undefined : (firstRefusalAt - started) / 1000,
          p50Ms: percentile(latencies, 0.5),
          p99Ms: percentile(latencies, 0.99),
          log,
        });
      },
    );
  });
}

function classify(body: string): 'wecomBlock' | 'gatewayBudget' | 'other' {
  let extensions: ErrorExtensions | undefined;
  try {
    extensions = (JSON.parse(body) as { errors?: { extensions?: ErrorExtensions }[] }).errors?.[0]?.extensions;
  } catch {
    return 'other';
  }
  if (!extensions) return 'other';
  if (extensions.wecomErrcode === 45009 || (extensions.code === 'WECOM_RATE_LIMITED' && extensions.limitedBy === 'wecom')) return 'wecomBlock';
  if (extensions.code === 'WECOM_RATE_LIMITED' && extensions.limitedBy === 'gateway') return 'gatewayBudget';
  return 'other';
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
}
