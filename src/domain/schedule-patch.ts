import { UserInputError } from '../errors/gateway-error';
import { patched } from './patch-value';
import { Reminder, RepeatType, Schedule, ScheduleFields } from './schedule';

/**
 * What a caller may send for a schedule. `undefined` = left out (keep), `null` = clear.
 * The GraphQL input classes satisfy these shapes structurally.
 */
export interface ReminderPatch {
  isRemind?: boolean | null;
  remindTimeDiffs?: number[] | null;
  isRepeat?: boolean | null;
  repeatType?: RepeatType | null;
  repeatUntil?: Date | null;
  isCustomRepeat?: boolean | null;
  repeatInterval?: number | null;
  repeatDayOfWeek?: number[] | null;
  repeatDayOfMonth?: number[] | null;
  timezone?: number | null;
}

export interface SchedulePatch {
  calendarId?: string | null;
  admins?: string[] | null;
  attendees?: { userId: string }[] | null;
  summary?: string | null;
  description?: string | null;
  location?: string | null;
  startTime?: Date | null;
  endTime?: Date | null;
  isWholeDay?: boolean | null;
  reminders?: ReminderPatch | null;
}

export interface PatchedSchedule {
  fields: ScheduleFields;
  /** Attendees were not given: tell WeCom to keep its own list (`skip_attendees`). */
  keepAttendees: boolean;
}

/** A reminder that neither reminds nor repeats: what a schedule without reminders amounts to. */
export const EMPTY_REMINDER: Reminder = {
  isRemind: false,
  remindTimeDiffs: [],
  isRepeat: false,
  repeatType: null,
  repeatUntil: null,
  isCustomRepeat: false,
  repeatInterval: null,
  repeatDayOfWeek: [],
  repeatDayOfMonth: [],
  timezone: null,
};

const REQUIRED_FIELDS = ['startTime', 'endTime', 'isWholeDay'] as const;

/** startTime, endTime and isWholeDay always have a value: null cannot clear them. Needs no stored schedule. */
export function rejectNullRequiredFields(patch: SchedulePatch): void {
  for (const field of REQUIRED_FIELDS) {
    if (patch[field] === null) throw new UserInputError(`input.${field}`, 'cannot be null');
  }
}

const given = <T>(value: T | null | undefined, current: T): T => (value === undefined || value === null ? current : value);

const isNonEmpty = (list: unknown[] | null | undefined): boolean => (list?.length ?? 0) > 0;

/**
 * Merges a reminder patch. A flag left out follows the fields given with it, so that
 * `{ remindTimeDiffs: [-900] }` turns reminding on and `{ repeatType: WEEKLY }` turns repeating on.
 */
export function mergeReminder(current: Reminder | null, patch: ReminderPatch): Reminder {
  const base = current ?? EMPTY_REMINDER;
  const customGiven =
    patch.repeatInterval != null || isNonEmpty(patch.repeatDayOfWeek) || isNonEmpty(patch.repeatDayOfMonth);
  const inferredIsRemind = patch.remindTimeDiffs === undefined ? base.isRemind : isNonEmpty(patch.remindTimeDiffs);
  const inferredIsRepeat = patch.repeatType === undefined ? base.isRepeat : patch.repeatType !== null;
  return {
    isRemind: patched(patch.isRemind, inferredIsRemind, false),
    remindTimeDiffs: patched(patch.remindTimeDiffs, base.remindTimeDiffs, []),
    isRepeat: patched(patch.isRepeat, inferredIsRepeat, false),
    repeatType: patched(patch.repeatType, base.repeatType, null),
    repeatUntil: patched(patch.repeatUntil, base.repeatUntil, null),
    isCustomRepeat: patched(patch.isCustomRepeat, customGiven || base.isCustomRepeat, false),
    repeatInterval: patched(patch.repeatInterval, base.repeatInterval, null),
    repeatDayOfWeek: patched(patch.repeatDayOfWeek, base.repeatDayOfWeek, []),
    repeatDayOfMonth: patched(patch.repeatDayOfMonth, base.repeatDayOfMonth, []),
    timezone: patched(patch.timezone, base.timezone, null),
  };
}

function mergeReminders(current: Reminder | null, patch: ReminderPatch | null | undefined): Reminder | null {
  if (patch === undefined) return current;
  return patch === null ? null : mergeReminder(current, patch);
}

/** The full schedule to send for a new schedule. */
export function fieldsForCreate(input: SchedulePatch & { startTime: Date; endTime: Date }): ScheduleFields {
  return {
    calendarId: input.calendarId ?? null,
    admins: input.admins ?? [],
    attendeeIds: (input.attendees ?? []).map((attendee) => attendee.userId),
    summary: input.summary ?? null,
    description: input.description ?? null,
    location: input.location ?? null,
    startTime: input.startTime,
    endTime: input.endTime,
    isWholeDay: input.isWholeDay ?? false,
    reminders: mergeReminders(null, input.reminders),
  };
}

/** The full schedule to send for a patch of `current`: every field left out keeps its stored value. */
export function applySchedulePatch(current: Schedule, patch: SchedulePatch): PatchedSchedule {
  rejectNullRequiredFields(patch);
  const currentAttendeeIds = current.attendees.map((attendee) => attendee.userId);
  const givenAttendeeIds = patch.attendees == null ? patch.attendees : patch.attendees.map((a) => a.userId);
  return {
    fields: {
      calendarId: current.calendarId,
      admins: patched(patch.admins, current.admins, []),
      attendeeIds: patched(givenAttendeeIds, currentAttendeeIds, []),
      summary: patched(patch.summary, current.summary, null),
      description: patched(patch.description, current.description, null),
      location: patched(patch.location, current.location, null),
      startTime: given(patch.startTime, current.startTime),
      endTime: given(patch.endTime, current.endTime),
      isWholeDay: given(patch.isWholeDay, current.isWholeDay),
      reminders: mergeReminders(current.reminders, patch.reminders),
    },
    keepAttendees: patch.attendees === undefined,
  };
}
