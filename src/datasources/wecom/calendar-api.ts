import { Calendar, CalendarFields, ShareFailure } from '../../domain/calendar';
import { WeComAnswer } from '../../http/wecom-http-client';
import { calendarFromWire, calendarToWire, shareFailuresFromWire } from './calendar-mappers';
import { WireCalendar, WireFailResult } from './calendar-wire.types';
import { WeComCalls } from './wecom-client';

/** WeCom accepts at most this many ids per calendar/get (doc 97717). */
export const CALENDAR_GET_MAX_IDS = 1000;

interface CalendarListAnswer extends WeComAnswer {
  calendar_list?: WireCalendar[];
}
interface CalendarWriteAnswer extends WeComAnswer {
  cal_id?: string;
  fail_result?: WireFailResult;
}

export interface CalendarWriteResult {
  id: string;
  /** Shares WeCom refused while accepting the calendar. */
  failedShares: ShareFailure[];
}

/** The calendar endpoints of WeCom (`/cgi-bin/oa/calendar/*`), in domain terms. */
export class WeComCalendarApi {
  constructor(private readonly client: WeComCalls) {}

  /** calendar/get (doc 97717): ≤ 1,000 ids; unknown ids are absent. */
  async getCalendars(ids: readonly string[]): Promise<Calendar[]> {
    if (ids.length > CALENDAR_GET_MAX_IDS) {
      throw new RangeError(`calendar/get takes at most ${CALENDAR_GET_MAX_IDS} ids, got ${ids.length}`);
    }
    const answer = await this.client.read<CalendarListAnswer>('oa/calendar/get', { cal_id_list: ids });
    return (answer.calendar_list ?? []).map((wire) => calendarFromWire(wire));
  }

  /** calendar/add (doc 93647): returns the new cal_id and any per-member share failures. */
  async addCalendar(fields: CalendarFields): Promise<CalendarWriteResult> {
    const calendar = calendarToWire(fields, { forAdd: true, includePublicRange: fields.publicRange !== null });
    const answer = await this.client.write<CalendarWriteAnswer>('oa/calendar/add', { calendar });
    return { id: answer.cal_id ?? '', failedShares: shareFailuresFromWire(answer.fail_result) };
  }

  /**
   * calendar/update (doc 97716) replaces the calendar whole; `keepPublicRange` sends
   * `skip_public_range: 1` so WeCom keeps the stored range.
   */
  async updateCalendar(id: string, fields: CalendarFields, options: { keepPublicRange: boolean }): Promise<CalendarWriteResult> {
    const calendar = { cal_id: id, ...calendarToWire(fields, { forAdd: false, includePublicRange: !options.keepPublicRange }) };
    const body = { skip_public_range: options.keepPublicRange ? 1 : 0, calendar };
    const answer = await this.client.write<CalendarWriteAnswer>('oa/calendar/update', body);
    return { id, failedShares: shareFailuresFromWire(answer.fail_result) };
  }

  /** calendar/del (doc 97718). */
  async deleteCalendar(id: string): Promise<void> {
    await this.client.write('oa/calendar/del', { cal_id: id });
  }
}
