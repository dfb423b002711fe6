import { MAX_WATCHED_CALENDARS, ReconcileState, SweepView } from './reconcile-state';

/** Schedules remembered at most across all views in process memory (about 100 bytes each). */
export const MAX_TRACKED_SCHEDULES_IN_MEMORY = 500_000;

/** Reconciliation's memory when the gateway runs alone (no CACHE_URL): bounded maps in this process. */
export class MemoryReconcileState implements ReconcileState {
  private readonly calendars = new Set<string>();
  private readonly views = new Map<string, SweepView>();
  private tracked = 0;
  private resume: string | null = null;
  private lastClaim = -Infinity;

  constructor(private readonly maxWatched = MAX_WATCHED_CALENDARS) {}

  async watch(calendarId: string): Promise<boolean> {
    if (this.calendars.has(calendarId)) return true;
    if (this.calendars.size >= this.maxWatched) return false;
    this.calendars.add(calendarId);
    return true;
  }

  async unwatch(calendarId: string): Promise<void> {
    this.calendars.delete(calendarId);
    this.tracked -= this.views.get(calendarId)?.size ?? 0;
    this.views.delete(calendarId);
  }

  async watched(): Promise<string[]> {
    return [...this.calendars].sort();
  }

  async view(calendarId: string): Promise<SweepView | null> {
    const view = this.views.get(calendarId);
    return view ? new Map(view) : null;
  }

  async saveView(calendarId: string, view: SweepView): Promise<void> {
    const previous = this.views.get(calendarId)?.size ?? 0;
    if (this.tracked - previous + view.size > MAX_TRACKED_SCHEDULES_IN_MEMORY) {
      throw new RangeError(`reconciliation remembers at most ${MAX_TRACKED_SCHEDULES_IN_MEMORY} schedules in memory (set CACHE_URL for more)`);
    }
    this.tracked += view.size - previous;
    this.views.set(calendarId, new Map(view));
  }

  async resumeAt(): Promise<string | null> {
    return this.resume;
  }

  async setResumeAt(calendarId: string | null): Promise<void> {
    this.resume = calendarId;
  }

  async claimSweep(minGapMs: number): Promise<boolean> {
    const now = Date.now();
    if (now - this.lastClaim < minGapMs) return false;
    this.lastClaim = now;
    return true;
  }
}
