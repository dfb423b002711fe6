import { Schedule, ScheduleFields } from '../../domain/schedule';
import { WeComAnswer } from '../../http/wecom-http-client';
import { scheduleFromWire, scheduleToWire } from './mappers';
import { WeComClient } from './wecom-client';
import { WireSchedule } from './wire.types';

/** WeCom accepts at most this many ids per schedule/get (doc 97724). */
export const SCHEDULE_GET_MAX_IDS = 1000;

interface ScheduleIdAnswer extends WeComAnswer {
  schedule_id: string;
}
interface ScheduleListAnswer extends WeComAnswer {
  schedule_list?: WireSchedule[];
}

/** The schedule endpoints of WeCom (`/cgi-bin/oa/schedule/*`), in domain terms. */
export class WeComScheduleApi {
  constructor(private readonly client: WeComClient) {}

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
  async updateSchedule(id: string, fields: ScheduleFields, options: { keepAttendees: boolean }): Promise<string> {
    const schedule = { schedule_id: id, ...scheduleToWire(fields, { includeAttendees: !options.keepAttendees }) };
    const body = { skip_attendees: options.keepAttendees ? 1 : 0, schedule };
    const answer = await this.client.write<ScheduleIdAnswer>('oa/schedule/update', body);
    return answer.schedule_id || id;
  }

  /** schedule/del (doc 97725): cancels the schedule; WeCom still returns it with status 1. */
  async deleteSchedule(id: string): Promise<void> {
    await this.client.write('oa/schedule/del', { schedule_id: id });
  }
}
