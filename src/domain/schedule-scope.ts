import { UserInputError } from '../errors/gateway-error';
import { RecurringSchedule, isOccurrenceStart, ruleOf } from './recurrence';
import { Reminder, Schedule, ScheduleFields, ScheduleScope } from './schedule';

/** Which occurrences of a recurring schedule a change applies to. */
export interface ScopeTarget {
  scope: ScheduleScope;
  /** The start of the occurrence the scope starts at; required unless scope is ALL. */
  occurrenceStart?: Date;
}

const SECONDS_PER_DAY = 86_400;
/** WeCom's default timezone for repeat rules (UTC+8). */
const DEFAULT_TIMEZONE = 8;

export function recurringScheduleOf(schedule: Schedule): RecurringSchedule {
  return {
    startTime: schedule.startTime,
    endTime: schedule.endTime,
    rule: ruleOf(schedule.reminders),
    excludedStarts: schedule.excludedOccurrenceStarts,
  };
}

/** Needs no stored schedule: an occurrence start exactly when the scope is not ALL. */
export function checkScopeArguments(target: ScopeTarget): void {
  if (target.scope === ScheduleScope.ALL) {
    if (target.occurrenceStart) {
      throw new UserInputError('occurrenceStart', 'is only for scope THIS_OCCURRENCE or THIS_AND_FOLLOWING');
    }
    return;
  }
  if (!target.occurrenceStart) throw new UserInputError('occurrenceStart', `is required for scope ${target.scope}`);
}

/**
 * The schedule a scoped patch applies to: for ALL the stored schedule; otherwise the occurrence
 * (its start and the series' duration), a single one for THIS_OCCURRENCE. Checks that the schedule
 * repeats and that occurrenceStart is one of its (not excluded) occurrences, as WeCom would (90485, 90482).
 */
export function scheduleForScope(current: Schedule, target: ScopeTarget): Schedule {
  if (target.scope === ScheduleScope.ALL) return current;
  checkOccurrence(current, target);
  const start = target.occurrenceStart!;
  const duration = current.endTime.getTime() - current.startTime.getTime();
  const reminders =
    target.scope === ScheduleScope.THIS_OCCURRENCE && current.reminders ? withoutRepeat(current.reminders) : current.reminders;
  return { ...current, startTime: start, endTime: new Date(start.getTime() + duration), reminders };
}

/** The piece THIS_OCCURRENCE writes is a single schedule: no repeat rule at all. */
function withoutRepeat(reminders: Reminder): Reminder {
  return {
    ...reminders,
    isRepeat: false,
    repeatType: null,
    repeatUntil: null,
    isCustomRepeat: false,
    repeatInterval: null,
    repeatDayOfWeek: [],
    repeatDayOfMonth: [],
  };
}

export function checkOccurrence(current: Schedule, target: ScopeTarget): void {
  const recurring = recurringScheduleOf(current);
  if (!recurring.rule) throw new UserInputError('scope', `${target.scope} needs a recurring schedule; this one does not repeat`);
  if (!isOccurrenceStart(recurring, target.occurrenceStart!)) {
    throw new UserInputError('occurrenceStart', 'is not the start of an occurrence of this schedule');
  }
}

/** WeCom's rules for the piece a scoped update writes (90484, 90488). */
export function checkScopedFields(fields: ScheduleFields, current: Schedule, target: ScopeTarget): void {
  if (target.scope === ScheduleScope.ALL) return;
  if (target.scope === ScheduleScope.THIS_OCCURRENCE && fields.reminders?.isRepeat) {
    throw new UserInputError('input.reminders.isRepeat', 'THIS_OCCURRENCE changes one occurrence: it cannot make it repeat');
  }
  const timezone = current.reminders?.timezone ?? DEFAULT_TIMEZONE;
  const dayStart = localDayStart(target.occurrenceStart!, timezone);
  if (fields.startTime < dayStart) {
    throw new UserInputError('input.startTime', 'must not be before the day of the occurrence being changed');
  }
}

/** Midnight (in the rule's fixed UTC offset) of the day `time` falls on. */
function localDayStart(time: Date, timezoneHours: number): Date {
  const offset = timezoneHours * 3600;
  const localSeconds = Math.floor(time.getTime() / 1000) + offset;
  return new Date((Math.floor(localSeconds / SECONDS_PER_DAY) * SECONDS_PER_DAY - offset) * 1000);
}
