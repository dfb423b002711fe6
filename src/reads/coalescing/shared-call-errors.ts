import { ErrorCode } from '../../errors/error-codes';
import { WeComApiError } from '../../errors/gateway-error';
import { RateLimitedError } from '../../errors/rate-limited-error';

/**
 * WeCom errcodes about the app or the call as a whole, whatever ids it carried: every request sharing
 * the call gets them as they are (no point in asking again per request).
 */
const APP_WIDE_ERRCODES = new Set([
  41001, // token missing
  40056, // agent id not valid
  48002, // app not allowed to call the API
  60020, // our IP is not trusted
  301002, // token of another app
]);

/**
 * Could this failure of a shared call be about some of its ids (one request's input) rather than the
 * call? Then each request's ids are asked again apart, so that one request's bad id (an invalid format,
 * calendar/get's 90459 for a deleted calendar in the batch) is not the others' error. WeCom being
 * unavailable, busy or rate limiting, and token or app problems, concern everyone alike.
 */
export function mayConcernSomeIds(error: unknown): boolean {
  if (!(error instanceof WeComApiError)) return false;
  if (APP_WIDE_ERRCODES.has(error.errcode)) return false;
  const code = error.rule.code;
  return code !== ErrorCode.Unavailable && code !== ErrorCode.RateLimited && code !== ErrorCode.AuthFailed;
}

/**
 * The opening caller's own share of WeCom calls (CALLER_WECOM_CALLS_PER_MINUTE) is spent: nothing was
 * sent, and requests of other callers may still make the call.
 */
export function isCallerShareSpent(error: unknown): boolean {
  return error instanceof RateLimitedError && error.extensions.limitedBy === 'caller';
}
