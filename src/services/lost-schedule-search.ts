import { Schedule, ScheduleFields, ScheduleStatus } from '../domain/schedule';
import { GET_BY_CALENDAR_MAX_LIMIT, WeComScheduleApi } from '../datasources/wecom/schedule-api';
import { asSet } from './create-fingerprints';

/**
 * Pages of get_by_calendar one search may read: with the schedule/get that completes the match,
 * 9 calls, within the default MAX_WECOM_CALLS_PER_REQUEST of 10. So calendars of up to 8,000 schedules
 * are searched whole.
 */
export const LOST_SCHEDULE_SEARCH_MAX_PAGES = 8;

export type LostScheduleSearch =
  | { outcome: 'found'; schedule: Schedule }
  /** Searched the whole calendar: no such schedule (or several alike, which cannot be told apart). */
  | { outcome: 'not-found' | 'ambiguous' }
  /** Could not search: no calendar id (the app's default calendar has no id the gateway knows), or too big. */
  | { outcome: 'cannot-search'; reason: string };

/**
 * Looks for the schedule a create whose answer was lost would have made: an active schedule of the
 * calendar with the same summary, description, location, start, end, admins and attendees (as sets).
 * get_by_calendar items leave out is_whole_day and reminder offsets, so those are not compared.
 * It cannot tell the create from an identical schedule made otherwise: exactly one match counts as
 * found, several as ambiguous.
 */
export async function searchLostSchedule(api: WeComScheduleApi, fields: ScheduleFields): Promise<LostScheduleSearch> {
  if (!fields.calendarId) {
    return { outcome: 'cannot-search', reason: 'the schedule went to the app’s default calendar, whose id WeCom does not tell' };
  }
  const wanted = comparable(fields);
  const matches: Schedule[] = [];
  for (let page = 0; page < LOST_SCHEDULE_SEARCH_MAX_PAGES; page += 1) {
    const offset = page * GET_BY_CALENDAR_MAX_LIMIT;
    const { schedules } = await api.getSchedulesByCalendar(fields.calendarId, offset, GET_BY_CALENDAR_MAX_LIMIT);
    for (const schedule of schedules) {
      if (schedule.status === ScheduleStatus.ACTIVE && comparable(schedule) === wanted) matches.push(schedule);
    }
    if (schedules.length < GET_BY_CALENDAR_MAX_LIMIT) return verdict(matches);
  }
  return { outcome: 'cannot-search', reason: `the calendar holds more than ${LOST_SCHEDULE_SEARCH_MAX_PAGES * GET_BY_CALENDAR_MAX_LIMIT} schedules` };
}

function verdict(matches: Schedule[]): LostScheduleSearch {
  if (matches.length === 1) return { outcome: 'found', schedule: matches[0] };
  return { outcome: matches.length === 0 ? 'not-found' : 'ambiguous' };
}

type Comparable = Pick<ScheduleFields, 'summary' | 'description' | 'location' | 'startTime' | 'endTime' | 'admins'>;

function comparable(schedule: Comparable & ({ attendeeIds: string[] } | Pick<Schedule, 'attendees'>)): string {
  const attendeeIds = 'attendeeIds' in schedule ? schedule.attendeeIds : schedule.attendees.map((a) => a.userId);
  return JSON.stringify([
    schedule.summary ?? '',
    schedule.description ?? '',
    schedule.location ?? '',
    schedule.startTime.getTime(),
    schedule.endTime.getTime(),
    asSet(schedule.admins),
    asSet(attendeeIds),
  ]);
}
