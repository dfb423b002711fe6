import {
  attendeeUserId,
  invalidParameter,
  isJsonObject,
  optionalList,
  optionalText,
  parseFlag,
  type JsonObject,
} from './schedule-rules';
import { WeComError } from './wecom-errors';
import type { WireCalendarShare, WirePublicRange } from './wire-calendar';

/** Input checks for `oa/calendar/add` and `oa/calendar/update` (WECOM.md 3.1, 3.2). */

export const CALENDAR_LIMITS = Object.freeze({
  summaryChars: 128,
  descriptionChars: 512,
  admins: 3,
  shares: 2000,
  publicUserids: 1000,
  publicPartyids: 100,
  idsPerGet: 1000,
});

const COLOR = /^#[0-9A-Fa-f]{6}$/;
/** 1 = can view (default), 3 = free/busy only. */
const PERMISSIONS = new Set([1, 3]);

export interface CalendarInput {
  admins: string[];
  summary: string;
  /** '' when not sent: only corp calendars may go without (see checkColorPresent). */
  color: string;
  description: string;
  shares: WireCalendarShare[];
  /** Undefined when the key was not sent (update keeps, add defaults). */
  publicRange?: WirePublicRange;
  isPublic?: number;
  isCorpCalendar?: number;
  setAsDefault: number;
}

/** Validates the `calendar` object; the first violated rule decides the errcode. */
export function parseCalendarInput(raw: unknown): CalendarInput {
  if (!isJsonObject(raw)) throw new WeComError(40058, 'missing parameter calendar');
  const summary = optionalText(raw, 'summary', CALENDAR_LIMITS.summaryChars);
  if (summary === '') throw new WeComError(40058, 'missing parameter summary');
  const color = optionalText(raw, 'color', 64);
  if (color !== '' && !COLOR.test(color)) throw new WeComError(90473);
  const input: CalendarInput = {
    summary,
    color,
    description: optionalText(raw, 'description', CALENDAR_LIMITS.descriptionChars),
    admins: parseAdmins(raw.admins),
    shares: parseShares(raw.shares),
    publicRange: parsePublicRange(raw.public_range),
    isPublic: optionalFlag(raw, 'is_public'),
    isCorpCalendar: optionalFlag(raw, 'is_corp_calendar'),
    setAsDefault: parseFlag(raw, 'set_as_default'),
  };
  const members = new Set(input.shares.map((share) => share.userid));
  if (!input.admins.every((admin) => members.has(admin))) throw new WeComError(90492);
  return input;
}

/**
 * color is required (WECOM.md 3.1) except on corp calendars, which take no color.
 * [U] a bad length is 90473 like any malformed color; absence on a normal calendar is 40058.
 */
export function checkColorPresent(input: CalendarInput, isCorpCalendar: boolean): void {
  if (!isCorpCalendar && input.color === '') throw new WeComError(40058, 'missing parameter color');
}

/** A corp calendar is public and needs a public_range (90483). [U] an empty range counts as missing. */
export function checkCorpRange(isCorpCalendar: boolean, range: WirePublicRange): void {
  if (!isCorpCalendar) return;
  if (range.userids.length === 0 && range.partyids.length === 0) throw new WeComError(90483);
}

/** `cal_id_list` of calendar/get: missing/empty → 90458, over 1000 → 40058. */
export function parseCalIdList(value: unknown): string[] {
  if (value === undefined || value === null) throw new WeComError(90458);
  if (!Array.isArray(value)) throw invalidParameter('cal_id_list');
  if (value.length === 0) throw new WeComError(90458);
  if (value.length > CALENDAR_LIMITS.idsPerGet) throw invalidParameter('cal_id_list');
  if (!value.every((id) => typeof id === 'string')) throw invalidParameter('cal_id_list');
  return value as string[];
}

/** A 0/1 flag that may be absent (immutability checks need to know). */
export function optionalFlag(obj: JsonObject, key: string): number | undefined {
  return obj[key] === undefined || obj[key] === null ? undefined : parseFlag(obj, key);
}

function parseAdmins(value: unknown): string[] {
  const admins = optionalList(value, 'admins');
  if (admins.length > CALENDAR_LIMITS.admins) throw invalidParameter('admins');
  if (!admins.every((userid) => typeof userid === 'string')) throw invalidParameter('admins');
  return [...new Set(admins as string[])];
}

/** Shares deduplicated by userid, first one wins ([U] WeCom behaviour for duplicates). */
function parseShares(value: unknown): WireCalendarShare[] {
  const shares = optionalList(value, 'shares');
  if (shares.length > CALENDAR_LIMITS.shares) throw invalidParameter('shares');
  const byUser = new Map<string, WireCalendarShare>();
  for (const share of shares) {
    const userid = attendeeUserId(share, 'shares');
    const permission = (share as JsonObject).permission ?? 1;
    if (typeof permission !== 'number' || !PERMISSIONS.has(permission)) throw invalidParameter('shares.permission');
    if (!byUser.has(userid)) byUser.set(userid, { userid, permission });
  }
  return [...byUser.values()];
}

function parsePublicRange(value: unknown): WirePublicRange | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isJsonObject(value)) throw invalidParameter('public_range');
  const userids = optionalList(value.userids, 'public_range.userids');
  const partyids = optionalList(value.partyids, 'public_range.partyids');
  if (userids.length > CALENDAR_LIMITS.publicUserids) throw invalidParameter('public_range.userids');
  if (partyids.length > CALENDAR_LIMITS.publicPartyids) throw invalidParameter('public_range.partyids');
  if (!userids.every((userid) => typeof userid === 'string')) throw invalidParameter('public_range.userids');
  if (!partyids.every((id) => typeof id === 'number' && Number.isInteger(id) && id >= 0)) {
    throw invalidParameter('public_range.partyids');
  }
  return { userids: userids as string[], partyids: partyids as number[] };
}
