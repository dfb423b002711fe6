import type { AppIdentity } from './app-identity';
import { CALENDAR_LIMITS } from './calendar-rules';
import type { CallbackEvent } from './callback-events';
import { SCHEDULE_LIMITS, byteLength } from './schedule-rules';
import type { ScheduleStore } from './schedule-store';
import type { WireSchedule } from './wire-schedule';

/**
 * The data part of what a person does in the WeCom app (WECOM.md 5): each change is a write like an API write
 * (a schedule takes the next sequence), and yields the event WeCom then sends to the owning app's callback URL.
 */

/** Why an action was refused: bad input, an unknown id, or a state that does not allow it (cancelled, deleted). */
export class UserActionError extends Error {
  constructor(
    readonly reason: 'invalid' | 'not-found' | 'conflict',
    message: string,
  ) {
    super(message);
    this.name = 'UserActionError';
  }
}

export interface UserActionOptions {
  /** Who acts (FromUserName). @default the schedule's or calendar's first admin, else its first attendee, else 'wecom-user' */
  userId?: string;
  /** Change the data without calling back (a change only reconciliation can find). @default false */
  silently?: boolean;
}

export interface ModifyScheduleAction extends UserActionOptions {
  scheduleId: string;
  summary?: string;
  description?: string;
  location?: string;
  /** Unix seconds. */
  startTime?: number;
  /** Unix seconds. */
  endTime?: number;
}

export interface CancelScheduleAction extends UserActionOptions {
  scheduleId: string;
}

export type ScheduleAnswer = 'accept' | 'tentative' | 'decline';

export interface RespondScheduleAction {
  scheduleId: string;
  /** The attendee who answers (FromUserName). */
  userId: string;
  response: ScheduleAnswer;
  silently?: boolean;
}

export interface ModifyCalendarAction extends UserActionOptions {
  calId: string;
  summary?: string;
  description?: string;
  /** '#RRGGBB'. */
  color?: string;
}

export interface DeleteCalendarAction extends UserActionOptions {
  calId: string;
}

/** A change made: whose callback URL hears of it, and what it hears. */
export interface UserChange {
  owner: AppIdentity;
  event: CallbackEvent;
}

export const DEFAULT_ACTING_USER = 'wecom-user';

/** WeCom's response_status values for the answers a person gives in the app. */
const RESPONSE_STATUS: Readonly<Record<ScheduleAnswer, number>> = { tentative: 1, accept: 2, decline: 4 };
const COLOR = /^#[0-9A-Fa-f]{6}$/;
const MAX_UINT32 = 0xffffffff;

/** Edits fields of a live schedule (all occurrences) → modify_schedule. */
export function modifySchedule(store: ScheduleStore, action: ModifyScheduleAction): UserChange {
  const { schedule, owner } = liveSchedule(store, action.scheduleId);
  const edits = {
    summary: optionalText(action.summary, 'summary', SCHEDULE_LIMITS.summaryChars),
    description: optionalText(action.description, 'description', SCHEDULE_LIMITS.descriptionChars),
    location: optionalText(action.location, 'location', SCHEDULE_LIMITS.locationChars),
    start_time: optionalTime(action.startTime, 'startTime'),
    end_time: optionalTime(action.endTime, 'endTime'),
  };
  const changed = Object.fromEntries(Object.entries(edits).filter(([, value]) => value !== undefined));
  if (Object.keys(changed).length === 0) {
    throw new UserActionError('invalid', 'nothing to modify: give summary, description, location, startTime or endTime');
  }
  const next: WireSchedule = { ...schedule, ...changed };
  if (next.end_time < next.start_time) throw new UserActionError('invalid', 'endTime is before startTime');
  const fromUserName = actingUser(action.userId, schedule.admins[0] ?? schedule.attendees[0]?.userid);
  store.save(owner, next);
  return { owner, event: { event: 'modify_schedule', calId: schedule.cal_id, scheduleId: schedule.schedule_id, fromUserName } };
}

/** Cancels a live schedule (status 1, like schedule/del) → delete_schedule. */
export function cancelSchedule(store: ScheduleStore, action: CancelScheduleAction): UserChange {
  const { schedule, owner } = liveSchedule(store, action.scheduleId);
  const fromUserName = actingUser(action.userId, schedule.admins[0] ?? schedule.attendees[0]?.userid);
  store.save(owner, { ...schedule, status: 1 });
  return { owner, event: { event: 'delete_schedule', calId: schedule.cal_id, scheduleId: schedule.schedule_id, fromUserName } };
}

/** An attendee accepts, declines or answers tentatively → respond_schedule (FromUserName = the attendee). */
export function respondToSchedule(store: ScheduleStore, action: RespondScheduleAction): UserChange {
  const { schedule, owner } = liveSchedule(store, action.scheduleId);
  if (action.userId === undefined) throw new UserActionError('invalid', 'userId (the attendee who answers) is required');
  const userId = actingUser(action.userId, undefined);
  if (!Object.hasOwn(RESPONSE_STATUS, action.response)) {
    throw new UserActionError('invalid', 'response must be accept, tentative or decline');
  }
  const status = RESPONSE_STATUS[action.response];
  if (!schedule.attendees.some((attendee) => attendee.userid === userId)) {
    throw new UserActionError('not-found', `${userId} is not an attendee of schedule ${schedule.schedule_id}`);
  }
  store.setResponse(schedule.schedule_id, userId, status);
  return { owner, event: { event: 'respond_schedule', calId: schedule.cal_id, scheduleId: schedule.schedule_id, fromUserName: userId } };
}

/** Edits a live calendar's summary, description or color → modify_calendar. */
export function modifyCalendar(store: ScheduleStore, action: ModifyCalendarAction): UserChange {
  const { calId, owner, admins } = liveCalendar(store, action.calId);
  const summary = optionalText(action.summary, 'summary', CALENDAR_LIMITS.summaryChars);
  if (summary === '') throw new UserActionError('invalid', 'summary must not be empty');
  const description = optionalText(action.description, 'description', CALENDAR_LIMITS.descriptionChars);
  const color = optionalText(action.color, 'color', 7);
  if (color !== undefined && !COLOR.test(color)) throw new UserActionError('invalid', 'color must be #RRGGBB');
  if (summary === undefined && description === undefined && color === undefined) {
    throw new UserActionError('invalid', 'nothing to modify: give summary, description or color');
  }
  const fromUserName = actingUser(action.userId, admins[0]);
  const fields = store.calendars.owned(owner, calId).fields;
  store.calendars.replace(calId, {
    ...fields,
    summary: summary ?? fields.summary,
    description: description ?? fields.description,
    color: color ?? fields.color,
  });
  return { owner, event: { event: 'modify_calendar', calId, fromUserName } };
}

/** Deletes a live calendar (like calendar/del: its schedules stay readable) → delete_calendar. */
export function deleteCalendar(store: ScheduleStore, action: DeleteCalendarAction): UserChange {
  const { calId, owner, admins } = liveCalendar(store, action.calId);
  const fromUserName = actingUser(action.userId, admins[0]);
  store.calendars.markDeleted(calId);
  return { owner, event: { event: 'delete_calendar', calId, fromUserName } };
}

function liveSchedule(store: ScheduleStore, scheduleId: unknown): { schedule: WireSchedule; owner: AppIdentity } {
  const id = requiredId(scheduleId, 'scheduleId');
  const schedule = store.peek(id);
  const owner = store.ownerOf(id);
  if (!schedule || !owner) throw new UserActionError('not-found', `no schedule ${id}`);
  if (schedule.status === 1) throw new UserActionError('conflict', `schedule ${id} is cancelled`);
  if (!store.calendars.liveOwnerOf(schedule.cal_id)) {
    throw new UserActionError('conflict', `the calendar of schedule ${id} is deleted`);
  }
  return { schedule, owner };
}

function liveCalendar(store: ScheduleStore, calId: unknown): { calId: string; owner: AppIdentity; admins: string[] } {
  const id = requiredId(calId, 'calId');
  const owner = store.calendars.liveOwnerOf(id);
  if (!owner) {
    if (store.calendars.isKnown(id)) throw new UserActionError('conflict', `calendar ${id} is deleted`);
    throw new UserActionError('not-found', `no calendar ${id}`);
  }
  return { calId: id, owner, admins: store.calendars.peek(id)!.admins };
}

function requiredId(value: unknown, name: string): string {
  if (typeof value !== 'string' || value === '' || value.length > 128) {
    throw new UserActionError('invalid', `${name} must be a non-empty string of at most 128 characters`);
  }
  return value;
}

/** A userid as WeCom allows it (1..64 bytes), without control characters (it goes into the event's XML). */
function actingUser(given: unknown, fallback: string | undefined): string {
  if (given === undefined) return fallback ?? DEFAULT_ACTING_USER;
  if (typeof given !== 'string' || byteLength(given) < 1 || byteLength(given) > SCHEDULE_LIMITS.userIdBytes || /\p{Cc}/u.test(given)) {
    throw new UserActionError('invalid', `userId must be 1..${SCHEDULE_LIMITS.userIdBytes} bytes without control characters`);
  }
  return given;
}

function optionalText(value: unknown, name: string, maxChars: number): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || [...value].length > maxChars) {
    throw new UserActionError('invalid', `${name} must be a string of at most ${maxChars} characters`);
  }
  return value;
}

function optionalTime(value: unknown, name: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > MAX_UINT32) {
    throw new UserActionError('invalid', `${name} must be unix seconds (an integer 0..${MAX_UINT32})`);
  }
  return value;
}
