import { ErrorCode } from './error-codes';

/**
 * The one table from WeCom errcodes to our contract (WECOM.md section 6).
 * Decisions are taken on the errcode only: errmsg carries hints and the caller's IP and may change.
 */
export interface ErrcodeRule {
  code: ErrorCode;
  /** A message safe to show the caller (never WeCom's errmsg). */
  message: string;
  /** The input field a caller should fix, for errcodes that are really input errors. */
  field?: string;
  /** The access token was rejected: drop it, fetch a new one, retry once. WeCom did not process the call. */
  tokenRejected?: boolean;
  /** Transient on WeCom's side: a safe (read) call may be retried with backoff. */
  transient?: boolean;
  /** For WECOM_RATE_LIMITED: when the caller may try again (`extensions.retryAfterSeconds`). */
  retryAfterSeconds?: number;
}

const rule = (code: ErrorCode, message: string, extra: Partial<ErrcodeRule> = {}): ErrcodeRule => ({
  code,
  message,
  ...extra,
});

const input = (field: string, message: string): ErrcodeRule => rule(ErrorCode.BadUserInput, message, { field });
const notFound = (message: string): ErrcodeRule => rule(ErrorCode.NotFound, message);
const forbidden = (message: string): ErrcodeRule => rule(ErrorCode.Forbidden, message);

const API_ERRCODES: ReadonlyMap<number, ErrcodeRule> = new Map([
  [-1, rule(ErrorCode.Unavailable, 'WeCom is busy', { transient: true })],
  // 40001 on an API call (not gettoken) means the token no longer matches the secret: refresh once.
  [40001, rule(ErrorCode.AuthFailed, 'WeCom rejected the access token', { tokenRejected: true })],
  [40014, rule(ErrorCode.AuthFailed, 'WeCom rejected the access token', { tokenRejected: true })],
  [42001, rule(ErrorCode.AuthFailed, 'The WeCom access token expired', { tokenRejected: true })],
  [41001, rule(ErrorCode.WeComError, 'The WeCom access token was missing')],
  [40003, input('input.attendees', 'A user id is not a valid WeCom user id')],
  [40031, input('input.attendees', 'The user id list is not valid')],
  [40056, rule(ErrorCode.WeComError, 'The configured WeCom agent id is not valid')],
  [40058, rule(ErrorCode.WeComError, 'WeCom rejected a request parameter')],
  // Not transient: WeCom blocks the API for the corp for a minute, and retrying into the block prolongs
  // it. The call budget pauses the API fleet-wide instead (src/limits/wecom-call-budget.ts).
  [45009, rule(ErrorCode.RateLimited, 'WeCom frequency limit reached', { retryAfterSeconds: 60 })],
  // Concurrency, not quota: a read backs off briefly (fewer calls in flight), each retry within the budget.
  [45033, rule(ErrorCode.RateLimited, 'WeCom concurrency limit reached', { transient: true, retryAfterSeconds: 1 })],
  [48002, forbidden('The app is not allowed to call this WeCom API')],
  [60011, forbidden('A user is outside the app’s visible range')],
  [60020, forbidden('The gateway’s IP address is not in the app’s trusted IP list')],
  [60111, input('input.attendees', 'A user id does not exist in WeCom')],
  [301002, forbidden('The access token belongs to another app')],
  [6000, rule(ErrorCode.WeComError, 'Concurrent modification in WeCom, try again later')],
  // Schedule and calendar errcodes (WECOM.md section 6), none retryable.
  [90456, rule(ErrorCode.WeComError, 'WeCom asked for an organizer (a deprecated field)')],
  [90457, notFound('The calendar does not exist')],
  [90458, input('ids', 'The calendar id list is empty')],
  [90459, notFound('The calendar was deleted')],
  [90460, notFound('The schedule was deleted')],
  [90461, notFound('The schedule does not exist')],
  [90462, input('ids', 'The schedule id list is empty')],
  [90463, rule(ErrorCode.WeComError, 'The organizer cannot be changed')],
  [90464, input('input.attendees', 'Too many attendees')],
  [90465, input('input.reminders.repeatType', 'Unsupported repeat type')],
  [90466, forbidden('The calendar or schedule was created by another app')],
  [90467, input('input.reminders.repeatDayOfWeek', 'Invalid day of week')],
  [90468, rule(ErrorCode.WeComError, 'The organizer cannot be changed')],
  [90469, input('first', 'Page size over WeCom’s limit of 1,000')],
  [90470, input('after', 'Invalid page offset')],
  [90471, input('input.reminders.remindTimeDiffs', 'Invalid reminder time')],
  [90472, forbidden('No permission on this calendar or schedule')],
  [90473, input('input.color', 'Invalid color: use #RRGGBB')],
  [90474, rule(ErrorCode.WeComError, 'The organizer is also listed as an attendee')],
  [90475, forbidden('The calendar does not belong to the organizer')],
  [90477, forbidden('Only the system schedule app may access user-created schedules')],
  [90479, forbidden('Schedules created by users cannot be operated by an app')],
  [90480, input('input.reminders.timezone', 'Invalid timezone')],
  [90481, rule(ErrorCode.WeComError, 'The organizer has reached WeCom’s calendar quota')],
  [90482, input('occurrenceStart', 'Not the start of an occurrence of this schedule')],
  [90483, input('input.publicRange', 'A public or corp calendar needs a public range')],
  [90484, input('scope', 'THIS_OCCURRENCE needs a recurring schedule and cannot make the piece recurring')],
  [90485, input('scope', 'This scope needs a recurring schedule')],
  [90486, input('input.reminders.repeatInterval', 'repeatInterval is required for a custom repeat')],
  [90487, input('input.reminders.repeatDayOfMonth', 'Invalid day of month')],
  [90488, input('input.startTime', 'The new time must not be before the occurrence’s day')],
  [90489, input('input.isPublic', 'Only public calendars can be subscribed automatically')],
  [90490, input('input.shares', 'Too many subscribers')],
  [90491, forbidden('A user is outside the calendar’s subscribable range')],
  [90492, input('input.admins', 'Every admin must be among the calendar’s shares')],
  [90493, rule(ErrorCode.WeComError, 'A deprecated WeCom parameter was used')],
  [90494, forbidden('The calendar was not created by this user')],
  [90495, forbidden('This type of app cannot set admins')],
  [90496, input('input.admins', 'A read-only calendar cannot have admins')],
  [90497, forbidden('Schedules created from mail cannot be updated')],
  [90498, rule(ErrorCode.WeComError, 'The schedule has a meeting room booked: cancel the booking before changing its time or repeat')],
  [90499, forbidden('The meeting room was booked by another app')],
]);

/** At gettoken, a rejected corp id or secret is a configuration fault: report it, never loop. */
const TOKEN_ERRCODES: ReadonlyMap<number, ErrcodeRule> = new Map([
  [-1, rule(ErrorCode.Unavailable, 'WeCom is busy', { transient: true })],
  [40001, rule(ErrorCode.AuthFailed, 'WeCom rejected the configured corp secret')],
  [40013, rule(ErrorCode.AuthFailed, 'WeCom rejected the configured corp id')],
  [40091, rule(ErrorCode.AuthFailed, 'WeCom rejected the configured corp secret')],
  [41002, rule(ErrorCode.AuthFailed, 'The corp id is missing')],
  [41004, rule(ErrorCode.AuthFailed, 'The corp secret is missing')],
  [45009, rule(ErrorCode.RateLimited, 'WeCom frequency limit reached while fetching a token', { transient: true })],
  [60020, forbidden('The gateway’s IP address is not in the app’s trusted IP list')],
]);

const UNKNOWN = rule(ErrorCode.WeComError, 'WeCom returned an error');

/** The rule for an errcode returned by a schedule/calendar API call. */
export function ruleForApiErrcode(errcode: number): ErrcodeRule {
  return API_ERRCODES.get(errcode) ?? UNKNOWN;
}

/** The rule for an errcode returned by gettoken. */
export function ruleForTokenErrcode(errcode: number): ErrcodeRule {
  return TOKEN_ERRCODES.get(errcode) ?? UNKNOWN;
}
