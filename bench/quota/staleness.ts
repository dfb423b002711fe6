import type { ReadLog } from './quota-load';

/** How far behind WeCom the answers were, while WeCom users changed schedules. */
export interface Staleness {
  /** Changes made during the load. */
  changes: number;
  /** Successful reads logged. */
  reads: number;
  /**
   * Stale answers: reads sent after a change to their schedule that answered the state before it.
   * Their age: answer received − that change's time (the change the answer missed, the oldest one).
   */
  staleReads: number;
  maxStaleAgeMs: number;
  p99StaleAgeMs: number;
  /** Per change read at least once: first read showing it (or a later change) − the change's time. */
  changesSeen: number;
  firstShownP50Ms: number;
  firstShownMaxMs: number;
  /** Answers whose summary names a change made to another schedule (must be 0). */
  wrongSchedule: number;
}

/**
 * Matches every logged read against the changes. The drive edits round robin: change n went to
 * schedule (firstIndex + n) mod L at changedAt[n], so schedule i's changes are n0, n0 + L, n0 + 2L, ...
 * with n0 = (i − firstIndex) mod L, and the change after the one an answer shows is shown + L (n0 after
 * the seeded state). A read is stale when that next change was made before the read was sent.
 */
export function measureStaleness(log: ReadLog, changedAt: number[], firstIndex: number, scheduleCount: number): Staleness {
  const L = scheduleCount;
  const staleAges: number[] = [];
  const firstShown = new Map<number, number>();
  let wrongSchedule = 0;
  for (let r = 0; r < log.index.length; r += 1) {
    const i = log.index[r];
    const shown = log.shown[r];
    if (shown >= 0 && (firstIndex + shown) % L !== i) {
      wrongSchedule += 1;
      continue;
    }
    const next = shown < 0 ? (i - firstIndex + L) % L : shown + L;
    if (next < changedAt.length && changedAt[next] < log.sentAt[r]) staleAges.push(log.receivedAt[r] - changedAt[next]);
    // The answer shows `shown` and every earlier change to the schedule (shown − L, shown − 2L, ...).
    for (let n = shown; n >= 0; n -= L) {
      if (firstShown.has(n)) break; // the log is in order of receipt: the first is the earliest
      firstShown.set(n, log.receivedAt[r]);
    }
  }
  staleAges.sort((a, b) => a - b);
  const delays = [...firstShown].map(([n, at]) => at - changedAt[n]).sort((a, b) => a - b);
  return {
    changes: changedAt.length,
    reads: log.index.length,
    staleReads: staleAges.length,
    maxStaleAgeMs: staleAges.length ? staleAges[staleAges.length - 1] : 0,
    p99StaleAgeMs: percentile(staleAges, 0.99),
    changesSeen: delays.length,
    firstShownP50Ms: percentile(delays, 0.5),
    firstShownMaxMs: delays.length ? delays[delays.length - 1] : Number.NaN,
    wrongSchedule,
  };
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
}
