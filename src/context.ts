import type { IncomingMessage } from 'node:http';
import type { Logger } from 'pino';
import { ANONYMOUS_CALLER, Caller } from './callers/caller';
import { createResourceLock } from './coordination/lock-resource';
import { MemoryLockStore } from './coordination/lock-memory-store';
import { LockStore } from './coordination/lock-types';
import { WeComCalendarApi } from './datasources/wecom/calendar-api';
import { WeComScheduleApi } from './datasources/wecom/schedule-api';
import { WeComClient } from './datasources/wecom/wecom-client';
import { CalendarLoader, createCalendarLoader } from './loaders/calendar-loader';
import { ScheduleLoader, createScheduleLoader } from './loaders/schedule-loader';
import { MemoryIdempotencyStore } from './coordination/idempotency-memory-store';
import { CalendarService } from './services/calendar-service';
import { IdempotencySettings } from './services/idempotency-guard';
import { IdempotentCreates } from './services/idempotent-create';
import { ScheduleService } from './services/schedule-service';
import { requestRecordOf } from './observability/request-record';
import type { LockWaitObserver } from './coordination/lock-resource';
import { ChangeFeed } from './sync/sync-feed';
import { DIRECT_READS, GatewayReads, ReadKind, ReadRequest, wantsFreshRead } from './reads/gateway-reads';
import { WriteEffects } from './services/write-effects';
import { ChangeFeedStore } from './sync/feed/change-feed-store';

/** Per-request state: loaders must not outlive a request, or one caller's reads would serve another's. */
export interface GatewayContext {
  /** Who is calling (API.md, "Callers"); `anonymous` with AUTH=none. */
  caller: Caller;
  /** The WeCom app this request acts for (corp id + agent id): the key of all shared state. */
  appKey: string;
  scheduleById: ScheduleLoader;
  calendarById: CalendarLoader;
  schedules: ScheduleService;
  calendars: CalendarService;
  /** createSchedule / createCalendar with an optional idempotency key. */
  creates: IdempotentCreates;
  /** For paged reads (Calendar.schedules), which have no loader. */
  scheduleApi: WeComScheduleApi;
  /** The change feed (scheduleChanges, scheduleChanged). */
  changes: ChangeFeedStore;
}

export interface ContextFactoryOptions {
  client: WeComClient;
  appKey: string;
  logger: Logger;
  /** Who sent the request; throws (UNAUTHENTICATED) before anything runs. @default everyone is anonymous */
  authenticate?: (req: IncomingMessage) => Promise<Caller>;
  /** Per-resource write locks, created once per process (Redis with CACHE_URL). @default in process */
  locks?: LockStore;
  /** How long a write waits for its resource's lock before CONFLICT. @default 10000 */
  lockWaitMs?: number;
  /** Where idempotency keys are remembered. @default in process memory, 35 s lease, 21 s wait (for a 10 s WeCom timeout) */
  idempotency?: IdempotencySettings;
  /** Told how long each write waited for its lock (metrics). */
  onLockWait?: LockWaitObserver;
  /** Where writes are recorded and changes read. */
  feed: ChangeFeed;
  /** Where look-ups by id go: straight to WeCom, or shared between requests and cached. @default DIRECT_READS */
  reads?: GatewayReads;
  /** Told of the calendars reads find (reconciliation watches them). */
  onCalendarSeen?: (calendarId: string) => void;
}

/** Where a context's WeCom calls and log lines are tallied: an HTTP request's record, or one subscription event's. */
export interface ContextOrigin {
  /** Names every log line of this operation (the access line's requestId, or a subscription's id). */
  requestId?: string;
  /** Counts the WeCom attempts sent for it. */
  stats?: { wecomCalls: number };
  /** The caller asked for WeCom's current state, bypassing cached copies (`Cache-Control: no-cache`). */
  fresh?: boolean;
}

/** A context for a caller already authenticated (a WebSocket connection's, once per subscription event). */
export type CallerContextFactory = (caller: Caller, origin?: ContextOrigin) => GatewayContext;

/**
 * Builds each request's context: the caller first (so an unauthenticated request runs nothing), then
 * the WeCom endpoint classes bound to that caller over the process-wide client (shared token, pool).
 */
export function createContextFactory(options: ContextFactoryOptions): ContextFactory {
  const authenticate = options.authenticate ?? (async () => ANONYMOUS_CALLER);
  const forCaller = createCallerContextFactory(options);
  const forRequest = async (req: IncomingMessage) => {
    const caller = await authenticate(req);
    const record = requestRecordOf(req);
    return forCaller(caller, { requestId: record?.id, stats: record, fresh: wantsFreshRead(req.headers['cache-control']) });
  };
  return Object.assign(forRequest, { forCaller });
}

/** An HTTP request's context (authenticating it), and `forCaller` for transports that authenticated already. */
export type ContextFactory = ((req: IncomingMessage) => Promise<GatewayContext>) & { forCaller: CallerContextFactory };

/** The context of an authenticated caller: fresh loaders and services over the process-wide client. */
function createCallerContextFactory(options: Omit<ContextFactoryOptions, 'authenticate'>): CallerContextFactory {
  const { client, appKey, logger } = options;
  const reads = options.reads ?? DIRECT_READS;
  const locks = createResourceLock({ store: options.locks ?? new MemoryLockStore(), appKey, waitMs: options.lockWaitMs ?? 10_000, onWait: options.onLockWait });
  const idempotency = options.idempotency ?? { store: new MemoryIdempotencyStore(), leaseMs: 35_000, waitMs: 21_000 };
  return (caller, origin = {}) => {
    const calls = client.forCaller({ caller: caller.name, requestStats: origin.stats });
    const scheduleApi = new WeComScheduleApi(calls);
    const calendarApi = new WeComCalendarApi(calls);
    const request: ReadRequest = { caller: caller.name, scheduleApi, calendarApi, fresh: origin.fresh ?? false };
    const scheduleById = createScheduleLoader({ getSchedules: (ids) => reads.schedules(ids, request) }, { onCalendarSeen: options.onCalendarSeen });
    const calendarById = createCalendarLoader({ getCalendars: (ids) => reads.calendars(ids, request) }, { onCalendarSeen: options.onCalendarSeen });
    // The write side is built on first use: most operations only read, and need none of it.
    const writeSide = once((): WriteSide => {
      // Every line logged for this operation names its caller.
      const requestLogger = logger.child({ caller: caller.name, requestId: origin.requestId });
      // Writes read WeCom's current state, never a cached copy: a patch merged into an older state would undo
      // a change made in WeCom meanwhile, and the feed records what these reads find.
      const forWrites: ReadRequest = { ...request, fresh: true };
      const scheduleForWrite = createScheduleLoader({ getSchedules: (ids) => reads.schedules(ids, forWrites) }, { onCalendarSeen: options.onCalendarSeen });
      const calendarForWrite = createCalendarLoader({ getCalendars: (ids) => reads.calendars(ids, forWrites) }, { onCalendarSeen: options.onCalendarSeen });
      const written = (kind: ReadKind, id: string) => {
        (kind === 'schedule' ? scheduleById : calendarById).clear(id); // later fields of this operation see the write
        return reads.written(kind, id);
      };
      const effects: WriteEffects = { changes: options.feed.recorder.forCaller(caller.name), written };
      const schedules = new ScheduleService(scheduleApi, scheduleForWrite, requestLogger, locks, effects);
      const calendars = new CalendarService(calendarApi, calendarForWrite, requestLogger, locks, effects);
      const creates = new IdempotentCreates({
        settings: idempotency,
        appKey,
        callerName: caller.name,
        schedules,
        calendars,
        scheduleApi,
        logger: requestLogger,
      });
      return { schedules, calendars, creates };
    });
    return new RequestContext(caller, appKey, scheduleById, calendarById, scheduleApi, options.feed.store, writeSide);
  };
}

type WriteSide = Pick<GatewayContext, 'schedules' | 'calendars' | 'creates'>;

/**
 * A request's context whose write services are built when a resolver first asks for them. The getters
 * live on the prototype: Apollo clones the context value (Object.assign onto Object.create(prototype)),
 * which would call own getters eagerly; the clone shares `writeSide`, so both build it at most once.
 */
class RequestContext implements GatewayContext {
  constructor(
    readonly caller: Caller,
    readonly appKey: string,
    readonly scheduleById: ScheduleLoader,
    readonly calendarById: CalendarLoader,
    readonly scheduleApi: WeComScheduleApi,
    readonly changes: ChangeFeedStore,
    private readonly writeSide: () => WriteSide,
  ) {}

  get schedules(): ScheduleService {
    return this.writeSide().schedules;
  }

  get calendars(): CalendarService {
    return this.writeSide().calendars;
  }

  get creates(): IdempotentCreates {
    return this.writeSide().creates;
  }
}

function once<T>(build: () => T): () => T {
  let built: { value: T } | undefined;
  return () => (built ??= { value: build() }).value;
}
