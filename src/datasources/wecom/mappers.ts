import {
  AttendeeResponse,
  Reminder,
  RepeatType,
  Schedule,
  ScheduleFields,
  ScheduleStatus,
} from '../../domain/schedule';
import { WireReminders, WireSchedule, WireScheduleWrite } from './wire.types';

const REPEAT_TYPE_TO_WIRE: Record<RepeatType, number> = {
  [RepeatType.DAILY]: 0,
  [RepeatType.WEEKLY]: 1,
  [RepeatType.MONTHLY]: 2,
  [RepeatType.YEARLY]: 5,
  [RepeatType.WORKDAYS]: 7,
};
const REPEAT_TYPE_FROM_WIRE = new Map(
  Object.entries(REPEAT_TYPE_TO_WIRE).map(([type, wire]) => [wire, type as RepeatType]),
);
const RESPONSES = [
  AttendeeResponse.PENDING,
  AttendeeResponse.TENTATIVE,
  AttendeeResponse.ACCEPTED,
  AttendeeResponse.ACCEPTED_ONCE,
  AttendeeResponse.DECLINED,
];

export const toUnixSeconds = (date: Date): number => Math.floor(date.getTime() / 1000);
export const fromUnixSeconds = (seconds: number): Date => new Date(seconds * 1000);

const flag = (value: boolean): number => (value ? 1 : 0);
/** WeCom answers '' for a text it does not hold; the schema says null. */
export const textOrNull = (value: string | undefined): string | null => (value ? value : null);
const positiveOrNull = (value: number | undefined): number | null => (value ? value : null);

export function scheduleFromWire(wire: WireSchedule): Schedule {
  return {
    id: wire.schedule_id,
    calendarId: textOrNull(wire.cal_id),
    status: wire.status === 1 ? ScheduleStatus.CANCELLED : ScheduleStatus.ACTIVE,
    admins: wire.admins ?? [],
    attendees: (wire.attendees ?? []).map((attendee) => ({
      userId: attendee.userid,
      response: RESPONSES[attendee.response_status ?? 0] ?? null,
    })),
    summary: textOrNull(wire.summary),
    description: textOrNull(wire.description),
    location: textOrNull(wire.location),
    startTime: fromUnixSeconds(wire.start_time),
    endTime: fromUnixSeconds(wire.end_time),
    isWholeDay: wire.is_whole_day === 1,
    reminders: wire.reminders ? reminderFromWire(wire.reminders) : null,
    excludedOccurrenceStarts: (wire.reminders?.exclude_time_list ?? []).map((item) => fromUnixSeconds(item.start_time)),
    sequence: wire.sequence === undefined ? null : String(wire.sequence),
  };
}

function reminderFromWire(wire: WireReminders): Reminder {
  const isRepeat = wire.is_repeat === 1;
  // remind_before_event_secs is the deprecated single-value form; a non-empty list wins.
  const diffs = wire.remind_time_diffs?.length
    ? wire.remind_time_diffs
    : wire.is_remind === 1 && wire.remind_before_event_secs !== undefined
      ? [-wire.remind_before_event_secs]
      : [];
  return {
    isRemind: wire.is_remind === 1,
    remindTimeDiffs: diffs,
    isRepeat,
    repeatType: isRepeat ? (REPEAT_TYPE_FROM_WIRE.get(wire.repeat_type ?? 0) ?? null) : null,
    repeatUntil: wire.repeat_until ? fromUnixSeconds(wire.repeat_until) : null,
    isCustomRepeat: wire.is_custom_repeat === 1,
    repeatInterval: positiveOrNull(wire.repeat_interval),
    repeatDayOfWeek: wire.repeat_day_of_week ?? [],
    repeatDayOfMonth: wire.repeat_day_of_month ?? [],
    timezone: wire.timezone ?? null,
  };
}

function reminderToWire(reminder: Reminder): WireReminders {
  const wire: WireReminders = {
    is_remind: flag(reminder.isRemind),
    remind_time_diffs: reminder.remindTimeDiffs,
    is_repeat: flag(reminder.isRepeat),
  };
  if (reminder.timezone != null) wire.timezone = reminder.timezone;
  if (!reminder.isRepeat) return wire; // a rule that does not repeat is not sent at all
  wire.is_custom_repeat = flag(reminder.isCustomRepeat);
  wire.repeat_day_of_week = reminder.repeatDayOfWeek;
  wire.repeat_day_of_month = reminder.repeatDayOfMonth;
  if (reminder.repeatType) wire.repeat_type = REPEAT_TYPE_TO_WIRE[reminder.repeatType];
  if (reminder.repeatUntil) wire.repeat_until = toUnixSeconds(reminder.repeatUntil);
  if (reminder.repeatInterval != null) wire.repeat_interval = reminder.repeatInterval;
  return wire;
}

/**
 * The full schedule for schedule/add or schedule/update. Every field is sent, cleared ones as
 * WeCom's empty values, because an update replaces the stored schedule whole.
 */
export function scheduleToWire(fields: ScheduleFields, options: { includeAttendees: boolean }): WireScheduleWrite {
  const wire: WireScheduleWrite = {
    admins: fields.admins,
    summary: fields.summary ?? '',
    description: fields.description ?? '',
    location: fields.location ?? '',
    start_time: toUnixSeconds(fields.startTime),
    end_time: toUnixSeconds(fields.endTime),
    is_whole_day: flag(fields.isWholeDay),
  };
  if (options.includeAttendees) wire.attendees = fields.attendeeIds.map((userid) => ({ userid }));
  if (fields.reminders) wire.reminders = reminderToWire(fields.reminders);
  return wire;
}

/** The schedule as written, for when WeCom accepted a write but reading it back failed. */
export function scheduleAsWritten(id: string, fields: ScheduleFields, keptAttendees?: Schedule['attendees']): Schedule {
  return {
    id,
    calendarId: fields.calendarId,
    status: ScheduleStatus.ACTIVE,
    admins: fields.admins,
    attendees: keptAttendees ?? fields.attendeeIds.map((userId) => ({ userId, response: AttendeeResponse.PENDING })),
    summary: fields.summary,
    description: fields.description,
    location: fields.location,
    startTime: fields.startTime,
    endTime: fields.endTime,
    isWholeDay: fields.isWholeDay,
    reminders: fields.reminders,
    excludedOccurrenceStarts: [],
    sequence: null,
  };
}
