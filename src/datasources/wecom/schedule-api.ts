import { Schedule, ScheduleFields, ScheduleScope } from '../../domain/schedule';
import type { ScopeTarget } from '../../domain/schedule-scope';
import { WeComAnswer } from '../../http/wecom-http-client';
import { scheduleFromWire, scheduleToWire, toUnixSeconds } from './mappers';
import { WeComCalls } from './wecom-client';
import { WireSchedule } from './wire.types';

/** WeCom accepts at most this many ids per schedule/get (doc 97724). */
export const SCHEDULE_GET_MAX_IDS = 1000;
/** Page size limit of schedule/get_by_calendar (doc 97723). */
export const GET_BY_CALENDAR_MAX_LIMIT = 1000;
/** Attendees per add_attendees / del_attendees call (docs 97721, 97722). */
export const ATTENDEES_PER_CALL = 1000;

const OP_MODE: Record<ScheduleScope, number> = {
  [ScheduleScope.ALL]: 0,
  [ScheduleScope.THIS_OCCURRENCE]: 1,
  [ScheduleScope.THIS_AND_FOLLOWING]: 2,
};


function opModeFields(target: ScopeTarget | undefined): Record<string, number> {
  if (!target || target.scope === ScheduleScope.ALL) return {};
  return { op_mode: OP_MODE[target.scope], op_start_time: toUnixSeconds(target.occurrenceStart!) };
}

/** A page of get_by_calendar. */
export interface SchedulePage {
  schedules: Schedule[];
  /**
   * WeCom's documented get_by_calendar items leave out is_whole_day and remind_time_diffs; when
   * they do, these schedules are not the whole truth and schedule/get must be asked.
   */
  complete: boolean;
}

const isComplete = (item: WireSchedule): boolean =>
  item.is_whole_day !== undefined && (item.reminders === undefined || item.reminders.remind_time_diffs !== undefined);

interface ScheduleIdAnswer extends WeComAnswer {
  schedule_id: string;
}
interface ScheduleListAnswer extends WeComAnswer {
  schedule_list?: WireSchedule[];
}

/** The schedule endpoints of WeCom (`/cgi-bin/oa/schedule/*`), in domain terms. */
export class WeComScheduleApi {
  constructor(private readonly client: WeComCalls) {}

  /** schedule/get (doc 97724): ≤ 1,000 ids; unknown ids are simply absent; cancelled ones have status 1. */
  async getSchedules(ids: readonly string[]): Promise<Schedule[]> {
    if (ids.length > SCHEDULE_GET_MAX_IDS) {
      throw new RangeError(`schedule/get takes at most ${SCHEDULE_GET_MAX_IDS} ids, got ${ids.length}`);
    }
    const answer = await this.client.read<ScheduleListAnswer>('oa/schedule/get', { schedule_id_list: ids });
    return (answer.schedule_list ?? []).map(scheduleFromWire);
  }

  /** schedule/add (doc 93648): `cal_id` omitted puts it in the app's default calendar. Returns the new id. */
  async addSchedule(fields: ScheduleFields): Promise<string> {
    const schedule = scheduleToWire(fields, { includeAttendees: true });
    if (fields.calendarId) schedule.cal_id = fields.calendarId;
    const answer = await this.client.write<ScheduleIdAnswer>('oa/schedule/add', { schedule });
    return answer.schedule_id;
  }

  /**
   * schedule/update (doc 97720) replaces the whole schedule; `keepAttendees` sends
   * `skip_attendees: 1` so WeCom keeps its attendee list (and their responses).
   */
  async updateSchedule(
    id: string,
    fields: ScheduleFields,
    options: { keepAttendees: boolean; target?: ScopeTarget },
  ): Promise<string> {
    const schedule = { schedule_id: id, ...scheduleToWire(fields, { includeAttendees: !options.keepAttendees }) };
    const body = { skip_attendees: options.keepAttendees ? 1 : 0, ...opModeFields(options.target), schedule };
    const answer = await this.client.write<ScheduleIdAnswer>('oa/schedule/update', body);
    return answer.schedule_id || id;
  }

  /** schedule/del (doc 97725): cancels the schedule (or some occurrences); WeCom still returns it with status 1. */
  async deleteSchedule(id: string, target?: ScopeTarget): Promise<void> {
    await this.client.write('oa/schedule/del', { schedule_id: id, ...opModeFields(target) });
  }

  /**
   * schedule/get_by_calendar (doc 97723): one page of a calendar's schedules, `offset` 0-based,
   * `limit` 1..1,000; an empty page means past the end. Only calendars created by this app.
   */
  async getSchedulesByCalendar(calendarId: string, offset: number, limit: number): Promise<SchedulePage> {
    if (limit < 1 || limit > GET_BY_CALENDAR_MAX_LIMIT) throw new RangeError(`limit must be 1..1000, got ${limit}`);
    const body = { cal_id: calendarId, offset, limit };
    const answer = await this.client.read<ScheduleListAnswer>('oa/schedule/get_by_calendar', body);
    const items = answer.schedule_list ?? [];
    return { schedules: items.map(scheduleFromWire), complete: items.every(isComplete) };
  }

  /** schedule/add_attendees (doc 97721): ≤ 1,000 per call; user ids already attending are ignored. */
  async addAttendees(id: string, userIds: readonly string[]): Promise<void> {
    await this.client.write('oa/schedule/add_attendees', attendeesBody(id, userIds));
  }

  /** schedule/del_attendees (doc 97722): ≤ 1,000 per call; user ids not attending are ignored. */
  async removeAttendees(id: string, userIds: readonly string[]): Promise<void> {
    await this.client.write('oa/schedule/del_attendees', attendeesBody(id, userIds));
  }
}

function attendeesBody(id: string, userIds: readonly string[]) {
  if (userIds.length > ATTENDEES_PER_CALL) throw new RangeError(`at most ${ATTENDEES_PER_CALL} attendees per call`);
  return { schedule_id: id, attendees: userIds.map((userid) => ({ userid })) };
}
