/**
 * The sweep's own share of the get_by_calendar budget: it counts the calls it made in the last
 * minute and yields once it made `share` of them, leaving the rest of WECOM_CALLS_PER_MINUTE to
 * callers (Calendar.schedules pages, the lost-create search). One instance sweeps at a time, so
 * counting in process is counting for the fleet.
 */
export class SweepPacer {
  private readonly times: number[] = [];

  constructor(
    private readonly share: number,
    private readonly windowMs = 60_000,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Takes one call of the share; false when it is spent (the sweep stops and resumes next interval). */
  take(): boolean {
    const now = this.clock();
    while (this.times.length > 0 && this.times[0] <= now - this.windowMs) this.times.shift();
    if (this.times.length >= this.share) return false;
    this.times.push(now);
    return true;
  }
}

/** Half the fleet's per-minute budget of get_by_calendar goes to sweeps, at least one call. */
export const SWEEP_BUDGET_SHARE = 0.5;

export function sweepShareOf(callsPerMinute: number): number {
  return Math.max(1, Math.floor(callsPerMinute * SWEEP_BUDGET_SHARE));
}
