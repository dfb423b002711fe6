/**
 * What reconciliation remembers between sweeps, per WeCom app (API.md, "The feed"): the calendars it
 * watches, each calendar's view at its last sweep (schedule id -> sequence), where an interrupted
 * sweep stopped, and when the fleet last started a sweep. In Redis with CACHE_URL (shared by the
 * fleet, so whichever instance sweeps next continues from the same view), in process memory otherwise.
 */
export interface ReconcileState {
  /** Adds a calendar to the watched ones; false when MAX_WATCHED_CALENDARS are watched already (not added). */
  watch(calendarId: string): Promise<boolean>;
  /** Stops watching a calendar (deleted, or not this app's) and forgets its view. */
  unwatch(calendarId: string): Promise<void>;
  /** The watched calendars, sorted (a sweep's order, so that it can resume where one stopped). */
  watched(): Promise<string[]>;
  /** The calendar's view at its last complete sweep; null before its first (the baseline is due). */
  view(calendarId: string): Promise<SweepView | null>;
  saveView(calendarId: string, view: SweepView): Promise<void>;
  /** The calendar an interrupted sweep stopped at; null: start from the first. */
  resumeAt(): Promise<string | null>;
  setResumeAt(calendarId: string | null): Promise<void>;
  /**
   * Claims a sweep for the fleet: true (and marks now) unless a sweep started less than `minGapMs`
   * ago, so that N instances with the same interval sweep once per interval in total.
   */
  claimSweep(minGapMs: number): Promise<boolean>;
}

/** A calendar's schedules at a sweep: id -> WeCom's `sequence` (decimal string; '' when WeCom gave none). */
export type SweepView = Map<string, string>;

/** Calendars watched at most (each costs at least one get_by_calendar per sweep). */
export const MAX_WATCHED_CALENDARS = 1000;

/** Calendar ids kept: WeCom's are short; anything else is not one. */
export function isCalendarId(id: string): boolean {
  return id.length > 0 && id.length <= 128 && /^[\x21-\x7e]+$/.test(id);
}
