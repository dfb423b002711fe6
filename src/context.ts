import type { Logger } from 'pino';
import { WeComScheduleApi } from './datasources/wecom/schedule-api';
import { ScheduleLoader, createScheduleLoader } from './loaders/schedule-loader';
import { ScheduleService } from './services/schedule-service';

/** Per-request state: loaders must not outlive a request, or one caller's reads would serve another's. */
export interface GatewayContext {
  scheduleById: ScheduleLoader;
  schedules: ScheduleService;
}

/** Builds each request's context over the process-wide WeCom API (which holds the shared token and agent). */
export function createContextFactory(api: WeComScheduleApi, logger: Logger): () => Promise<GatewayContext> {
  return async () => {
    const scheduleById = createScheduleLoader(api);
    return { scheduleById, schedules: new ScheduleService(api, scheduleById, logger) };
  };
}
