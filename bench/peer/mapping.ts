import type { WireReminders, WireSchedule, WireScheduleWrite } from './wire';

/** GraphQL-side shapes (DateTime values are Dates, serialized by graphql-scalars' DateTimeResolver). */
export interface ScheduleInput {
  admins?: string[] | null;
  attendees?: { userId: string }[] | null;
  summary?: string | null;
  description?: string | null;
  location?: string | null;
  isWholeDay?: boolean | null;
  reminders?: { isRemind?: boolean | null; remindTimeDiffs?: number[] | null } | null;
  calendarId?: string | null;
  startTime?: Date | null;
  endTime?: Date | null;
}

const RESPONSES = ['PENDING', 'TENTATIVE', 'ACCEPTED', 'ACCEPTED_ONCE', 'DECLINED'];
const REPEAT_TYPES: Record<number, string> = { 0: 'DAILY', 1: 'WEEKLY', 2: 'MONTHLY', 5: 'YEARLY', 7: 'WORKDAYS' };

const seconds = (date: Date): number => Math.floor(date.getTime() / 1000);
const date = (unixSeconds: number): Date => new Date(unixSeconds * 1000);
const textOrNull = (value: string | undefined): string | null => (value ? value : null);

/** WeCom's schedule as the GraphQL Schedule type (same conventions as the gateway: '' and 0 become null). */
export function scheduleFromWire(wire: WireSchedule) {
  const reminders = wire.reminders;
  const isRepeat = reminders?.is_repeat === 1;
  return {
    id: wire.schedule_id,
    calendarId: textOrNull(wire.cal_id),
    status: wire.status === 1 ? 'CANCELLED' : 'ACTIVE',
    admins: wire.admins ?? [],
    attendees: (wire.attendees ?? []).map((a) => ({ userId: a.userid, response: RESPONSES[a.response_status ?? 0] ?? null })),
    summary: textOrNull(wire.summary),
    description: textOrNull(wire.description),
    location: textOrNull(wire.location),
    startTime: date(wire.start_time),
    endTime: date(wire.end_time),
    isWholeDay: wire.is_whole_day === 1,
    reminders: reminders
      ? {
          isRemind: reminders.is_remind === 1,
          remindTimeDiffs: reminders.remind_time_diffs?.length
            ? reminders.remind_time_diffs
            : reminders.is_remind === 1 && reminders.remind_before_event_secs !== undefined
              ? [-reminders.remind_before_event_secs]
              : [],
          isRepeat,
          repeatType: isRepeat ? (REPEAT_TYPES[reminders.repeat_type ?? 0] ?? null) : null,
          repeatUntil: reminders.repeat_until ? date(reminders.repeat_until) : null,
          isCustomRepeat: reminders.is_custom_repeat === 1,
          repeatInterval: reminders.repeat_interval ? reminders.repeat_interval : null,
          repeatDayOfWeek: reminders.repeat_day_of_week ?? [],
          repeatDayOfMonth: reminders.repeat_day_of_month ?? [],
          timezone: reminders.timezone ?? null,
        }
      : null,
  };
}

/** The whole schedule for schedule/add, from a create input. */
export function wireFromCreateInput(input: ScheduleInput & { startTime: Date; endTime: Date }): WireScheduleWrite {
  const wire: WireScheduleWrite = {
    admins: input.admins ?? [],
    attendees: (input.attendees ?? []).map((a) => ({ userid: a.userId })),
    summary: input.summary ?? '',
    description: input.description ?? '',
    location: input.location ?? '',
    start_time: seconds(input.startTime),
    end_time: seconds(input.endTime),
    is_whole_day: input.isWholeDay ? 1 : 0,
  };
  if (input.calendarId) wire.cal_id = input.calendarId;
  if (input.reminders) wire.reminders = remindersFromInput(input.reminders, {});
  return wire;
}

/** The whole schedule for schedule/update: the stored one with the fields given in the patch replaced. */
export function wireFromPatch(current: WireSchedule, patch: ScheduleInput): WireScheduleWrite {
  const has = (key: keyof ScheduleInput) => Object.prototype.hasOwnProperty.call(patch, key);
  const { exclude_time_list: _excluded, ...storedReminders } = current.reminders ?? {};
  const wire: WireScheduleWrite = {
    schedule_id: current.schedule_id,
    admins: has('admins') ? (patch.admins ?? []) : (current.admins ?? []),
    summary: has('summary') ? (patch.summary ?? '') : (current.summary ?? ''),
    description: has('description') ? (patch.description ?? '') : (current.description ?? ''),
    location: has('location') ? (patch.location ?? '') : (current.location ?? ''),
    start_time: patch.startTime ? seconds(patch.startTime) : current.start_time,
    end_time: patch.endTime ? seconds(patch.endTime) : current.end_time,
    is_whole_day: has('isWholeDay') ? (patch.isWholeDay ? 1 : 0) : (current.is_whole_day ?? 0),
    reminders: patch.reminders ? remindersFromInput(patch.reminders, storedReminders) : storedReminders,
  };
  if (patch.attendees) wire.attendees = patch.attendees.map((a) => ({ userid: a.userId }));
  return wire;
}

function remindersFromInput(input: NonNullable<ScheduleInput['reminders']>, base: WireReminders): WireReminders {
  const diffs = input.remindTimeDiffs ?? base.remind_time_diffs ?? [];
  return { ...base, is_remind: (input.isRemind ?? diffs.length > 0) ? 1 : 0, remind_time_diffs: diffs };
}
