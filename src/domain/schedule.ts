/**
 * The schedule as the gateway reasons about it: camelCase, Date times, enums.
 * Neither GraphQL nor WeCom's wire format lives here; both are mapped onto it.
 */
export enum ScheduleStatus {
  ACTIVE = 'ACTIVE',
  CANCELLED = 'CANCELLED',
}

/** WeCom response_status 0..4, in that order. */
export enum AttendeeResponse {
  PENDING = 'PENDING',
  TENTATIVE = 'TENTATIVE',
  ACCEPTED = 'ACCEPTED',
  ACCEPTED_ONCE = 'ACCEPTED_ONCE',
  DECLINED = 'DECLINED',
}

/** WeCom repeat_type 0, 1, 2, 5, 7. */
export enum RepeatType {
  DAILY = 'DAILY',
  WEEKLY = 'WEEKLY',
  MONTHLY = 'MONTHLY',
  YEARLY = 'YEARLY',
  WORKDAYS = 'WORKDAYS',
}

export interface Attendee {
  userId: string;
  response: AttendeeResponse | null;
}

export interface Reminder {
  isRemind: boolean;
  remindTimeDiffs: number[];
  isRepeat: boolean;
  repeatType: RepeatType | null;
  repeatUntil: Date | null;
  isCustomRepeat: boolean;
  repeatInterval: number | null;
  repeatDayOfWeek: number[];
  repeatDayOfMonth: number[];
  timezone: number | null;
}

export interface Schedule {
  id: string;
  calendarId: string | null;
  status: ScheduleStatus;
  admins: string[];
  attendees: Attendee[];
  summary: string | null;
  description: string | null;
  location: string | null;
  startTime: Date;
  endTime: Date;
  isWholeDay: boolean;
  reminders: Reminder | null;
  /** Starts of occurrences removed from a recurring schedule by per-occurrence edits or deletes. */
  excludedOccurrenceStarts: Date[];
  /** WeCom's change counter (uint64, kept as a decimal string), where WeCom returns it. */
  sequence: string | null;
}

/** How much of a recurring schedule a change applies to (WeCom op_mode 0, 1, 2). */
export enum ScheduleScope {
  ALL = 'ALL',
  THIS_OCCURRENCE = 'THIS_OCCURRENCE',
  THIS_AND_FOLLOWING = 'THIS_AND_FOLLOWING',
}

/** Everything a write sends: the full schedule, because WeCom's update replaces it whole. */
export interface ScheduleFields {
  calendarId: string | null;
  admins: string[];
  attendeeIds: string[];
  summary: string | null;
  description: string | null;
  location: string | null;
  startTime: Date;
  endTime: Date;
  isWholeDay: boolean;
  reminders: Reminder | null;
}
