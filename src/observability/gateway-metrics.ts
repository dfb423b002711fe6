import type { IncomingMessage, ServerResponse } from 'node:http';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { BoundedLabel } from './bounded-label';
import type { BreakerState } from '../resilience/circuit-breaker';

const PREFIX = 'wecom_gateway_';
/** Seconds: from a cached read (milliseconds) to a write waiting out WeCom's timeouts. */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
/** Distinct operation names and callers kept as label values before new ones fold into `other`. */
export const MAX_LABEL_VALUES = 100;

export interface GatewayMetricsOptions {
  /** Callers known from the configuration (API key names): always labelled by name. */
  knownCallers?: readonly string[];
}

/**
 * The gateway's Prometheus metrics (API.md, "Operating a fleet"), in a registry of its own: one per
 * gateway, so that several gateways in one process (tests) never count into each other.
 */
export class GatewayMetrics {
  readonly registry = new Registry();
  readonly operations = new BoundedLabel(MAX_LABEL_VALUES);
  readonly callers: BoundedLabel;
  readonly apis = new BoundedLabel(MAX_LABEL_VALUES);
  readonly errcodes = new BoundedLabel(MAX_LABEL_VALUES);
  readonly requests: Counter<'operation' | 'caller' | 'outcome'>;
  readonly requestDuration: Histogram<'operation' | 'outcome'>;
  readonly wecomCalls: Counter<'api' | 'errcode'>;
  readonly wecomCallDuration: Histogram<'api'>;
  readonly wecomRetries: Counter<'api'>;
  readonly tokenFetches: Counter<'outcome'>;
  readonly limiterRefusals: Counter<'reason'>;
  readonly lockWait: Histogram<'outcome'>;
  /** 0 closed, 1 half-open, 2 open (BREAKER_STATE_VALUE), per WeCom API. */
  readonly breakerState: Gauge<'api'>;
  /** Changes offered to the feed: recorded, or unchanged (the same state as the last one recorded). */
  readonly feedChanges: Counter<'kind' | 'source' | 'outcome'>;
  /** WeCom callbacks by outcome: verified, recorded, duplicate, ignored, ignored_malformed, unavailable, inbox_full, refused_<reason> (a bounded set). */
  readonly callbacks: Counter<'outcome'>;
  /** Inbox events by what processing did: recorded, unchanged, retried (an attempt failed), dropped. */
  readonly callbackEvents: Counter<'outcome'>;
  readonly reconcileSweeps: Counter<'outcome'>;
  readonly reconcileSweepDuration: Histogram<'outcome'>;
  readonly reconcileSchedulesCompared: Counter;
  readonly reconcileChangesFound: Counter<'kind'>;
  readonly reconcileCalendarFailures: Counter;
  /** Subscriptions over WebSocket (README, "Staying in sync"). */
  readonly readCacheHits: Counter<'kind'>;
  readonly readCacheMisses: Counter<'kind'>;
  readonly readCacheInvalidations: Counter<'source'>;
  readonly readCacheFillsRefused: Counter<'kind'>;
  readonly readCacheErrors: Counter;
  readonly websocketConnections: Gauge;
  readonly websocketRefusals: Counter<'reason'>;
  readonly subscriptionsActive: Gauge;
  readonly subscriptionsStarted: Counter<'caller'>;
  readonly subscriptionsRefused: Counter<'reason'>;
  readonly subscriptionEvents: Counter<'caller'>;
  /** Look-ups by id sharing WeCom calls (README, "Reads beyond WeCom's quota"). */
  readonly readCalls: Counter<'kind'>;
  readonly readLookups: Counter<'kind'>;
  readonly readCoalesced: Counter<'kind'>;
  readonly readCallIds: Histogram<'kind'>;
  readonly readLookupsWaiting: Gauge<'kind'>;

  constructor(options: GatewayMetricsOptions = {}) {
    this.callers = new BoundedLabel(MAX_LABEL_VALUES + (options.knownCallers?.length ?? 0), options.knownCallers);
    const registers = [this.registry];
    this.requests = new Counter({ name: `${PREFIX}requests_total`, help: 'GraphQL requests by operation name, caller and outcome (ok or the first error code)', labelNames: ['operation', 'caller', 'outcome'], registers });
    this.requestDuration = new Histogram({ name: `${PREFIX}request_duration_seconds`, help: 'Time from receiving a GraphQL request to answering it', labelNames: ['operation', 'outcome'], buckets: LATENCY_BUCKETS, registers });
    this.wecomCalls = new Counter({ name: `${PREFIX}wecom_calls_total`, help: 'Attempts sent to WeCom by API and errcode ("0" success, "transport" no answer)', labelNames: ['api', 'errcode'], registers });
    this.wecomCallDuration = new Histogram({ name: `${PREFIX}wecom_call_duration_seconds`, help: 'Duration of one attempt at a WeCom API', labelNames: ['api'], buckets: LATENCY_BUCKETS, registers });
    this.wecomRetries = new Counter({ name: `${PREFIX}wecom_retries_total`, help: 'Attempts after the first for one WeCom call', labelNames: ['api'], registers });
    this.tokenFetches = new Counter({ name: `${PREFIX}token_fetches_total`, help: 'Access tokens fetched from WeCom (gettoken) by this instance', labelNames: ['outcome'], registers });
    this.limiterRefusals = new Counter({ name: `${PREFIX}limiter_refusals_total`, help: 'WeCom calls refused by the call budget (gateway, caller or wecom block)', labelNames: ['reason'], registers });
    this.lockWait = new Histogram({ name: `${PREFIX}lock_wait_seconds`, help: "Time a write waited for its schedule's or calendar's lock", labelNames: ['outcome'], buckets: LATENCY_BUCKETS, registers });
    this.feedChanges = new Counter({ name: `${PREFIX}feed_changes_total`, help: 'Changes offered to the change feed by kind and source: recorded, or unchanged (the same state as the last one recorded)', labelNames: ['kind', 'source', 'outcome'], registers });
    this.breakerState = new Gauge({ name: `${PREFIX}breaker_state`, help: 'Circuit breaker per WeCom API: 0 closed, 1 half-open, 2 open', labelNames: ['api'], registers });
    this.callbacks = new Counter({ name: `${PREFIX}callbacks_total`, help: 'WeCom callback deliveries by outcome (verified, recorded, duplicate, ignored, ignored_malformed, unavailable, inbox_full, refused_<reason>)', labelNames: ['outcome'], registers });
    this.callbackEvents = new Counter({ name: `${PREFIX}callback_events_total`, help: 'Callback inbox events processed: recorded, unchanged (state already recorded), retried (an attempt failed), dropped (gave up)', labelNames: ['outcome'], registers });
    this.reconcileSweeps = new Counter({ name: `${PREFIX}reconcile_sweeps_total`, help: 'Reconciliation sweeps of this instance by outcome (completed, skipped: another instance has the turn, budget, yielded, abandoned, failed)', labelNames: ['outcome'], registers });
    this.reconcileSweepDuration = new Histogram({ name: `${PREFIX}reconcile_sweep_duration_seconds`, help: 'Duration of a reconciliation sweep by outcome', labelNames: ['outcome'], buckets: [...LATENCY_BUCKETS, 60, 300], registers });
    this.reconcileSchedulesCompared = new Counter({ name: `${PREFIX}reconcile_schedules_compared_total`, help: 'Schedules listed by get_by_calendar and compared with the previous sweep', registers });
    this.reconcileChangesFound = new Counter({ name: `${PREFIX}reconcile_changes_found_total`, help: 'Changes reconciliation found, by kind (recorded unless the feed already had that state)', labelNames: ['kind'], registers });
    this.reconcileCalendarFailures = new Counter({ name: `${PREFIX}reconcile_calendar_failures_total`, help: 'Calendars whose turn in a sweep failed (the sweep went on with the next one; the calendar id is in the log)', registers });
    this.readCacheHits = new Counter({ name: `${PREFIX}read_cache_hits_total`, help: 'Schedules and calendars answered from the read cache, by kind', labelNames: ['kind'], registers });
    this.readCacheMisses = new Counter({ name: `${PREFIX}read_cache_misses_total`, help: 'Schedules and calendars the read cache did not have (or a fresh read skipped), read from WeCom, by kind', labelNames: ['kind'], registers });
    this.readCacheInvalidations = new Counter({ name: `${PREFIX}read_cache_invalidations_total`, help: "Read cache entries dropped, by source: write (this instance's own), feed (a change in the feed), gap (changes may have been missed: the app's whole cache)", labelNames: ['source'], registers });
    this.readCacheFillsRefused = new Counter({ name: `${PREFIX}read_cache_fills_refused_total`, help: 'Reads not stored in the cache because their schedule or calendar changed while they were read, by kind', labelNames: ['kind'], registers });
    this.readCacheErrors = new Counter({ name: `${PREFIX}read_cache_errors_total`, help: 'Read cache commands that failed (Redis unreachable or slow): the reads went to WeCom', registers });
    this.websocketConnections = new Gauge({ name: `${PREFIX}websocket_connections`, help: 'Open WebSocket connections (graphql-transport-ws)', registers });
    this.websocketRefusals = new Counter({ name: `${PREFIX}websocket_refusals_total`, help: 'WebSocket connections refused or cut: origin, too_many, too_many_pending, shutting_down, unauthenticated, auth_unavailable, credential_expired, too_far_behind', labelNames: ['reason'], registers });
    this.subscriptionsActive = new Gauge({ name: `${PREFIX}subscriptions_active`, help: 'Subscriptions running now', registers });
    this.subscriptionsStarted = new Counter({ name: `${PREFIX}subscriptions_started_total`, help: 'Subscriptions started, by caller', labelNames: ['caller'], registers });
    this.subscriptionsRefused = new Counter({ name: `${PREFIX}subscriptions_refused_total`, help: 'Subscribe messages refused, by the error code answered', labelNames: ['reason'], registers });
    this.subscriptionEvents = new Counter({ name: `${PREFIX}subscription_events_total`, help: 'Subscription events sent to clients, by caller', labelNames: ['caller'], registers });
    this.readCalls = new Counter({ name: `${PREFIX}read_calls_total`, help: 'schedule/get and calendar/get calls made for look-ups by id of requests (kind: schedule or calendar), retries per part of a failed shared call included', labelNames: ['kind'], registers });
    this.readLookups = new Counter({ name: `${PREFIX}read_lookups_total`, help: 'Look-ups by id (one request batch each) served by those calls', labelNames: ['kind'], registers });
    this.readCoalesced = new Counter({ name: `${PREFIX}read_coalesced_total`, help: "Look-ups served by a call made for another request's look-up (the calls saved)", labelNames: ['kind'], registers });
    this.readCallIds = new Histogram({ name: `${PREFIX}read_call_ids`, help: 'Ids per schedule/get or calendar/get call made for look-ups by id', labelNames: ['kind'], buckets: [1, 2, 5, 10, 50, 100, 250, 500, 1000], registers });
    this.readLookupsWaiting = new Gauge({ name: `${PREFIX}read_lookups_waiting`, help: 'Look-ups by id waiting for a shared call (gathering or in flight)', labelNames: ['kind'], registers });
    collectDefaultMetrics({ register: this.registry, prefix: PREFIX });
  }


  /** What the read cache reports, counted here. */
  readCacheObserver() {
    return {
      hits: (kind: string, count: number) => this.readCacheHits.inc({ kind }, count),
      misses: (kind: string, count: number) => this.readCacheMisses.inc({ kind }, count),
      invalidations: (source: string, count: number) => this.readCacheInvalidations.inc({ source }, count),
      fillsRefused: (kind: string, count: number) => this.readCacheFillsRefused.inc({ kind }, count),
      storeErrors: () => this.readCacheErrors.inc(),
    };
  }
  /** One WeCom call made for `lookups` look-ups by id (more than one: shared). */
  recordReadCall(kind: string, ids: number, lookups: number): void {
    this.readCalls.inc({ kind });
    this.readLookups.inc({ kind }, lookups);
    if (lookups > 1) this.readCoalesced.inc({ kind }, lookups - 1);
    this.readCallIds.observe({ kind }, ids);
  }

  /** Counts one answered GraphQL request. */
  recordRequest(operation: string, caller: string, outcome: string, seconds: number): void {
    const op = this.operations.value(operation);
    this.requests.inc({ operation: op, caller: this.callers.value(caller), outcome });
    this.requestDuration.observe({ operation: op, outcome }, seconds);
  }

  /** Wraps the token fetch: counts every gettoken, whether WeCom answered with a token or not. */
  countTokenFetches<A extends unknown[], R>(fetch: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
    return async (...args) => {
      try {
        const token = await fetch(...args);
        this.tokenFetches.inc({ outcome: 'ok' });
        return token;
      } catch (error) {
        this.tokenFetches.inc({ outcome: 'error' });
        throw error;
      }
    };
  }

  /** GET /metrics (not behind AUTH: API.md); true when it answered. */
  async route(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    if (!req.url || (req.url !== '/metrics' && !req.url.startsWith('/metrics?'))) return false;
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain' }).end('Method not allowed: GET /metrics\n');
      return true;
    }
    const body = await this.registry.metrics();
    res.writeHead(200, { 'content-type': this.registry.contentType }).end(req.method === 'HEAD' ? undefined : body);
    return true;
  }
}

/** The value of wecom_gateway_breaker_state for each state. */
export const BREAKER_STATE_VALUE: Record<BreakerState, number> = { closed: 0, 'half-open': 1, open: 2 };

