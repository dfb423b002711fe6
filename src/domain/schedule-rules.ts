import { UserInputError } from '../errors/gateway-error';
import { ScheduleFields } from './schedule';
import { ReminderPatch, SchedulePatch } from './schedule-patch';
import { REMIND_TIME_DIFFS, ScheduleLimits, WHOLE_DAY_ONLY_REMIND_TIME_DIFFS } from './schedule-limits';

/** The values the cross-field rules look at; `undefined` = not known yet (an update before reading WeCom). */
export interface ScheduleRuleView {
  startTime?: Date;
  endTime?: Date;
  isWholeDay?: boolean;
  remindTimeDiffs?: number[];
  isRepeat?: boolean;
  repeatUntil?: Date | null;
  isCustomRepeat?: boolean;
  repeatInterval?: number | null;
}

/** What a patch alone tells, so rules between given fields fail before anything is read from WeCom. */
export function ruleViewOfPatch(patch: SchedulePatch): ScheduleRuleView {
  const reminders = patch.reminders ?? {};
  return {
    startTime: patch.startTime ?? undefined,
    endTime: patch.endTime ?? undefined,
    isWholeDay: patch.isWholeDay ?? undefined,
    remindTimeDiffs: reminders.remindTimeDiffs ?? undefined,
    isRepeat: reminders.isRepeat ?? undefined,
    repeatUntil: reminders.repeatUntil ?? undefined,
    isCustomRepeat: reminders.isCustomRepeat ?? undefined,
    repeatInterval: reminders.repeatInterval ?? undefined,
  };
}

/** The full schedule about to be written. */
export function ruleViewOfFields(fields: ScheduleFields): ScheduleRuleView {
  const { startTime, endTime, isWholeDay, reminders } = fields;
  return { startTime, endTime, isWholeDay, ...(reminders ?? {}) };
}

/**
 * Rules that relate several fields. Single-field limits are declared on the input classes.
 * A rule runs only when the caller gave one of its fields and all its values are known: values
 * WeCom already holds (a reminder set in the WeCom client, say) are passed back untouched.
 */
export function checkScheduleRules(view: ScheduleRuleView, patch: SchedulePatch): void {
  const given = (key: keyof SchedulePatch): boolean => patch[key] !== undefined;
  const reminderGiven = (key: keyof ReminderPatch): boolean =>
    patch.reminders != null && patch.reminders[key] !== undefined;
  const { startTime, endTime, isWholeDay, remindTimeDiffs, repeatUntil } = view;

  if (given('startTime') && startTime) checkUnixRange(startTime, 'startTime');
  if (given('endTime') && endTime) checkUnixRange(endTime, 'endTime');
  if ((given('startTime') || given('endTime')) && startTime && endTime && endTime < startTime) {
    throw new UserInputError('input.endTime', 'must not be before startTime');
  }
  if ((reminderGiven('remindTimeDiffs') || given('isWholeDay')) && remindTimeDiffs && isWholeDay !== undefined) {
    checkRemindTimeDiffs(remindTimeDiffs, isWholeDay, reminderGiven('remindTimeDiffs'));
  }
  if ((reminderGiven('repeatUntil') || given('startTime')) && repeatUntil) {
    checkUnixRange(repeatUntil, 'reminders.repeatUntil');
    if (startTime && repeatUntil <= startTime) {
      throw new UserInputError('input.reminders.repeatUntil', 'must be after startTime');
    }
  }
  // WeCom needs repeat_interval for any custom repeat (90486), also one implied by the day lists.
  const customRuleGiven = (['isCustomRepeat', 'repeatInterval', 'repeatDayOfWeek', 'repeatDayOfMonth'] as const).some(reminderGiven);
  if (customRuleGiven && view.isCustomRepeat && view.repeatInterval === null) {
    throw new UserInputError('input.reminders.repeatInterval', 'is required for a custom repeat');
  }
}

function checkUnixRange(time: Date, field: string): void {
  const seconds = time.getTime() / 1000;
  if (seconds < 0 || seconds > ScheduleLimits.maxUnixSeconds) {
    throw new UserInputError(`input.${field}`, 'must be between 1970-01-01 and 2106-02-07 (WeCom stores unix seconds)');
  }
}

/** Whole-day-only offsets need isWholeDay; when the caller gave the list, every value must be allowed. */
function checkRemindTimeDiffs(diffs: number[], isWholeDay: boolean, listGiven: boolean): void {
  const wholeDayOnly: readonly number[] = WHOLE_DAY_ONLY_REMIND_TIME_DIFFS;
  const allowed: readonly number[] = isWholeDay ? [...REMIND_TIME_DIFFS, ...wholeDayOnly] : REMIND_TIME_DIFFS;
  for (const diff of diffs) {
    const offending = listGiven ? !allowed.includes(diff) : !isWholeDay && wholeDayOnly.includes(diff);
    if (offending) {
      const hint = wholeDayOnly.includes(diff) ? ' (allowed only when isWholeDay is true)' : '';
      throw new UserInputError(
        'input.reminders.remindTimeDiffs',
        `${diff} is not an allowed reminder offset${hint}; allowed: ${allowed.join(', ')}`,
      );
    }
  }
}
