/** WeCom's JSON for calendars, snake_case as on the wire (WECOM.md section 3). */
export interface WireCalendarShare {
  userid: string;
  /** 1 = can view (default), 3 = free/busy only. */
  permission?: number;
}

export interface WirePublicRange {
  userids?: string[];
  partyids?: number[];
}

/** A calendar as `calendar/get` returns it. The doc's table says `admins`, its example `adminis`: read both. */
export interface WireCalendar {
  cal_id: string;
  admins?: string[];
  adminis?: string[];
  summary?: string;
  color?: string;
  description?: string;
  shares?: WireCalendarShare[];
  is_public?: number;
  public_range?: WirePublicRange;
  is_corp_calendar?: number;
}

/** A calendar as `calendar/add` and `calendar/update` take it. */
export interface WireCalendarWrite {
  cal_id?: string;
  admins: string[];
  summary: string;
  color?: string;
  description: string;
  shares: WireCalendarShare[];
  public_range?: WirePublicRange;
  is_public?: number;
  is_corp_calendar?: number;
  set_as_default?: number;
}

/** Per-member share failures WeCom reports while answering errcode 0. */
export interface WireFailResult {
  shares?: { userid: string; errcode: number; errmsg?: string }[];
}
