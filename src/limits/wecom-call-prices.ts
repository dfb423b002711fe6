import { ATTENDEES_PER_CALL, GET_BY_CALENDAR_MAX_LIMIT, SCHEDULE_GET_MAX_IDS } from '../datasources/wecom/schedule-api';
import { CALENDAR_GET_MAX_IDS } from '../datasources/wecom/calendar-api';
import { LOST_SCHEDULE_SEARCH_MAX_PAGES } from '../services/lost-schedule-search';

/**
 * Where a selection is evaluated: `groups` batches that resolve apart (one per connection page, say),
 * of up to `perGroup` parent objects each. A loader pools the look-ups of one group into one call per
 * 1,000 ids; a connection makes one call per parent object.
 */
export interface Reach {
  groups: number;
  perGroup: number;
  /** The page size of the connection this object is (for its `edges`). */
  pageSize?: number;
}

/** Ids the root fields ask for, pooled per loader as DataLoader pools them (distinct ids). */
export interface IdPools {
  schedule: Set<string>;
  calendar: Set<string>;
}

export interface PriceInput {
  args: Record<string, unknown>;
  reach: Reach;
  pools: IdPools;
}

export interface Price {
  /** WeCom calls this field plans, besides the ids it adds to the pools. */
  calls: number;
  /** Where the field's own selection is evaluated; by concrete type for abstract results. */
  child: Reach;
  childByType?: Record<string, Reach>;
}

export type FieldPricer = (input: PriceInput) => Price;

/** A list whose size the schema does not bound: WeCom's usual cap, so nesting under it still multiplies. */
export const UNKNOWN_LIST_SIZE = 1000;

const ONE: Reach = { groups: 1, perGroup: 1 };
const perCall = (count: number, max: number): number => Math.ceil(count / max);
const objects = (reach: Reach): number => reach.groups * reach.perGroup;

function pooled(pool: Set<string>, ids: unknown[]): Reach {
  for (const id of ids) if (typeof id === 'string') pool.add(id);
  return { groups: 1, perGroup: ids.length };
}

/** _entities: Schedule and Calendar representations join the loaders' pools (1,000 ids per call). */
function entities({ args, pools }: PriceInput): Price {
  const representations = Array.isArray(args.representations) ? args.representations : [];
  const byType: Record<string, unknown[]> = { Schedule: [], Calendar: [] };
  for (const representation of representations) {
    const { __typename: typeName, id } = (representation ?? {}) as { __typename?: unknown; id?: unknown };
    if (typeName === 'Schedule' || typeName === 'Calendar') byType[typeName].push(id);
  }
  return {
    calls: 0,
    child: ONE,
    childByType: { Schedule: pooled(pools.schedule, byType.Schedule), Calendar: pooled(pools.calendar, byType.Calendar) },
  };
}

/**
 * One get_by_calendar call per page, plus the one batched schedule/get that completes a page whose
 * items lack fields (src/services/schedule-pages.ts: WeCom's documented items always do).
 */
function calendarSchedules({ args, reach }: PriceInput): Price {
  const first = typeof args.first === 'number' ? Math.max(0, Math.min(args.first, GET_BY_CALENDAR_MAX_LIMIT)) : 0;
  const pages = objects(reach);
  const callsPerPage = first === 0 ? 0 : 1 + perCall(first, SCHEDULE_GET_MAX_IDS);
  return { calls: pages * callsPerPage, child: { groups: pages, perGroup: 1, pageSize: first } };
}

/** Schedule.calendar: the calendar loader pools the schedules of one group (assumed all distinct). */
function scheduleCalendar({ reach }: PriceInput): Price {
  return { calls: reach.groups * perCall(reach.perGroup, CALENDAR_GET_MAX_IDS), child: reach };
}

const distinctCount = (values: unknown): number => (Array.isArray(values) ? new Set(values).size : 0);

/** Read the schedule, the attendee calls of 1,000 each, read it back (src/services/attendee-changes.ts). */
function attendeeChange({ args }: PriceInput): Price {
  return { calls: 1 + Math.max(1, perCall(distinctCount(args.userIds), ATTENDEES_PER_CALL)) + 1, child: ONE };
}

const fixed =
  (calls: number): FieldPricer =>
  () => ({ calls, child: ONE });

const scoped =
  (whole: number, scopedCalls: number): FieldPricer =>
  ({ args }) => ({ calls: args.scope === undefined || args.scope === 'ALL' ? whole : scopedCalls, child: ONE });

/**
 * The WeCom calls each field of the schema can plan (API.md, "Limits"), read from the services:
 * retries and gettoken do not count. Fields not listed cost nothing themselves.
 */
export const FIELD_PRICES: Record<string, FieldPricer> = {
  'Query.schedule': ({ args, pools }) => ({ calls: 0, child: pooled(pools.schedule, [args.id]) }),
  'Query.schedules': ({ args, pools }) => ({ calls: 0, child: pooled(pools.schedule, asList(args.ids)) }),
  'Query.calendar': ({ args, pools }) => ({ calls: 0, child: pooled(pools.calendar, [args.id]) }),
  'Query.calendars': ({ args, pools }) => ({ calls: 0, child: pooled(pools.calendar, asList(args.ids)) }),
  'Query._entities': entities,
  'Calendar.schedules': calendarSchedules,
  'ScheduleConnection.edges': ({ reach }) => ({
    calls: 0,
    child: { groups: reach.groups, perGroup: reach.perGroup * (reach.pageSize ?? UNKNOWN_LIST_SIZE) },
  }),
  'Schedule.calendar': scheduleCalendar,
  // schedule/add, then the read-back; with an idempotency key, a retry after a lost answer may
  // search the calendar instead (pages of get_by_calendar, then one schedule/get), never adding.
  'Mutation.createSchedule': ({ args }) => ({
    calls: args.idempotencyKey == null ? 2 : Math.max(2, LOST_SCHEDULE_SEARCH_MAX_PAGES + 1),
    child: ONE,
  }),
  // Read, update, read back; a split (a scope other than ALL) also reads the original again for the change feed.
  'Mutation.updateSchedule': scoped(3, 4),
  // schedule/del, then the read for the change feed; a scoped delete reads the schedule first to check the occurrence.
  'Mutation.deleteSchedule': scoped(2, 3),
  'Mutation.addScheduleAttendees': attendeeChange,
  'Mutation.removeScheduleAttendees': attendeeChange,
  'Mutation.createCalendar': fixed(2),
  'Mutation.updateCalendar': fixed(3),
  'Mutation.deleteCalendar': fixed(1),
};

function asList(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [value];
}
