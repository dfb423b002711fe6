import type { AppIdentity } from './app-identity';
import type { AppHandler } from './schedule-routes';
import { SCHEDULE_LIMITS, attendeeUserId, invalidParameter, requiredScheduleId, type JsonObject } from './schedule-rules';
import type { ScheduleStore } from './schedule-store';
import { WeComError } from './wecom-errors';
import type { WireAttendee, WireSchedule } from './wire-schedule';

/** Incremental attendee edits (WECOM.md 4.3): the way around schedule/update's full replacement. */
export function attendeeHandlers(store: ScheduleStore): ReadonlyMap<string, AppHandler> {
  return new Map<string, AppHandler>([
    ['/cgi-bin/oa/schedule/add_attendees', (caller, body) => editAttendees(store, caller, body, addTo)],
    ['/cgi-bin/oa/schedule/del_attendees', (caller, body) => editAttendees(store, caller, body, removeFrom)],
  ]);
}

type AttendeeEdit = (current: WireAttendee[], userids: string[]) => WireAttendee[];

/**
 * `schedule/add_attendees` (doc 97721) and `schedule/del_attendees` (doc 97722): `{schedule_id, attendees}`,
 * at most 1000 per call (40058); unknown schedule → 90461, cancelled → 90460, another app's → 90466.
 * [U] A missing or empty attendees list is 40058 (the field is documented as required).
 */
function editAttendees(store: ScheduleStore, caller: AppIdentity, body: JsonObject, edit: AttendeeEdit): JsonObject {
  const scheduleId = requiredScheduleId(body);
  const userids = parseAttendeeList(body.attendees);
  const current = store.ownedSchedule(caller, scheduleId);
  if (current.status === 1) throw new WeComError(90460);
  const attendees = edit(current.attendees, userids);
  store.save(caller, { ...current, attendees } satisfies WireSchedule);
  return {};
}

/** Userids already present are ignored; newcomers start pending (0); the total stays ≤ 1000 (90464). */
function addTo(current: WireAttendee[], userids: string[]): WireAttendee[] {
  const present = new Set(current.map((attendee) => attendee.userid));
  const added = userids.filter((userid) => !present.has(userid)).map((userid) => ({ userid, response_status: 0 }));
  if (current.length + added.length > SCHEDULE_LIMITS.attendees) throw new WeComError(90464);
  return [...current, ...added];
}

/** Userids that are not attendees are ignored. */
function removeFrom(current: WireAttendee[], userids: string[]): WireAttendee[] {
  const removed = new Set(userids);
  return current.filter((attendee) => !removed.has(attendee.userid));
}

function parseAttendeeList(value: unknown): string[] {
  if (!Array.isArray(value) || value.length === 0) throw new WeComError(40058, 'missing parameter attendees');
  if (value.length > SCHEDULE_LIMITS.attendees) throw invalidParameter('attendees');
  return [...new Set(value.map((attendee) => attendeeUserId(attendee)))];
}
