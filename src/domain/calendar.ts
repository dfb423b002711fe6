/** A WeCom calendar (日历) as the gateway reasons about it. */
export enum SharePermission {
  /** WeCom permission 1: can see the schedules. */
  VIEW = 'VIEW',
  /** WeCom permission 3: sees only free/busy. */
  FREE_BUSY_ONLY = 'FREE_BUSY_ONLY',
}

export interface CalendarShare {
  userId: string;
  permission: SharePermission;
}

export interface PublicRange {
  userIds: string[];
  departmentIds: number[];
}

export interface Calendar {
  id: string;
  summary: string;
  color: string | null;
  description: string | null;
  admins: string[];
  shares: CalendarShare[];
  isPublic: boolean;
  publicRange: PublicRange | null;
  isCorpCalendar: boolean;
  /** Known only when this gateway created it with setAsDefault; WeCom's calendar/get does not say. */
  isDefault: boolean | null;
}

/** Everything a calendar write sends: WeCom's update replaces the calendar whole. */
export interface CalendarFields {
  summary: string;
  color: string | null;
  description: string | null;
  admins: string[];
  shares: CalendarShare[];
  publicRange: PublicRange | null;
  isPublic: boolean;
  isCorpCalendar: boolean;
  setAsDefault: boolean;
}

/** A share WeCom refused while accepting the calendar (errcode 0 overall, `fail_result.shares`). */
export interface ShareFailure {
  userId: string;
  wecomErrcode: number;
}

/** WeCom's documented calendar limits (WECOM.md section 3.1). */
export const CalendarLimits = {
  summaryMinChars: 1,
  summaryMaxChars: 128,
  descriptionMaxChars: 512,
  adminsMax: 3,
  sharesMax: 2000,
  publicRangeUsersMax: 1000,
  publicRangeDepartmentsMax: 100,
  colorPattern: /^#[0-9A-Fa-f]{6}$/,
} as const;
