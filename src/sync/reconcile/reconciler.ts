import type { Logger } from 'pino';
import { Schedule } from '../../domain/schedule';
import { GET_BY_CALENDAR_MAX_LIMIT, WeComScheduleApi } from '../../datasources/wecom/schedule-api';
import { WeComApiError } from '../../errors/gateway-error';
import { RateLimitedError } from '../../errors/rate-limited-error';
import { deadlineIn } from '../../http/deadline';
import { LockHandle, LockStore, LockWaitTimeoutError } from '../../coordination/lock-types';
import { ChangeKind, ChangeSource } from '../change';
import { ObservedChange } from '../change-recorder';
import { compareListing, keepUnrecorded } from './compare-listing';
import { MAX_WATCHED_CALENDARS, ReconcileState, isCalendarId } from './reconcile-state';
import { SweepPacer } from './sweep-pacer';

/** get_by_calendar pages read per calendar and sweep at most (10,000 schedules); beyond, deletions there go unseen. */
export const MAX_PAGES_PER_CALENDAR = 10;
/** Findings recorded at once: their schedule/get reads batch together (one call per batch, ideally). */
const RECORDING_BATCH = 100;
/** The start-up sweep is skipped when another instance swept less than this ago (a rolling restart). */
const STARTUP_GAP_MS = 30_000;
/** How long after listening the start-up sweep runs (at most the interval). */
const STARTUP_DELAY_MS = 1000;
/** WeCom: the calendar was deleted / does not exist / is another app's. */
const CALENDAR_DELETED = 90459;
const CALENDAR_GONE_FOR_US = new Set([90457, 90466]);
/** This many calendars failing in a row end the sweep as `failed`: WeCom or Redis is down, not one calendar. */
const MAX_FAILURES_IN_A_ROW = 3;
/** A calendar that keeps failing is skipped for 2^(failures-1) - 1 sweeps, at most this many. */
const MAX_SWEEPS_SKIPPED = 15;

/** How a sweep ended (the outcome label of wecom_gateway_reconcile_sweeps_total). */
export type SweepOutcome =
  | 'completed' // every watched calendar compared
  | 'skipped' // another instance sweeps, or swept within this interval
  | 'budget' // the call budget refused (or WeCom's 45009 pause): continues at the next interval
  | 'yielded' // the sweep's share of the budget is spent: continues at the next interval
  | 'abandoned' // the gateway stops, or the lease was lost
  | 'failed'; // Redis or WeCom unavailable (every calendar tried failed): continues at the next interval

export interface ReconcileObserver {
  sweep(outcome: SweepOutcome, seconds: number): void;
  compared(schedules: number): void;
  found(kind: ChangeKind): void;
  /** One calendar's turn failed (its findings are kept for its next turn; the sweep goes on with the next calendar). */
  calendarFailed?(): void;
}

export interface ReconcilerOptions {
  state: ReconcileState;
  /** One sweep at a time for the fleet: a lease (Redis with CACHE_URL), renewed while held. */
  lease: LockStore;
  leaseKey: string;
  /** get_by_calendar, with the sync caller's budget. */
  scheduleApi: WeComScheduleApi;
  /** feed.recorder: re-reads the state under the resource's feed lock and drops an unchanged one. */
  recorder: { recordObserved(change: ObservedChange): Promise<unknown> };
  /** RECONCILE_INTERVAL_MS (> 0). */
  intervalMs: number;
  /** WECOM_CALENDAR_IDS: watched besides the ones the gateway creates or sees. */
  calendarIds: readonly string[];
  pacer: SweepPacer;
  logger: Logger;
  observer?: ReconcileObserver;
}

class SweepStopped extends Error {
  constructor(readonly outcome: SweepOutcome) {
    super(`sweep ${outcome}`);
  }
}

/**
 * Reconciliation (API.md, "The feed"): every interval, and once shortly after start-up, one instance
 * of the fleet pages each watched calendar with get_by_calendar and records what callbacks missed
 * (source WECOM, userId null). The recorder re-reads each changed schedule (batched schedule/get)
 * under its feed lock rather than recording the listing's item: get_by_calendar items lack fields
 * (is_whole_day, reminder offsets), so their state would never equal a callback's, and a listing read
 * before the lock may be older than a state a callback recorded meanwhile.
 */
export class Reconciler {
  private timer?: NodeJS.Timeout;
  private startup?: NodeJS.Timeout;
  private running?: Promise<SweepOutcome>;
  private stopped = false;
  private readonly stopSignal: Promise<never>;
  private abandon!: (reason: SweepStopped) => void;
  /** Calendars this process already handed to the state (repeat sightings cost nothing). */
  private readonly sighted = new Set<string>();
  private warnedFull = false;
  /** Sweeps this process ran (the clock of the back-off below). */
  private sweeps = 0;
  /** Calendars whose last turns failed: how many in a row, and the sweep before which they are not tried again. */
  private readonly failing = new Map<string, { failures: number; retryAtSweep: number }>();

  constructor(private readonly options: ReconcilerOptions) {
    this.stopSignal = new Promise<never>((_, reject) => (this.abandon = reject));
    this.stopSignal.catch(() => undefined);
  }

  start(): void {
    for (const id of this.options.calendarIds) this.sawCalendar(id);
    const delay = Math.min(STARTUP_DELAY_MS, this.options.intervalMs);
    this.startup = setTimeout(() => void this.sweep(Math.min(STARTUP_GAP_MS, this.gapMs())), delay);
    this.timer = setInterval(() => void this.sweep(this.gapMs()), this.options.intervalMs);
    this.startup.unref();
    this.timer.unref();
  }

  /** A calendar seen in a change or a read: watched from now on (cheap: once per process and id). */
  sawCalendar(calendarId: string): void {
    if (this.stopped || !isCalendarId(calendarId) || this.sighted.has(calendarId)) return;
    if (this.sighted.size >= 2 * MAX_WATCHED_CALENDARS) this.sighted.clear(); // bounded; re-adding is idempotent
    this.sighted.add(calendarId);
    this.options.state.watch(calendarId).then(
      (added) => {
        if (added || this.warnedFull) return;
        this.warnedFull = true;
        this.options.logger.warn({ calendarId, max: MAX_WATCHED_CALENDARS }, 'reconciliation watches the most calendars it may; this one is not reconciled');
      },
      (error: unknown) => {
        this.sighted.delete(calendarId); // try again at the next sighting
        this.options.logger.debug({ calendarId, reason: (error as Error).message }, 'a calendar could not be added to the watched ones');
      },
    );
  }

  /** A calendar the gateway deleted: no longer swept. */
  forgetCalendar(calendarId: string): void {
    this.sighted.delete(calendarId);
    this.failing.delete(calendarId);
    this.options.state.unwatch(calendarId).catch(() => undefined);
  }

  /** Runs one sweep now unless one runs in this process already (then joins it). Tests and timers. */
  sweep(minGapMs = this.gapMs()): Promise<SweepOutcome> {
    if (this.stopped) return Promise.resolve('abandoned');
    this.running ??= this.timedSweep(minGapMs).finally(() => (this.running = undefined));
    return this.running;
  }

  /** No sweep starts after this; one in flight is abandoned at once (its WeCom call in flight ends on its own). */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.startup);
    clearInterval(this.timer);
    this.abandon(new SweepStopped('abandoned'));
    await this.running;
  }

  /** Two sweeps of the fleet start at least this far apart (timers of instances drift). */
  private gapMs(): number {
    return Math.floor(this.options.intervalMs * 0.9);
  }

  private async timedSweep(minGapMs: number): Promise<SweepOutcome> {
    const started = performance.now();
    let outcome: SweepOutcome;
    try {
      outcome = await this.leasedSweep(minGapMs);
    } catch (error) {
      outcome = error instanceof SweepStopped ? error.outcome : 'failed';
      if (outcome === 'failed') this.options.logger.warn({ reason: (error as Error).message }, 'reconciliation sweep failed; it continues at the next interval');
    }
    this.options.observer?.sweep(outcome, (performance.now() - started) / 1000);
    if (outcome !== 'skipped') this.options.logger.debug({ outcome }, 'reconciliation sweep');
    return outcome;
  }

  private async leasedSweep(minGapMs: number): Promise<SweepOutcome> {
    let lease: LockHandle;
    try {
      lease = await this.untilStopped(this.options.lease.acquire(this.options.leaseKey, deadlineIn(0)));
    } catch (error) {
      if (error instanceof LockWaitTimeoutError) return 'skipped'; // another instance is sweeping
      throw error;
    }
    try {
      if (!(await this.untilStopped(this.options.state.claimSweep(minGapMs)))) return 'skipped';
      return await this.sweepCalendars(lease);
    } finally {
      await lease.release();
    }
  }

  private async sweepCalendars(lease: LockHandle): Promise<SweepOutcome> {
    const { state } = this.options;
    const calendars = await this.untilStopped(state.watched());
    const resumeAt = await this.untilStopped(state.resumeAt());
    const sweep = ++this.sweeps;
    // Resume where the last sweep stopped, then wrap around: every calendar gets its turn under a tight budget.
    const from = resumeAt === null ? 0 : Math.max(0, calendars.findIndex((id) => id >= resumeAt));
    const ordered = [...calendars.slice(from), ...calendars.slice(0, from)];
    let tried = 0;
    let failed = 0;
    let inARow = 0;
    for (const [index, calendarId] of ordered.entries()) {
      if ((this.failing.get(calendarId)?.retryAtSweep ?? 0) > sweep) continue; // backing off
      tried += 1;
      try {
        if (!lease.held) throw new SweepStopped('abandoned');
        await this.sweepCalendar(calendarId, lease);
        this.failing.delete(calendarId);
        inARow = 0;
      } catch (error) {
        if (error instanceof SweepStopped || error instanceof RateLimitedError) {
          if (!(error instanceof SweepStopped && error.outcome === 'abandoned')) {
            await state.setResumeAt(calendarId).catch(() => undefined);
          }
          if (error instanceof RateLimitedError) {
            this.options.logger.info({ calendarId, reason: error.message }, 'reconciliation paused by the WeCom call budget; it continues at the next interval');
            return 'budget';
          }
          throw error;
        }
        // One calendar failing (a change it cannot record, a read that keeps failing) must not hold up the
        // others: what it did not record is found again at its next turn; the sweep goes on.
        failed += 1;
        inARow += 1;
        this.calendarFailed(calendarId, sweep, error as Error);
        if (inARow >= MAX_FAILURES_IN_A_ROW) {
          // Most likely WeCom or Redis is down rather than these calendars: stop, and start after them next time.
          await state.setResumeAt(ordered[index + 1] ?? ordered[0]).catch(() => undefined);
          throw error;
        }
      }
    }
    await state.setResumeAt(null);
    return tried > 0 && failed === tried ? 'failed' : 'completed';
  }

  private calendarFailed(calendarId: string, sweep: number, error: Error): void {
    if (!this.failing.has(calendarId) && this.failing.size >= MAX_WATCHED_CALENDARS) this.failing.clear(); // bounded
    const failures = (this.failing.get(calendarId)?.failures ?? 0) + 1;
    const skipped = Math.min(2 ** Math.min(failures - 1, 10) - 1, MAX_SWEEPS_SKIPPED);
    this.failing.set(calendarId, { failures, retryAtSweep: sweep + 1 + skipped });
    this.options.observer?.calendarFailed?.();
    this.options.logger.warn(
      { calendarId, failures, sweepsSkipped: skipped, reason: error.message },
      'reconciling a calendar failed; the sweep goes on with the next one, and this one is tried again later',
    );
  }

  private async sweepCalendar(calendarId: string, lease: LockHandle): Promise<void> {
    const { state } = this.options;
    const previous = await this.untilStopped(state.view(calendarId));
    const listing = await this.list(calendarId, lease);
    if (!listing) return; // deleted or not ours: handled
    this.options.observer?.compared(listing.schedules.length);
    if (previous === null) {
      // The baseline: nothing to compare with, nothing recorded.
      await this.untilStopped(state.saveView(calendarId, compareListing(new Map(), listing.schedules, true).next));
      return;
    }
    const { findings, next } = compareListing(previous, listing.schedules, listing.complete);
    let refusal: unknown;
    for (let start = 0; start < findings.length; start += RECORDING_BATCH) {
      const batch = findings.slice(start, start + RECORDING_BATCH);
      const results = await this.untilStopped(Promise.allSettled(batch.map((finding) => {
        this.options.observer?.found(finding.kind);
        return this.options.recorder.recordObserved({ ...finding, calendarId, origin: { source: ChangeSource.WECOM, userId: null } });
      })));
      results.forEach((result, index) => {
        if (result.status === 'fulfilled') return;
        keepUnrecorded(next, previous, batch[index]);
        refusal ??= result.reason;
      });
      if (refusal) {
        // Not recorded now: found again next time (their previous entries are kept).
        for (const finding of findings.slice(start + RECORDING_BATCH)) keepUnrecorded(next, previous, finding);
        break;
      }
    }
    await this.untilStopped(state.saveView(calendarId, next));
    if (refusal) throw refusal;
  }

  /** Every page of the calendar (up to MAX_PAGES_PER_CALENDAR); null when WeCom says it is gone. */
  private async list(calendarId: string, lease: LockHandle): Promise<{ schedules: Schedule[]; complete: boolean } | null> {
    const schedules: Schedule[] = [];
    for (let page = 0; page < MAX_PAGES_PER_CALENDAR; page++) {
      if (!lease.held) throw new SweepStopped('abandoned');
      if (!this.options.pacer.take()) throw new SweepStopped('yielded');
      let items: Schedule[];
      try {
        const answer = this.options.scheduleApi.getSchedulesByCalendar(calendarId, page * GET_BY_CALENDAR_MAX_LIMIT, GET_BY_CALENDAR_MAX_LIMIT);
        items = (await this.untilStopped(answer)).schedules;
      } catch (error) {
        if (error instanceof WeComApiError && (await this.calendarGone(calendarId, error.errcode))) return null;
        throw error;
      }
      schedules.push(...items);
      if (items.length < GET_BY_CALENDAR_MAX_LIMIT) return { schedules, complete: true };
    }
    this.options.logger.warn({ calendarId, read: schedules.length }, 'calendar has more schedules than a sweep reads; deletions beyond them go unseen');
    return { schedules, complete: false };
  }

  /** 90459: recorded as CALENDAR_DELETED, then no longer watched; 90457 / 90466: not this app's to sweep. */
  private async calendarGone(calendarId: string, errcode: number): Promise<boolean> {
    if (errcode === CALENDAR_DELETED) {
      this.options.observer?.found(ChangeKind.CALENDAR_DELETED);
      await this.untilStopped(this.options.recorder.recordObserved({
        kind: ChangeKind.CALENDAR_DELETED,
        calendarId,
        origin: { source: ChangeSource.WECOM, userId: null },
      }));
    } else if (CALENDAR_GONE_FOR_US.has(errcode)) {
      this.options.logger.warn({ calendarId, errcode }, 'a watched calendar is unknown to WeCom or not this app\'s: no longer reconciled');
    } else return false;
    await this.untilStopped(this.options.state.unwatch(calendarId));
    this.sighted.delete(calendarId);
    return true;
  }

  /** `work`, unless the gateway stops first: then the sweep is abandoned at once (work ends on its own). */
  private untilStopped<T>(work: Promise<T>): Promise<T> {
    if (this.stopped) {
      work.catch(() => undefined);
      return Promise.reject(new SweepStopped('abandoned'));
    }
    work.catch(() => undefined);
    return Promise.race([work, this.stopSignal]);
  }
}
