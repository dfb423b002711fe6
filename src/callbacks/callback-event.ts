import { createHash } from 'node:crypto';
import { ChangeKind } from '../sync/change';

/**
 * WeCom's calendar events (WECOM.md section 5) and the change kind each one is (API.md, "Which kind
 * a change is"). `add_schedule` is not in today's app-level list but in SDK constants and the
 * data-archive callbacks: accepted in case WeCom sends it.
 */
export const KIND_OF_EVENT: Readonly<Record<string, ChangeKind>> = Object.freeze({
  add_schedule: ChangeKind.SCHEDULE_CREATED,
  modify_schedule: ChangeKind.SCHEDULE_UPDATED,
  delete_schedule: ChangeKind.SCHEDULE_DELETED,
  respond_schedule: ChangeKind.ATTENDEE_RESPONDED,
  modify_calendar: ChangeKind.CALENDAR_UPDATED,
  delete_calendar: ChangeKind.CALENDAR_DELETED,
});

const SCHEDULE_EVENTS = new Set(['add_schedule', 'modify_schedule', 'delete_schedule', 'respond_schedule']);

/** One event as WeCom delivered it, decrypted and checked: what the inbox keeps. */
export interface CallbackEvent {
  event: string;
  calendarId: string;
  scheduleId: string | null;
  /** FromUserName: the member who acted. */
  userId: string;
  /** CreateTime, seconds since the epoch, as WeCom wrote it. */
  createTime: string;
}

/** Ids are WeCom's: printable, short. Anything else in a signed event is refused rather than stored. */
const ID = /^[\x21-\x7e]{1,256}$/;
const CREATE_TIME = /^\d{1,12}$/;

export type InnerParse =
  | { kind: 'event'; event: CallbackEvent }
  /** Not a calendar event this gateway handles (another MsgType, an unknown Event): answered 200 and left. */
  | { kind: 'ignored'; what: string }
  | { kind: 'invalid'; reason: string };

/** The decrypted message's fields (already parsed from its XML) as an event, or why not. */
export function eventOf(fields: Record<string, string | undefined>): InnerParse {
  const msgType = fields.MsgType;
  const name = fields.Event;
  if (msgType !== 'event') return { kind: 'ignored', what: `MsgType ${printable(msgType)}` };
  if (name === undefined || !Object.hasOwn(KIND_OF_EVENT, name)) return { kind: 'ignored', what: `Event ${printable(name)}` };
  const { CalId: calendarId, ScheduleId: scheduleId, FromUserName: userId, CreateTime: createTime } = fields;
  if (!calendarId || !ID.test(calendarId)) return { kind: 'invalid', reason: 'CalId is missing or not an id' };
  if (!userId || !ID.test(userId)) return { kind: 'invalid', reason: 'FromUserName is missing or not an id' };
  if (!createTime || !CREATE_TIME.test(createTime)) return { kind: 'invalid', reason: 'CreateTime is missing or not a number' };
  const scheduleEvent = SCHEDULE_EVENTS.has(name);
  if (scheduleEvent && (!scheduleId || !ID.test(scheduleId))) return { kind: 'invalid', reason: 'ScheduleId is missing or not an id' };
  return { kind: 'event', event: { event: name, calendarId, scheduleId: scheduleEvent ? scheduleId! : null, userId, createTime } };
}

/** Equal for a repeated delivery (API.md: Event, CalId, ScheduleId, FromUserName, CreateTime). */
export function dedupeKeyOf(event: CallbackEvent): string {
  const parts = [event.event, event.calendarId, event.scheduleId ?? '', event.userId, event.createTime];
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex');
}

/** For debug logs of what was ignored: bounded, printable. */
function printable(value: string | undefined): string {
  if (value === undefined) return '(none)';
  return JSON.stringify(value.slice(0, 40));
}
