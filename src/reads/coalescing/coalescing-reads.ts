import { Calendar } from '../../domain/calendar';
import { Schedule } from '../../domain/schedule';
import { CALENDAR_GET_MAX_IDS } from '../../datasources/wecom/calendar-api';
import { SCHEDULE_GET_MAX_IDS } from '../../datasources/wecom/schedule-api';
import { GatewayReads, ReadKind } from '../gateway-reads';
import { SharedCalls } from './shared-calls';

export interface CoalescingSettings {
  /** READ_COALESCE_WINDOW_MS: how long a new call gathers ids; 0: until the end of the event-loop turn. */
  windowMs: number;
  /** READ_COALESCE_MAX_CALLS: calls in flight per API (schedule/get, calendar/get) at once. */
  maxCallsInFlight: number;
  /** WECOM_TIMEOUT_MS: each look-up's own deadline (plus LOOKUP_DEADLINE_GRACE_MS). */
  lookupTimeoutMs: number;
}

/**
 * A look-up's deadline comes this long after WECOM_TIMEOUT_MS: the call a request opened itself then
 * ends by its own timeout first (its error and the circuit breaker's count as without coalescing).
 */
export const LOOKUP_DEADLINE_GRACE_MS = 250;

/** Told of each call the layer makes and of look-ups starting and ending to wait (metrics). */
export interface CoalescingObserver {
  call(kind: ReadKind, ids: number, lookups: number): void;
  waiting(kind: ReadKind, delta: 1 | -1): void;
}

const observerOf = (kind: ReadKind, observer?: CoalescingObserver) =>
  observer && { call: (ids: number, lookups: number) => observer.call(kind, ids, lookups), waiting: (delta: 1 | -1) => observer.waiting(kind, delta) };

/**
 * Look-ups by id of all requests of one gateway (one WeCom app) share schedule/get and calendar/get
 * calls (SharedCalls says how). Process-wide: create one per gateway, and close it when stopping.
 */
export function createCoalescingReads(settings: CoalescingSettings, observer?: CoalescingObserver): GatewayReads {
  const lookupTimeoutMs = settings.lookupTimeoutMs + LOOKUP_DEADLINE_GRACE_MS;
  const common = { windowMs: settings.windowMs, maxCallsInFlight: settings.maxCallsInFlight, lookupTimeoutMs };
  const schedules = new SharedCalls<Schedule>(
    (ids, request) => request.scheduleApi.getSchedules(ids),
    { ...common, maxIdsPerCall: SCHEDULE_GET_MAX_IDS, endpoint: 'oa/schedule/get' },
    observerOf('schedule', observer),
  );
  const calendars = new SharedCalls<Calendar>(
    (ids, request) => request.calendarApi.getCalendars(ids),
    { ...common, maxIdsPerCall: CALENDAR_GET_MAX_IDS, endpoint: 'oa/calendar/get' },
    observerOf('calendar', observer),
  );
  return {
    schedules: (ids, request) => schedules.load(ids, request),
    calendars: (ids, request) => calendars.load(ids, request),
    written: async (kind, id) => (kind === 'schedule' ? schedules : calendars).written(id),
    close: async () => {
      schedules.close();
      calendars.close();
    },
  };
}
