/**
 * At most `perSecond` warnings a second; the rest are written at debug level and counted, and the next
 * warning let through says how many were held back. A flood of failing requests (a dead WeCom, a
 * hostile client) then costs a bounded number of warning lines, and the count is not lost.
 */
export class WarningSampler {
  private second = -1;
  private used = 0;
  private suppressed = 0;

  constructor(
    private readonly perSecond: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Whether this warning may be written, and how many were held back since the last one written. */
  take(): { allowed: boolean; suppressedBefore: number } {
    const second = Math.floor(this.now() / 1000);
    if (second !== this.second) {
      this.second = second;
      this.used = 0;
    }
    if (this.used >= this.perSecond) {
      this.suppressed += 1;
      return { allowed: false, suppressedBefore: 0 };
    }
    this.used += 1;
    const suppressedBefore = this.suppressed;
    this.suppressed = 0;
    return { allowed: true, suppressedBefore };
  }
}

/** Warnings a second per process, for the access log and unexpected errors together. */
export const WARNINGS_PER_SECOND = 20;
