import DataLoader from 'dataloader';
import { Schedule } from '../domain/schedule';
import { SCHEDULE_GET_MAX_IDS, WeComScheduleApi } from '../datasources/wecom/schedule-api';

export type ScheduleLoader = DataLoader<string, Schedule | null>;

/**
 * Schedules by id for one GraphQL request: every `schedule`, `schedules` and `_entities` look-up
 * of the operation is collected into one schedule/get call per 1,000 distinct ids.
 */
export function createScheduleLoader(
  api: Pick<WeComScheduleApi, 'getSchedules'>,
  options: {
    cache?: boolean;
    onCalendarSeen?: (calendarId: string) => void;
    /** Look-ups arriving within this many ms share a call (default: those of one tick). */
    batchWindowMs?: number;
  } = {},
): ScheduleLoader {
  return new DataLoader<string, Schedule | null>(
    async (ids) => {
      const found = await api.getSchedules(ids);
      if (options.onCalendarSeen) for (const schedule of found) if (schedule.calendarId) options.onCalendarSeen(schedule.calendarId);
      const byId = new Map(found.map((schedule) => [schedule.id, schedule]));
      return ids.map((id) => byId.get(id) ?? null);
    },
    {
      maxBatchSize: SCHEDULE_GET_MAX_IDS,
      cache: options.cache ?? true,
      ...(options.batchWindowMs ? { batchScheduleFn: (run: () => void) => void setTimeout(run, options.batchWindowMs) } : {}),
    },
  );
}
