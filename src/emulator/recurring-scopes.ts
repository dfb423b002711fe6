import type { AppIdentity } from './app-identity';
import { isRecurring, localDayStart, startsOccurrence } from './recurrence-bridge';
import { toScheduleDraft } from './schedule-build';
import { requiredOpStartTime, type JsonObject, type ScheduleInput } from './schedule-rules';
import type { ScheduleStore } from './schedule-store';
import { WeComError } from './wecom-errors';
import type { WireAttendee, WireSchedule } from './wire-schedule';

/**
 * op_mode 1 ("this occurrence") and 2 ("this and following") of schedule/update and schedule/del
 * (WECOM.md 4.3, doc 97720 / 96204): a recurring schedule is split, the original stays readable.
 * Local days are taken in the stored rule's `timezone` (whole-hour UTC offset, no DST).
 */
export interface OccurrenceScope {
  opMode: 1 | 2;
  /** Unix s; a start of a non-excluded occurrence of the stored schedule. */
  opStartTime: number;
}

/** undefined for op_mode 0. Non-recurring → 90485; op_start_time missing or not an occurrence start → 90482. */
export function resolveScope(body: JsonObject, opMode: number, current: WireSchedule): OccurrenceScope | undefined {
  if (opMode !== 1 && opMode !== 2) return undefined;
  if (!isRecurring(current)) throw new WeComError(90485);
  const opStartTime = requiredOpStartTime(body);
  if (!startsOccurrence(current, opStartTime)) throw new WeComError(90482);
  return { opMode, opStartTime };
}

/** op_mode 2 at the first occurrence means "all occurrences": no split, same id [V 96204]. */
export function coversWholeSeries(scope: OccurrenceScope, current: WireSchedule): boolean {
  return scope.opMode === 2 && scope.opStartTime === current.start_time;
}

/**
 * Rules on the sent schedule: a single occurrence cannot repeat (90484); the new start must lie on or after
 * the local day of op_start_time (90488). [U] checked only on start_time (end ≥ start is checked anyway).
 */
export function checkScopedInput(scope: OccurrenceScope, current: WireSchedule, input: ScheduleInput): void {
  if (scope.opMode === 1 && input.reminders.is_repeat === 1) throw new WeComError(90484);
  if (input.startTime < localDayStart(scope.opStartTime, current.reminders.timezone)) throw new WeComError(90488);
}

/**
 * update op_mode 1/2 (not the whole series): the original loses the scoped occurrences and a NEW schedule
 * is created from the sent fields in the same calendar. Returns the new schedule_id.
 * [U] The new schedule starts with an empty exclude_time_list; the original keeps its attendees.
 */
export function splitOnUpdate(
  store: ScheduleStore,
  caller: AppIdentity,
  current: WireSchedule,
  scope: OccurrenceScope,
  piece: { input: ScheduleInput; attendees: WireAttendee[] },
): string {
  store.save(caller, withoutScope(current, scope));
  const scheduleId = store.newScheduleId();
  const identity = { scheduleId, calId: current.cal_id, attendees: piece.attendees, excludeTimes: [], status: 0 };
  store.save(caller, toScheduleDraft(piece.input, identity));
  return scheduleId;
}

/** del op_mode 1/2: the scoped occurrences disappear; op_mode 2 at the first occurrence cancels all (status 1). */
export function cancelScope(store: ScheduleStore, caller: AppIdentity, current: WireSchedule, scope: OccurrenceScope): void {
  const next = coversWholeSeries(scope, current) ? { ...current, status: 1 } : withoutScope(current, scope);
  store.save(caller, next);
}

/**
 * op_mode 1: op_start_time joins exclude_time_list (kept ascending [U]).
 * op_mode 2: repeat_until becomes op_start_time - 1, the last second before the split occurrence: repeat_until
 * is an instant ("重复结束时刻"), so the original ends strictly before it. [U] WeCom's exact value is unknown;
 * this one, on the split occurrence's own local day, shows a reader that takes repeat_until as a whole day.
 */
function withoutScope(current: WireSchedule, scope: OccurrenceScope): WireSchedule {
  const reminders = { ...current.reminders };
  if (scope.opMode === 1) {
    const excluded = [...reminders.exclude_time_list, { start_time: scope.opStartTime }];
    reminders.exclude_time_list = excluded.sort((a, b) => a.start_time - b.start_time);
  } else {
    reminders.repeat_until = scope.opStartTime - 1;
  }
  return { ...current, reminders };
}
