/** The `extensions.code` values of the public contract (API.md, "Errors"). */
export const ErrorCode = {
  BadUserInput: 'BAD_USER_INPUT',
  NotFound: 'NOT_FOUND',
  RateLimited: 'WECOM_RATE_LIMITED',
  Unavailable: 'WECOM_UNAVAILABLE',
  Forbidden: 'WECOM_FORBIDDEN',
  AuthFailed: 'WECOM_AUTH_FAILED',
  WeComError: 'WECOM_ERROR',
  Internal: 'INTERNAL_SERVER_ERROR',
  // Contract, part 2
  Unauthenticated: 'UNAUTHENTICATED',
  CallerForbidden: 'FORBIDDEN',
  Conflict: 'CONFLICT',
  CacheUnavailable: 'CACHE_UNAVAILABLE',
  CursorExpired: 'CURSOR_EXPIRED',
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];
