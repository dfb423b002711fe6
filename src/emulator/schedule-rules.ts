import { WeComError } from './wecom-errors';
import { DEFAULT_TIMEZONE, defaultReminderInput, type ReminderInput } from './wire-schedule';

/**
 * Input checks for `oa/schedule/add` and `oa/schedule/update` (WECOM.md 4.1, 4.2), answering WeCom's errcodes.
 * Values must be JSON numbers/strings of the documented type: the emulator is strict so gateway bugs surface.
 */

export const SCHEDULE_LIMITS = Object.freeze({
  summaryChars: 128,
  descriptionChars: 1000,
  locationChars: 128,
  admins: 3,
  attendees: 1000,
  userIdBytes: 64,
  calIdBytes: 64,
  idsPerGet: 1000,
  defaultPageSize: 500,
  maxPageSize: 1000,
});

const REMIND_TIME_DIFFS = new Set([0, -300, -900, -3600, -86400]);
/** Whole-day events also allow 09:00 that day, 2 days and 1 week before (relative to 00:00). */
const WHOLE_DAY_EXTRA_DIFFS = new Set([32400, -172800, -604800]);
const REMIND_BEFORE_EVENT_SECS = new Set([0, 300, 900, 3600, 86400]);
/** 0 daily, 1 weekly, 2 monthly, 5 yearly, 7 workdays. */
const REPEAT_TYPES = new Set([0, 1, 2, 5, 7]);
const MAX_UINT32 = 0xffffffff;

export type JsonObject = Record<string, unknown>;

export interface ScheduleInput {
  /** Undefined when omitted or '' ([U] an empty cal_id is treated like an omitted one). */
  calId?: string;
  admins: string[];
  attendeeIds: string[];
  summary: string;
  description: string;
  location: string;
  startTime: number;
  endTime: number;
  isWholeDay: number;
  reminders: ReminderInput;
}

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function invalidParameter(field: string): WeComError {
  return new WeComError(40058, `invalid parameter ${field}`);
}

/** Validates the `schedule` object of add/update; the first violated rule decides the errcode. */
export function parseScheduleInput(raw: unknown): ScheduleInput {
  if (!isJsonObject(raw)) throw new WeComError(40058, 'missing parameter schedule');
  const startTime = requiredUint(raw, 'start_time');
  const endTime = requiredUint(raw, 'end_time');
  // Real WeCom answers end < start with 40058 "missing paramters start_time" (WECOM.md 4.1).
  if (endTime < startTime) throw new WeComError(40058, 'missing parameter start_time');
  const isWholeDay = parseFlag(raw, 'is_whole_day');
  return {
    calId: parseCalId(raw),
    summary: optionalText(raw, 'summary', SCHEDULE_LIMITS.summaryChars),
    description: optionalText(raw, 'description', SCHEDULE_LIMITS.descriptionChars),
    location: optionalText(raw, 'location', SCHEDULE_LIMITS.locationChars),
    admins: parseAdmins(raw.admins),
    attendeeIds: parseAttendeeIds(raw.attendees),
    startTime,
    endTime,
    isWholeDay,
    reminders: parseReminders(raw.reminders, isWholeDay === 1),
  };
}

/** A 0/1 flag; absent → 0. */
export function parseFlag(obj: JsonObject, key: string): number {
  const value = obj[key];
  if (value === undefined || value === null) return 0;
  if (value !== 0 && value !== 1) throw invalidParameter(key);
  return value;
}

/** op_mode of update/del: 0 all (default), 1 this occurrence, 2 this and following; anything else → 90485. */
export function parseOpMode(obj: JsonObject): number {
  const value = obj.op_mode;
  if (value === undefined || value === null) return 0;
  if (value !== 0 && value !== 1 && value !== 2) throw new WeComError(90485);
  return value;
}

export function requiredScheduleId(obj: JsonObject): string {
  const value = obj.schedule_id;
  if (value === undefined || value === null) throw new WeComError(40058, 'missing parameter schedule_id');
  if (typeof value !== 'string') throw invalidParameter('schedule_id');
  if (value === '') throw new WeComError(90461);
  return value;
}

/** A `cal_id` that names an existing calendar: missing → 40058, '' → 90457 ([U] like an unknown id). */
export function requiredCalId(obj: JsonObject): string {
  const value = obj.cal_id;
  if (value === undefined || value === null) throw new WeComError(40058, 'missing parameter cal_id');
  if (typeof value !== 'string') throw invalidParameter('cal_id');
  if (value === '') throw new WeComError(90457);
  return value;
}

/** `op_start_time` of update/del with op_mode 1/2: absent → 90482; [U] not a uint32 → 40058. */
export function requiredOpStartTime(obj: JsonObject): number {
  if (obj.op_start_time === undefined || obj.op_start_time === null) throw new WeComError(90482);
  return requiredUint(obj, 'op_start_time');
}

/** get_by_calendar `offset`: default 0; negative or non-integer → 90470 ([U] non-numbers too). */
export function parsePageOffset(obj: JsonObject): number {
  const value = obj.offset;
  if (value === undefined || value === null) return 0;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) throw new WeComError(90470);
  return value;
}

/** get_by_calendar `limit`: default 500; outside 1..1000 → 90469 ([U] non-integers too). */
export function parsePageLimit(obj: JsonObject): number {
  const value = obj.limit;
  if (value === undefined || value === null) return SCHEDULE_LIMITS.defaultPageSize;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > SCHEDULE_LIMITS.maxPageSize) {
    throw new WeComError(90469);
  }
  return value;
}

/** `schedule_id_list` of schedule/get: missing/empty → 90462, over 1000 → 40058. */
export function parseScheduleIdList(value: unknown): string[] {
  if (value === undefined || value === null) throw new WeComError(90462);
  if (!Array.isArray(value)) throw invalidParameter('schedule_id_list');
  if (value.length === 0) throw new WeComError(90462);
  if (value.length > SCHEDULE_LIMITS.idsPerGet) throw invalidParameter('schedule_id_list');
  if (!value.every((id) => typeof id === 'string')) throw invalidParameter('schedule_id_list');
  return value as string[];
}

function parseCalId(obj: JsonObject): string | undefined {
  const value = obj.cal_id;
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw invalidParameter('cal_id');
  if (byteLength(value) > SCHEDULE_LIMITS.calIdBytes) throw new WeComError(90457);
  return value;
}

function parseAdmins(value: unknown): string[] {
  const admins = optionalList(value, 'admins');
  if (admins.length > SCHEDULE_LIMITS.admins) throw invalidParameter('admins');
  if (!admins.every((userid) => typeof userid === 'string')) throw invalidParameter('admins');
  // [U] The doc says admins must be among attendees, without naming an errcode; not enforced.
  return admins as string[];
}

/** Attendee userids, deduplicated in first-seen order ([U] WeCom behaviour for duplicates). */
function parseAttendeeIds(value: unknown): string[] {
  const attendees = optionalList(value, 'attendees');
  if (attendees.length > SCHEDULE_LIMITS.attendees) throw new WeComError(90464);
  return [...new Set(attendees.map((attendee) => attendeeUserId(attendee)))];
}

/** One `{userid}` item of an attendee (or share) list: 1..64 bytes, else 40003. */
export function attendeeUserId(attendee: unknown, field = 'attendees'): string {
  if (!isJsonObject(attendee) || typeof attendee.userid !== 'string') throw invalidParameter(field);
  const bytes = byteLength(attendee.userid);
  // [U] only the 1..64 byte rule is enforced; existence and character set are not checked.
  if (bytes < 1 || bytes > SCHEDULE_LIMITS.userIdBytes) throw new WeComError(40003);
  return attendee.userid;
}

function parseReminders(value: unknown, isWholeDay: boolean): ReminderInput {
  if (value === undefined || value === null) return defaultReminderInput();
  if (!isJsonObject(value)) throw invalidParameter('reminders');
  const isCustomRepeat = parseFlag(value, 'is_custom_repeat');
  const repeatInterval = optionalUint(value, 'repeat_interval');
  if (isCustomRepeat === 1 && repeatInterval < 1) throw new WeComError(90486);
  const diffAllowed = (n: number) => REMIND_TIME_DIFFS.has(n) || (isWholeDay && WHOLE_DAY_EXTRA_DIFFS.has(n));
  // [U] values are echoed as sent: whether WeCom derives remind_time_diffs from remind_before_event_secs is unknown.
  return {
    is_remind: parseFlag(value, 'is_remind'),
    remind_before_event_secs: optionalMember(value, 'remind_before_event_secs', REMIND_BEFORE_EVENT_SECS, 90471),
    remind_time_diffs: optionalIntList(value, 'remind_time_diffs', diffAllowed, 90471),
    is_repeat: parseFlag(value, 'is_repeat'),
    repeat_type: optionalMember(value, 'repeat_type', REPEAT_TYPES, 90465),
    repeat_until: optionalUint(value, 'repeat_until'),
    is_custom_repeat: isCustomRepeat,
    repeat_interval: repeatInterval,
    repeat_day_of_week: optionalIntList(value, 'repeat_day_of_week', (n) => n >= 1 && n <= 7, 90467),
    repeat_day_of_month: optionalIntList(value, 'repeat_day_of_month', (n) => n >= 1 && n <= 31, 90487),
    timezone: parseTimezone(value.timezone),
  };
}

/** Whole-hour UTC offset in -12..+12; absent → +8. */
function parseTimezone(value: unknown): number {
  if (value === undefined || value === null) return DEFAULT_TIMEZONE;
  if (typeof value !== 'number') throw invalidParameter('timezone');
  if (!Number.isInteger(value) || value < -12 || value > 12) throw new WeComError(90480);
  return value;
}

function requiredUint(obj: JsonObject, key: string): number {
  const value = obj[key];
  if (value === undefined || value === null) throw new WeComError(40058, `missing parameter ${key}`);
  if (!isUint32(value)) throw invalidParameter(key);
  return value;
}

function optionalUint(obj: JsonObject, key: string): number {
  const value = obj[key];
  if (value === undefined || value === null) return 0;
  if (!isUint32(value)) throw invalidParameter(key);
  return value;
}

/** A number from a fixed set; absent → 0; a number outside the set → `errcode`. */
function optionalMember(obj: JsonObject, key: string, allowed: ReadonlySet<number>, errcode: number): number {
  const value = obj[key];
  if (value === undefined || value === null) return 0;
  if (typeof value !== 'number') throw invalidParameter(key);
  if (!allowed.has(value)) throw new WeComError(errcode);
  return value;
}

function optionalIntList(obj: JsonObject, key: string, allowed: (n: number) => boolean, errcode: number): number[] {
  const list = optionalList(obj[key], key);
  return list.map((item) => {
    if (typeof item !== 'number') throw invalidParameter(key);
    if (!Number.isInteger(item) || !allowed(item)) throw new WeComError(errcode);
    return item;
  });
}

export function optionalText(obj: JsonObject, key: string, maxChars: number): string {
  const value = obj[key];
  if (value === undefined || value === null) return '';
  if (typeof value !== 'string') throw invalidParameter(key);
  // Limits are in characters (code points), not bytes: 128 Chinese characters are fine.
  if ([...value].length > maxChars) throw invalidParameter(key);
  return value;
}

export function optionalList(value: unknown, key: string): unknown[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw invalidParameter(key);
  return value;
}

function isUint32(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= MAX_UINT32;
}

export function byteLength(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}
