import type { AppIdentity } from './app-identity';
import {
  isJsonObject,
  parseFlag,
  parseOpMode,
  parseScheduleIdList,
  parseScheduleInput,
  requiredScheduleId,
  type JsonObject,
  type ScheduleInput,
} from './schedule-rules';
import type { ScheduleStore } from './schedule-store';
import { WeComError } from './wecom-errors';
import type { WireAttendee, WireExcludeTime, WireSchedule } from './wire-schedule';

/** Handles one authenticated `oa/...` call; returns the fields added next to `errcode: 0, errmsg: 'ok'`. */
export type AppHandler = (caller: AppIdentity, body: JsonObject) => JsonObject;

/** Schedule endpoints by path. Calendar and attendee endpoints are meant to be added the same way. */
export function scheduleHandlers(store: ScheduleStore): ReadonlyMap<string, AppHandler> {
  return new Map<string, AppHandler>([
    ['/cgi-bin/oa/schedule/add', (caller, body) => addSchedule(store, caller, body)],
    ['/cgi-bin/oa/schedule/update', (caller, body) => updateSchedule(store, caller, body)],
    ['/cgi-bin/oa/schedule/get', (caller, body) => getSchedules(store, caller, body)],
    ['/cgi-bin/oa/schedule/del', (caller, body) => deleteSchedule(store, caller, body)],
  ]);
}

/**
 * `schedule/add` (doc 93648/93703/96824): `{schedule, agentid?}` → `{schedule_id}`.
 * Limits: summary ≤128, description ≤1000, location ≤128 chars; admins ≤3; attendees ≤1000 (90464).
 */
function addSchedule(store: ScheduleStore, caller: AppIdentity, body: JsonObject): JsonObject {
  checkAgentId(caller, body.agentid);
  const input = parseScheduleInput(body.schedule);
  const calId = store.resolveCalendar(caller, input.calId);
  const scheduleId = store.newScheduleId();
  const attendees = input.attendeeIds.map((userid) => ({ userid, response_status: 0 }));
  store.save(caller, toWireSchedule(input, { scheduleId, calId, attendees, excludeTimes: [], status: 0 }));
  return { schedule_id: scheduleId };
}

/**
 * `schedule/update` (doc 97720/97787/97761): full replacement, not a patch. Fields not sent are cleared;
 * attendees are replaced unless `skip_attendees=1`; cal_id cannot change. → `{schedule_id}`.
 */
function updateSchedule(store: ScheduleStore, caller: AppIdentity, body: JsonObject): JsonObject {
  const skipAttendees = parseFlag(body, 'skip_attendees') === 1;
  const opMode = parseOpMode(body);
  if (!isJsonObject(body.schedule)) throw new WeComError(40058, 'missing parameter schedule');
  const scheduleId = requiredScheduleId(body.schedule);
  const input = parseScheduleInput(body.schedule);
  const current = store.ownedSchedule(caller, scheduleId);
  assertNotCancelled(current);
  rejectSplitModes(opMode, current);
  if (input.calId !== undefined && input.calId !== current.cal_id) {
    throw new WeComError(40058, 'cal_id can not be changed');
  }
  const attendees = skipAttendees ? current.attendees : keepResponses(current.attendees, input.attendeeIds);
  // [U] exclude_time_list (occurrences removed earlier) is kept across an update of all occurrences.
  const excludeTimes = current.reminders.exclude_time_list;
  store.save(caller, toWireSchedule(input, { scheduleId, calId: current.cal_id, attendees, excludeTimes, status: 0 }));
  return { schedule_id: scheduleId };
}

/**
 * `schedule/get` (doc 97724/97798/97766): `schedule_id_list` (1..1000) → `{schedule_list}` in request order.
 * Unknown ids and other apps' ids are simply absent; cancelled schedules come back with status 1.
 */
function getSchedules(store: ScheduleStore, caller: AppIdentity, body: JsonObject): JsonObject {
  const ids = parseScheduleIdList(body.schedule_id_list);
  // [U] a repeated id is returned once.
  const found = [...new Set(ids)].map((id) => store.visibleSchedule(caller, id));
  return { schedule_list: found.filter((schedule) => schedule !== undefined) };
}

/**
 * `schedule/del` (doc 97725/97799/97767), titled "cancel": only flips status to 1, the schedule stays
 * readable ([U] inferred from get returning status=1). Unknown → 90461, already cancelled → 90460.
 */
function deleteSchedule(store: ScheduleStore, caller: AppIdentity, body: JsonObject): JsonObject {
  const opMode = parseOpMode(body);
  const scheduleId = requiredScheduleId(body);
  const current = store.ownedSchedule(caller, scheduleId);
  assertNotCancelled(current);
  rejectSplitModes(opMode, current);
  store.save(caller, { ...current, status: 1 });
  return {};
}

interface ScheduleIdentity {
  scheduleId: string;
  calId: string;
  attendees: WireAttendee[];
  excludeTimes: WireExcludeTime[];
  status: number;
}

function toWireSchedule(input: ScheduleInput, identity: ScheduleIdentity): WireSchedule {
  return {
    schedule_id: identity.scheduleId,
    cal_id: identity.calId,
    admins: input.admins,
    attendees: identity.attendees,
    summary: input.summary,
    description: input.description,
    location: input.location,
    start_time: input.startTime,
    end_time: input.endTime,
    is_whole_day: input.isWholeDay,
    status: identity.status,
    reminders: { ...input.reminders, exclude_time_list: identity.excludeTimes },
  };
}

/** New attendee list; members who stay keep their response_status, newcomers start at 0 (pending). */
function keepResponses(current: WireAttendee[], userids: string[]): WireAttendee[] {
  const previous = new Map(current.map((attendee) => [attendee.userid, attendee.response_status]));
  return userids.map((userid) => ({ userid, response_status: previous.get(userid) ?? 0 }));
}

function assertNotCancelled(schedule: WireSchedule): void {
  if (schedule.status === 1) throw new WeComError(90460);
}

/** op_mode 1/2 (single occurrence / this-and-following) split a recurring schedule; not emulated yet. */
function rejectSplitModes(opMode: number, schedule: WireSchedule): void {
  if (opMode === 0) return;
  // Non-recurring schedules: 90485 as documented ("op_mode 1/2 on a non-recurring schedule → 90485").
  if (schedule.reminders.is_repeat !== 1) throw new WeComError(90485);
  // TODO: split (issue 4): recurring schedules should split and answer the new schedule_id.
  throw new WeComError(90485);
}

/**
 * `agentid` is only meaningful for legacy third-party suites. [U] An agentid that differs from the token's
 * app answers 301002 (WECOM.md 1: "app A's token on app B's agentid"); a non-integer answers 40056.
 */
function checkAgentId(caller: AppIdentity, agentid: unknown): void {
  if (agentid === undefined || agentid === null) return;
  if (typeof agentid !== 'number' || !Number.isInteger(agentid) || agentid < 0) throw new WeComError(40056);
  if (caller.agentId !== undefined && agentid !== caller.agentId) throw new WeComError(301002);
}
