import { checkAgentId, type AppIdentity } from './app-identity';
import { checkScopedInput, cancelScope, coversWholeSeries, resolveScope, splitOnUpdate } from './recurring-scopes';
import { keepResponses, toScheduleDraft } from './schedule-build';
import {
  isJsonObject,
  parseFlag,
  parseOpMode,
  parsePageLimit,
  parsePageOffset,
  parseScheduleIdList,
  parseScheduleInput,
  requiredCalId,
  requiredScheduleId,
  type JsonObject,
} from './schedule-rules';
import type { ScheduleStore } from './schedule-store';
import { WeComError } from './wecom-errors';
import type { WireSchedule, WireScheduleOnGet } from './wire-schedule';

/** Handles one authenticated `oa/...` call; returns the fields added next to `errcode: 0, errmsg: 'ok'`. */
export type AppHandler = (caller: AppIdentity, body: JsonObject) => JsonObject;

/** Schedule endpoints by path (attendee edits: attendee-routes.ts, calendars: calendar-routes.ts). */
export function scheduleHandlers(store: ScheduleStore): ReadonlyMap<string, AppHandler> {
  return new Map<string, AppHandler>([
    ['/cgi-bin/oa/schedule/add', (caller, body) => addSchedule(store, caller, body)],
    ['/cgi-bin/oa/schedule/update', (caller, body) => updateSchedule(store, caller, body)],
    ['/cgi-bin/oa/schedule/get', (caller, body) => getSchedules(store, caller, body)],
    ['/cgi-bin/oa/schedule/get_by_calendar', (caller, body) => getByCalendar(store, caller, body)],
    ['/cgi-bin/oa/schedule/del', (caller, body) => deleteSchedule(store, caller, body)],
  ]);
}

/**
 * `schedule/add` (doc 93648/93703/96824): `{schedule, agentid?}` → `{schedule_id}`.
 * Limits: summary ≤128, description ≤1000, location ≤128 chars; admins ≤3; attendees ≤1000 (90464).
 * A deleted calendar answers 90459.
 */
function addSchedule(store: ScheduleStore, caller: AppIdentity, body: JsonObject): JsonObject {
  checkAgentId(caller, body.agentid);
  const input = parseScheduleInput(body.schedule);
  const calId = store.resolveCalendar(caller, input.calId);
  const scheduleId = store.newScheduleId();
  const attendees = input.attendeeIds.map((userid) => ({ userid, response_status: 0 }));
  store.save(caller, toScheduleDraft(input, { scheduleId, calId, attendees, excludeTimes: [], status: 0 }));
  return { schedule_id: scheduleId };
}

/**
 * `schedule/update` (doc 97720/97787/97761): full replacement, not a patch. Fields not sent are cleared;
 * attendees are replaced unless `skip_attendees=1`; cal_id cannot change. → `{schedule_id}`.
 * op_mode 1/2 split a recurring schedule and answer the NEW schedule's id (recurring-scopes.ts).
 */
function updateSchedule(store: ScheduleStore, caller: AppIdentity, body: JsonObject): JsonObject {
  const skipAttendees = parseFlag(body, 'skip_attendees') === 1;
  const opMode = parseOpMode(body);
  if (!isJsonObject(body.schedule)) throw new WeComError(40058, 'missing parameter schedule');
  const scheduleId = requiredScheduleId(body.schedule);
  const input = parseScheduleInput(body.schedule);
  const current = store.ownedSchedule(caller, scheduleId);
  assertNotCancelled(current);
  const scope = resolveScope(body, opMode, current);
  if (scope) checkScopedInput(scope, current, input);
  if (input.calId !== undefined && input.calId !== current.cal_id) {
    throw new WeComError(40058, 'cal_id can not be changed');
  }
  // [U] with skip_attendees=1 a split-off piece copies the original's attendees, responses included.
  const attendees = skipAttendees ? current.attendees : keepResponses(current.attendees, input.attendeeIds);
  if (scope && !coversWholeSeries(scope, current)) {
    return { schedule_id: splitOnUpdate(store, caller, current, scope, { input, attendees }) };
  }
  // [U] exclude_time_list (occurrences removed earlier) is kept across an update of all occurrences.
  const excludeTimes = current.reminders.exclude_time_list;
  store.save(caller, toScheduleDraft(input, { scheduleId, calId: current.cal_id, attendees, excludeTimes, status: 0 }));
  return { schedule_id: scheduleId };
}

/**
 * `schedule/get` (doc 97724/97798/97766): `schedule_id_list` (1..1000) → `{schedule_list}`.
 * Unknown ids and other apps' ids are simply absent; cancelled schedules come back with status 1.
 * Items carry no `sequence`: doc 97724 shows none (only get_by_calendar's items have it).
 * [U] WeCom documents no order: answered in reverse request order, so a client that maps by position fails.
 */
function getSchedules(store: ScheduleStore, caller: AppIdentity, body: JsonObject): JsonObject {
  const ids = parseScheduleIdList(body.schedule_id_list);
  // [U] a repeated id is returned once.
  const found = [...new Set(ids)].reverse().map((id) => store.visibleSchedule(caller, id));
  return { schedule_list: found.filter((schedule) => schedule !== undefined).map(withoutSequence) };
}

/**
 * `schedule/get_by_calendar` (doc 97723/97796/97765): `{cal_id, offset=0, limit=500}` → one page of the
 * calendar's schedules in creation order, cancelled ones included; past the end → empty list.
 * Bad offset → 90470, limit outside 1..1000 → 90469, unknown → 90457, another app's → 90466,
 * [U] deleted → 90459. Items carry `sequence` and, like the doc example, no `is_whole_day`.
 */
function getByCalendar(store: ScheduleStore, caller: AppIdentity, body: JsonObject): JsonObject {
  const calId = requiredCalId(body);
  const offset = parsePageOffset(body);
  const limit = parsePageLimit(body);
  store.calendars.owned(caller, calId);
  return { schedule_list: store.pageOfCalendar(calId, offset, limit).map(withoutWholeDay) };
}

/**
 * `schedule/del` (doc 97725/97799/97767), titled "cancel": op_mode 0 only flips status to 1, the schedule stays
 * readable ([U] inferred from get returning status=1). Unknown → 90461, already cancelled → 90460.
 * op_mode 1/2 remove one occurrence / this and following (recurring-scopes.ts).
 */
function deleteSchedule(store: ScheduleStore, caller: AppIdentity, body: JsonObject): JsonObject {
  const opMode = parseOpMode(body);
  const scheduleId = requiredScheduleId(body);
  const current = store.ownedSchedule(caller, scheduleId);
  assertNotCancelled(current);
  const scope = resolveScope(body, opMode, current);
  if (scope) cancelScope(store, caller, current, scope);
  else store.save(caller, { ...current, status: 1 });
  return {};
}

function assertNotCancelled(schedule: WireSchedule): void {
  if (schedule.status === 1) throw new WeComError(90460);
}

function withoutSequence(schedule: WireSchedule): WireScheduleOnGet {
  const { sequence: _omitted, ...item } = schedule;
  return item;
}

function withoutWholeDay(schedule: WireSchedule): Omit<WireSchedule, 'is_whole_day'> {
  const { is_whole_day: _omitted, ...item } = schedule;
  return item;
}
