export interface BackoffOptions {
  /** Attempts in all, the first included. @default 3 */
  maxAttempts: number;
  /** Delay before the second attempt, doubled each time. @default 100 */
  baseDelayMs: number;
  /** Upper bound of one delay. @default 2000 */
  maxDelayMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 2000 };

/**
 * Exponential backoff with "equal jitter" (half the exponential bound plus a random half), so that
 * many callers hitting a busy WeCom at once do not come back in lockstep.
 */
export function backoffDelayMs(attempt: number, options: BackoffOptions, random: () => number = Math.random): number {
  const bound = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(bound / 2 + (random() * bound) / 2);
}
