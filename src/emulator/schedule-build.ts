import type { ScheduleInput } from './schedule-rules';
import type { ScheduleDraft, WireAttendee, WireExcludeTime } from './wire-schedule';

/** What a write keeps from, or decides besides, the sent `schedule` object. */
export interface ScheduleIdentity {
  scheduleId: string;
  calId: string;
  attendees: WireAttendee[];
  excludeTimes: WireExcludeTime[];
  status: number;
}

export function toScheduleDraft(input: ScheduleInput, identity: ScheduleIdentity): ScheduleDraft {
  return {
    schedule_id: identity.scheduleId,
    cal_id: identity.calId,
    admins: input.admins,
    attendees: identity.attendees,
    summary: input.summary,
    description: input.description,
    location: input.location,
    start_time: input.startTime,
    end_time: input.endTime,
    is_whole_day: input.isWholeDay,
    status: identity.status,
    reminders: { ...input.reminders, exclude_time_list: identity.excludeTimes },
  };
}

/** New attendee list; members who stay keep their response_status, newcomers start at 0 (pending). */
export function keepResponses(current: WireAttendee[], userids: string[]): WireAttendee[] {
  const previous = new Map(current.map((attendee) => [attendee.userid, attendee.response_status]));
  return userids.map((userid) => ({ userid, response_status: previous.get(userid) ?? 0 }));
}
