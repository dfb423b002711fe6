import { createHash } from 'node:crypto';
import { ScheduleStatus } from '../domain/schedule';
import { ChangeFacts } from './change';

/**
 * What "the state differs from the last one recorded" compares (API.md): a digest of the state
 * after the change. `sequence` is left out (schedule/get has none, get_by_calendar has it), so the
 * same state read either way is the same; a deleted resource's digest is its own constant.
 */
export function stateDigest(facts: Pick<ChangeFacts, 'schedule' | 'calendar'>): string {
  // Deleted is deleted: a cancelled schedule read back and one gone from a listing are the same state.
  const liveSchedule = facts.schedule && facts.schedule.status !== ScheduleStatus.CANCELLED ? facts.schedule : null;
  const state = liveSchedule ? { ...liveSchedule, sequence: null } : facts.calendar;
  return createHash('sha256').update(state ? canonicalJson(state) : 'gone').digest('base64url');
}

/** JSON with object keys sorted, so equal states give equal text whatever order their fields were built in. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) => {
    if (item && typeof item === 'object' && !Array.isArray(item) && !(item instanceof Date)) {
      return Object.fromEntries(Object.entries(item as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    }
    return item;
  });
}
