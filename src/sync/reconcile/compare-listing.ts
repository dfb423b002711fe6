import { Schedule, ScheduleStatus } from '../../domain/schedule';
import { ChangeKind } from '../change';
import { SweepView } from './reconcile-state';

/** A change a sweep found by comparing a calendar's listing with its previous view. */
export interface SweepFinding {
  kind: ChangeKind.SCHEDULE_CREATED | ChangeKind.SCHEDULE_UPDATED | ChangeKind.SCHEDULE_DELETED;
  scheduleId: string;
}

export interface Comparison {
  findings: SweepFinding[];
  /** The view to keep for the next sweep (see `keepUnrecorded` for findings not recorded). */
  next: SweepView;
}

/**
 * API.md, "The feed": a schedule whose `sequence` is higher than the last one seen is updated
 * (deleted when now cancelled), one not there before is created, one gone from a complete listing is
 * deleted. A truncated listing (more schedules than a sweep reads per calendar) says nothing about
 * the schedules it did not reach: they keep their previous entries.
 */
export function compareListing(previous: SweepView, listing: readonly Schedule[], complete: boolean): Comparison {
  const findings: SweepFinding[] = [];
  const next: SweepView = new Map();
  for (const schedule of listing) {
    const sequence = schedule.sequence ?? '';
    next.set(schedule.id, sequence);
    const seen = previous.get(schedule.id);
    const cancelled = schedule.status === ScheduleStatus.CANCELLED;
    if (seen === undefined) findings.push({ kind: ChangeKind.SCHEDULE_CREATED, scheduleId: schedule.id });
    else if (isHigher(sequence, seen)) {
      findings.push({ kind: cancelled ? ChangeKind.SCHEDULE_DELETED : ChangeKind.SCHEDULE_UPDATED, scheduleId: schedule.id });
    }
  }
  for (const [id, sequence] of previous) {
    if (next.has(id)) continue;
    if (complete) findings.push({ kind: ChangeKind.SCHEDULE_DELETED, scheduleId: id });
    else next.set(id, sequence);
  }
  return { findings, next };
}

/** A finding that could not be recorded is found again by the next sweep: its previous entry is put back. */
export function keepUnrecorded(next: SweepView, previous: SweepView, finding: SweepFinding): void {
  const seen = previous.get(finding.scheduleId);
  if (seen === undefined) next.delete(finding.scheduleId);
  else next.set(finding.scheduleId, seen);
}

/** WeCom's sequence is a uint64 as a decimal string; anything else counts as changed when it differs. */
export function isHigher(sequence: string, seen: string): boolean {
  const decimal = /^\d{1,20}$/;
  if (decimal.test(sequence) && decimal.test(seen)) return BigInt(sequence) > BigInt(seen);
  return sequence !== seen;
}
