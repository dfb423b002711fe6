import type { Logger } from 'pino';
import { WeComCalendarApi } from './datasources/wecom/calendar-api';
import { WeComScheduleApi } from './datasources/wecom/schedule-api';
import { CalendarLoader, createCalendarLoader } from './loaders/calendar-loader';
import { ScheduleLoader, createScheduleLoader } from './loaders/schedule-loader';
import { CalendarService } from './services/calendar-service';
import { ScheduleService } from './services/schedule-service';

/** Per-request state: loaders must not outlive a request, or one caller's reads would serve another's. */
export interface GatewayContext {
  scheduleById: ScheduleLoader;
  calendarById: CalendarLoader;
  schedules: ScheduleService;
  calendars: CalendarService;
  /** For paged reads (Calendar.schedules), which have no loader. */
  scheduleApi: WeComScheduleApi;
}

export interface WeComApis {
  schedules: WeComScheduleApi;
  calendars: WeComCalendarApi;
}

/** Builds each request's context over the process-wide WeCom APIs (which hold the shared token and agent). */
export function createContextFactory(apis: WeComApis, logger: Logger): () => Promise<GatewayContext> {
  return async () => {
    const scheduleById = createScheduleLoader(apis.schedules);
    const calendarById = createCalendarLoader(apis.calendars);
    return {
      scheduleById,
      calendarById,
      schedules: new ScheduleService(apis.schedules, scheduleById, logger),
      calendars: new CalendarService(apis.calendars, calendarById, logger),
      scheduleApi: apis.schedules,
    };
  };
}
