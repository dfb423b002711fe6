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
  /** WECOM_TIMEOUT_MS: each look-up's own deadline. */
  lookupTimeoutMs: number;
}

/** Told of each call the layer makes (metrics). */
export type CoalescingObserver = (kind: ReadKind, ids: number, lookups: number) => void;

/**
 * Look-ups by id of all requests of one gateway (one WeCom app) share schedule/get and calendar/get
 * calls (SharedCalls says how). Process-wide: create one per gateway, and close it when stopping.
 */
export function createCoalescingReads(settings: CoalescingSettings, observe?: CoalescingObserver): GatewayReads {
  const common = { windowMs: settings.windowMs, maxCallsInFlight: settings.maxCallsInFlight, lookupTimeoutMs: settings.lookupTimeoutMs };
  const schedules = new SharedCalls<Schedule>(
    (ids, request) => request.scheduleApi.getSchedules(ids),
    { ...common, maxIdsPerCall: SCHEDULE_GET_MAX_IDS, endpoint: 'oa/schedule/get' },
    observe && { call: (ids, lookups) => observe('schedule', ids, lookups) },
  );
  const calendars = new SharedCalls<Calendar>(
    (ids, request) => request.calendarApi.getCalendars(ids),
    { ...common, maxIdsPerCall: CALENDAR_GET_MAX_IDS, endpoint: 'oa/calendar/get' },
    observe && { call: (ids, lookups) => observe('calendar', ids, lookups) },
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
