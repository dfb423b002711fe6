import { Calendar } from '../domain/calendar';
import { Schedule } from '../domain/schedule';
import { WeComCalendarApi } from '../datasources/wecom/calendar-api';
import { WeComScheduleApi } from '../datasources/wecom/schedule-api';

export type ReadKind = 'schedule' | 'calendar';

/** One request's reads: its WeCom endpoints (its caller's budget and metrics) and whether it wants a fresh read. */
export interface ReadRequest {
  /** Whose request it is: a call shared between requests counts against the budget of the caller it is made for. */
  caller: string;
  scheduleApi: Pick<WeComScheduleApi, 'getSchedules'>;
  calendarApi: Pick<WeComCalendarApi, 'getCalendars'>;
  /** The caller asked for WeCom's current state (`Cache-Control: no-cache`): no cached copy may answer. */
  fresh: boolean;
}

/**
 * Where the requests' look-ups by id go (each request's DataLoader batches its own ids first). Straight
 * to WeCom by default; a process-wide layer may share calls between requests and cache answers, as long
 * as each request gets only what it asked for and nothing read before a write is served after it.
 */
export interface GatewayReads {
  /** The schedules WeCom has among `ids` (at most 1,000), in any order; missing ids are left out. */
  schedules(ids: readonly string[], request: ReadRequest): Promise<Schedule[]>;
  /** The calendars WeCom has among `ids` (at most 1,000). */
  calendars(ids: readonly string[], request: ReadRequest): Promise<Calendar[]>;
  /**
   * A write to this schedule or calendar succeeded (or may have): called before the write is answered,
   * so that no read that started before it is served after it, on this instance or (with a shared cache) any.
   */
  written(kind: ReadKind, id: string): Promise<void>;
  close(): Promise<void>;
}

/** No sharing, no cache: every request's batch is its own WeCom call. */
export const DIRECT_READS: GatewayReads = {
  schedules: (ids, request) => request.scheduleApi.getSchedules(ids),
  calendars: (ids, request) => request.calendarApi.getCalendars(ids),
  written: async () => undefined,
  close: async () => undefined,
};

/** `Cache-Control: no-cache` (or `no-store`, `max-age=0`) on a request: the caller wants WeCom's current state. */
export function wantsFreshRead(cacheControl: string | string[] | undefined): boolean {
  const value = Array.isArray(cacheControl) ? cacheControl.join(',') : cacheControl;
  if (!value || value.length > 1024) return false;
  return value
    .toLowerCase()
    .split(',')
    .map((directive) => directive.trim())
    .some((directive) => directive === 'no-cache' || directive === 'no-store' || /^max-age\s*=\s*0$/.test(directive));
}
