/** WeCom's schedule JSON as the peer uses it (oa/schedule/get answers; add/update bodies). */
export interface WireReminders {
  is_remind?: number;
  remind_before_event_secs?: number;
  remind_time_diffs?: number[];
  is_repeat?: number;
  repeat_type?: number;
  repeat_until?: number;
  is_custom_repeat?: number;
  repeat_interval?: number;
  repeat_day_of_week?: number[];
  repeat_day_of_month?: number[];
  timezone?: number;
  exclude_time_list?: { start_time: number }[];
}

export interface WireSchedule {
  schedule_id: string;
  cal_id?: string;
  admins?: string[];
  attendees?: { userid: string; response_status?: number }[];
  summary?: string;
  description?: string;
  location?: string;
  start_time: number;
  end_time: number;
  is_whole_day?: number;
  status?: number;
  reminders?: WireReminders;
}

/** The body of schedule/add and schedule/update: the whole schedule. */
export interface WireScheduleWrite {
  schedule_id?: string;
  cal_id?: string;
  admins: string[];
  attendees?: { userid: string }[];
  summary: string;
  description: string;
  location: string;
  start_time: number;
  end_time: number;
  is_whole_day: number;
  reminders?: WireReminders;
}

export interface WeComAnswer {
  errcode: number;
  errmsg?: string;
}
