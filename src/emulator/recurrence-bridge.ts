import { isOccurrenceStart, ruleOf, type RecurringSchedule } from '../domain/recurrence';
import { RepeatType, type Reminder } from '../domain/schedule';
import type { WireReminders, WireSchedule } from './wire-schedule';

/** Maps stored wire schedules onto the domain's recurrence model, so op_start_time is judged like the gateway does. */

const REPEAT_TYPE_FROM_WIRE = new Map<number, RepeatType>([
  [0, RepeatType.DAILY],
  [1, RepeatType.WEEKLY],
  [2, RepeatType.MONTHLY],
  [5, RepeatType.YEARLY],
  [7, RepeatType.WORKDAYS],
]);
const DAY_SECONDS = 86_400;

/** Whether the stored schedule repeats at all (op_mode 1/2 need that, else 90485). */
export function isRecurring(schedule: WireSchedule): boolean {
  return ruleOf(reminderOf(schedule.reminders)) !== null;
}

/** Whether `start` (unix s) starts a non-excluded occurrence of the stored schedule. */
export function startsOccurrence(schedule: WireSchedule, start: number): boolean {
  if (schedule.reminders.exclude_time_list.some((excluded) => excluded.start_time === start)) return false;
  return isOccurrenceStart(recurringOf(schedule), new Date(start * 1000));
}

/** Unix s of 00:00 of the local day holding `instant`, in a whole-hour UTC offset (the rule's `timezone`). */
export function localDayStart(instant: number, timezoneHours: number): number {
  const offset = timezoneHours * 3600;
  return Math.floor((instant + offset) / DAY_SECONDS) * DAY_SECONDS - offset;
}

function recurringOf(schedule: WireSchedule): RecurringSchedule {
  return {
    startTime: new Date(schedule.start_time * 1000),
    endTime: new Date(schedule.end_time * 1000),
    rule: ruleOf(reminderOf(schedule.reminders)),
    excludedStarts: schedule.reminders.exclude_time_list.map((excluded) => new Date(excluded.start_time * 1000)),
  };
}

function reminderOf(wire: WireReminders): Reminder {
  const isRepeat = wire.is_repeat === 1;
  return {
    isRemind: wire.is_remind === 1,
    remindTimeDiffs: wire.remind_time_diffs,
    isRepeat,
    repeatType: isRepeat ? (REPEAT_TYPE_FROM_WIRE.get(wire.repeat_type) ?? null) : null,
    // WeCom: repeat_until 0 = forever.
    repeatUntil: wire.repeat_until ? new Date(wire.repeat_until * 1000) : null,
    isCustomRepeat: wire.is_custom_repeat === 1,
    repeatInterval: wire.repeat_interval || null,
    repeatDayOfWeek: wire.repeat_day_of_week,
    repeatDayOfMonth: wire.repeat_day_of_month,
    timezone: wire.timezone,
  };
}
