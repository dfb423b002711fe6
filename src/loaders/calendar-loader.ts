import DataLoader from 'dataloader';
import { Calendar } from '../domain/calendar';
import { CALENDAR_GET_MAX_IDS, WeComCalendarApi } from '../datasources/wecom/calendar-api';

export type CalendarLoader = DataLoader<string, Calendar | null>;

/** Calendars by id for one request: all look-ups (calendar, calendars, Schedule.calendar, _entities) in one calendar/get per 1,000 ids. */
export function createCalendarLoader(
  api: Pick<WeComCalendarApi, 'getCalendars'>,
  options: { cache?: boolean; maxBatchSize?: number; onCalendarSeen?: (calendarId: string) => void } = {},
): CalendarLoader {
  return new DataLoader<string, Calendar | null>(
    async (ids) => {
      const found = await api.getCalendars(ids);
      if (options.onCalendarSeen) for (const calendar of found) options.onCalendarSeen(calendar.id);
      const byId = new Map(found.map((calendar) => [calendar.id, calendar]));
      return ids.map((id) => byId.get(id) ?? null);
    },
    { maxBatchSize: options.maxBatchSize ?? CALENDAR_GET_MAX_IDS, cache: options.cache ?? true },
  );
}
