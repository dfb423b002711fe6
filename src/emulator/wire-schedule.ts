/**
 * Stored schedules and response shapes of `oa/schedule/get` and `get_by_calendar` (WECOM.md section 4.4):
 * every key always present, WeCom defaults.
 */

export interface WireAttendee {
  userid: string;
  /** 0 pending, 1 tentative, 2 accepted, 3 accepted this occurrence only, 4 declined. */
  response_status: number;
}

export interface WireExcludeTime {
  start_time: number;
}

export interface WireReminders {
  is_remind: number;
  remind_before_event_secs: number;
  remind_time_diffs: number[];
  is_repeat: number;
  repeat_type: number;
  repeat_until: number;
  is_custom_repeat: number;
  repeat_interval: number;
  repeat_day_of_week: number[];
  repeat_day_of_month: number[];
  /** UTC offset in hours; WeCom's default is +8. */
  timezone: number;
  exclude_time_list: WireExcludeTime[];
}

export interface WireSchedule {
  schedule_id: string;
  cal_id: string;
  admins: string[];
  attendees: WireAttendee[];
  summary: string;
  description: string;
  location: string;
  start_time: number;
  end_time: number;
  is_whole_day: number;
  /** 0 normal, 1 cancelled (`schedule/del` only flips this). */
  status: number;
  reminders: WireReminders;
  /**
   * uint64 in WeCom; one global counter, bumped on every write to any schedule (WECOM.md 4.4).
   * Only get_by_calendar's items carry it; schedule/get's do not (doc 97724).
   */
  sequence: number;
}

/** An item of schedule/get's `schedule_list`. */
export type WireScheduleOnGet = Omit<WireSchedule, 'sequence'>;

/** A schedule about to be written: the store assigns `sequence`. */
export type ScheduleDraft = Omit<WireSchedule, 'sequence'>;

export type ReminderInput = Omit<WireReminders, 'exclude_time_list'>;

export const DEFAULT_TIMEZONE = 8;

export function defaultReminderInput(): ReminderInput {
  return {
    is_remind: 0,
    remind_before_event_secs: 0,
    remind_time_diffs: [],
    is_repeat: 0,
    repeat_type: 0,
    repeat_until: 0,
    is_custom_repeat: 0,
    repeat_interval: 0,
    repeat_day_of_week: [],
    repeat_day_of_month: [],
    timezone: DEFAULT_TIMEZONE,
  };
}
