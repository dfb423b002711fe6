import type { IncomingMessage } from 'node:http';
import type { Logger } from 'pino';
import { ANONYMOUS_CALLER, Caller } from './callers/caller';
import { WeComCalendarApi } from './datasources/wecom/calendar-api';
import { WeComScheduleApi } from './datasources/wecom/schedule-api';
import { WeComClient } from './datasources/wecom/wecom-client';
import { CalendarLoader, createCalendarLoader } from './loaders/calendar-loader';
import { ScheduleLoader, createScheduleLoader } from './loaders/schedule-loader';
import { CalendarService } from './services/calendar-service';
import { ScheduleService } from './services/schedule-service';

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
  /** For paged reads (Calendar.schedules), which have no loader. */
  scheduleApi: WeComScheduleApi;
}

export interface ContextFactoryOptions {
  client: WeComClient;
  appKey: string;
  logger: Logger;
  /** Who sent the request; throws (UNAUTHENTICATED) before anything runs. @default everyone is anonymous */
  authenticate?: (req: IncomingMessage) => Promise<Caller>;
}

/**
 * Builds each request's context: the caller first (so an unauthenticated request runs nothing), then
 * the WeCom endpoint classes bound to that caller over the process-wide client (shared token, pool).
 */
export function createContextFactory(options: ContextFactoryOptions): (req: IncomingMessage) => Promise<GatewayContext> {
  const { client, appKey, logger } = options;
  const authenticate = options.authenticate ?? (async () => ANONYMOUS_CALLER);
  return async (req) => {
    const caller = await authenticate(req);
    // Every line logged for this request names its caller.
    const requestLogger = logger.child({ caller: caller.name });
    const calls = client.forCaller({ caller: caller.name });
    const scheduleApi = new WeComScheduleApi(calls);
    const calendarApi = new WeComCalendarApi(calls);
    const scheduleById = createScheduleLoader(scheduleApi);
    const calendarById = createCalendarLoader(calendarApi);
    return {
      caller,
      appKey,
      scheduleById,
      calendarById,
      schedules: new ScheduleService(scheduleApi, scheduleById, requestLogger),
      calendars: new CalendarService(calendarApi, calendarById, requestLogger),
      scheduleApi,
    };
  };
}
