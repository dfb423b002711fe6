import { Schedule } from '../domain/schedule';
import { UserInputError } from '../errors/gateway-error';
import { GET_BY_CALENDAR_MAX_LIMIT, WeComScheduleApi } from '../datasources/wecom/schedule-api';
import { ScheduleLoader } from '../loaders/schedule-loader';

export interface ScheduleEdge {
  node: Schedule;
  cursor: string;
}

export interface PageInfo {
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  startCursor: string | null;
  endCursor: string | null;
}

export interface ScheduleConnection {
  edges: ScheduleEdge[];
  pageInfo: PageInfo;
}

const CURSOR_PREFIX = 'schedule-offset:';

/** An edge's cursor is its position in the calendar (WeCom's offset), so it is stable and opaque. */
export const cursorOf = (position: number): string => Buffer.from(`${CURSOR_PREFIX}${position}`).toString('base64url');

function positionAfter(cursor: string | null | undefined): number {
  if (cursor == null) return 0;
  const digits = Buffer.from(cursor, 'base64url').toString('utf8').slice(CURSOR_PREFIX.length);
  const position = Number(digits);
  // Only cursors this connection issued: the exact encoding of a plain decimal position.
  if (!/^\d{1,15}$/.test(digits) || cursorOf(position) !== cursor) {
    throw new UserInputError('after', 'is not a cursor of this connection');
  }
  return position + 1;
}

/**
 * One Relay page of a calendar's schedules over schedule/get_by_calendar (offset/limit ≤ 1,000).
 * One extra schedule is asked for to know whether a next page exists; at the 1,000 limit that is not
 * possible, and hasNextPage is true when the page is full (the next page may then be empty).
 */
export async function pageOfCalendarSchedules(
  api: WeComScheduleApi,
  loader: ScheduleLoader,
  calendarId: string,
  first: number,
  after: string | null | undefined,
): Promise<ScheduleConnection> {
  if (!Number.isInteger(first) || first < 0 || first > GET_BY_CALENDAR_MAX_LIMIT) {
    throw new UserInputError('first', `must be 0..${GET_BY_CALENDAR_MAX_LIMIT}`);
  }
  const offset = positionAfter(after);
  const { schedules, complete } =
    first === 0
      ? { schedules: [], complete: true }
      : await api.getSchedulesByCalendar(calendarId, offset, Math.min(first + 1, GET_BY_CALENDAR_MAX_LIMIT));
  const page = schedules.slice(0, first);
  const nodes = complete ? primed(loader, page) : await completed(loader, page);
  const edges = nodes.map((node, index) => ({ node, cursor: cursorOf(offset + index) }));
  return {
    edges,
    pageInfo: {
      hasNextPage: schedules.length > first || (first === GET_BY_CALENDAR_MAX_LIMIT && page.length === first),
      hasPreviousPage: offset > 0,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}

/** Complete items: later look-ups of these schedules in the same request need no schedule/get. */
function primed(loader: ScheduleLoader, page: Schedule[]): Schedule[] {
  for (const schedule of page) loader.prime(schedule.id, schedule);
  return page;
}

/**
 * Items lacking fields: the whole schedules, one batched schedule/get per page (the item if it vanished meanwhile).
 * schedule/get carries no `sequence` (doc 97724), so the listed item's is kept.
 */
async function completed(loader: ScheduleLoader, page: Schedule[]): Promise<Schedule[]> {
  const full = await Promise.all(page.map((schedule) => loader.load(schedule.id)));
  return page.map((schedule, index) => {
    const whole = full[index];
    return whole ? { ...whole, sequence: whole.sequence ?? schedule.sequence } : schedule;
  });
}
