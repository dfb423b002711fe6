/** Calendar shapes of `oa/calendar/*` (WECOM.md section 3): request fields as stored, and the get answer. */

export interface WireCalendarShare {
  userid: string;
  /** 1 = can view (default), 3 = free/busy only. */
  permission: number;
}

export interface WirePublicRange {
  userids: string[];
  partyids: number[];
}

/** Everything calendar/get shows besides cal_id; `admins` is renamed on the way out (see CalendarAdminsKey). */
export interface CalendarFields {
  admins: string[];
  summary: string;
  color: string;
  description: string;
  shares: WireCalendarShare[];
  is_public: number;
  public_range: WirePublicRange;
  is_corp_calendar: number;
}

export interface WireCalendar extends CalendarFields {
  cal_id: string;
}

/** The doc table says `admins`, every doc example says `adminis` (WECOM.md 0); the emulator sends one of them. */
export type CalendarAdminsKey = 'admins' | 'adminis';

export const DEFAULT_CALENDAR_ADMINS_KEY: CalendarAdminsKey = 'adminis';

export function emptyPublicRange(): WirePublicRange {
  return { userids: [], partyids: [] };
}

/** What `addCalendar()` registers and the app's implicit default calendar holds. [U] real defaults unknown. */
export function minimalCalendarFields(): CalendarFields {
  return {
    admins: [],
    summary: '',
    color: '',
    description: '',
    shares: [],
    is_public: 0,
    public_range: emptyPublicRange(),
    is_corp_calendar: 0,
  };
}

/** One `calendar_list` item, keys in the doc example's order. */
export function calendarToWire(calId: string, fields: CalendarFields, adminsKey: CalendarAdminsKey): Record<string, unknown> {
  const copy = structuredClone(fields);
  return {
    cal_id: calId,
    [adminsKey]: copy.admins,
    summary: copy.summary,
    color: copy.color,
    description: copy.description,
    shares: copy.shares,
    is_public: copy.is_public,
    public_range: copy.public_range,
    is_corp_calendar: copy.is_corp_calendar,
  };
}
