import { Schedule, ScheduleStatus } from '../../src/domain/schedule';
import { ChangeKind } from '../../src/sync/change';
import { compareListing, isHigher, keepUnrecorded } from '../../src/sync/reconcile/compare-listing';

const listed = (id: string, sequence: string | null, status = ScheduleStatus.ACTIVE) => ({ id, sequence, status }) as Schedule;

describe('compareListing (a sweep against the previous view)', () => {
  const previous = new Map([
    ['same', '5'],
    ['moved', '6'],
    ['cancelled', '7'],
    ['gone', '8'],
  ]);
  const listing = [listed('same', '5'), listed('moved', '16'), listed('cancelled', '17', ScheduleStatus.CANCELLED), listed('new', '18')];

  it('finds updates by a higher sequence, deletions (cancelled or gone from a complete listing) and creations', () => {
    const { findings, next } = compareListing(previous, listing, true);
    expect(findings).toEqual([
      { kind: ChangeKind.SCHEDULE_UPDATED, scheduleId: 'moved' },
      { kind: ChangeKind.SCHEDULE_DELETED, scheduleId: 'cancelled' },
      { kind: ChangeKind.SCHEDULE_CREATED, scheduleId: 'new' },
      { kind: ChangeKind.SCHEDULE_DELETED, scheduleId: 'gone' },
    ]);
    expect([...next]).toEqual([['same', '5'], ['moved', '16'], ['cancelled', '17'], ['new', '18']]);
  });

  it('says nothing of schedules a truncated listing did not reach, and keeps their entries', () => {
    const { findings, next } = compareListing(previous, listing, false);
    expect(findings.map((finding) => finding.scheduleId)).toEqual(['moved', 'cancelled', 'new']);
    expect(next.get('gone')).toBe('8');
  });

  it('puts back the previous entry of a finding not recorded, so the next sweep finds it again', () => {
    const { next } = compareListing(previous, listing, true);
    keepUnrecorded(next, previous, { kind: ChangeKind.SCHEDULE_UPDATED, scheduleId: 'moved' });
    keepUnrecorded(next, previous, { kind: ChangeKind.SCHEDULE_CREATED, scheduleId: 'new' });
    keepUnrecorded(next, previous, { kind: ChangeKind.SCHEDULE_DELETED, scheduleId: 'gone' });
    expect(next.get('moved')).toBe('6');
    expect(next.has('new')).toBe(false);
    expect(next.get('gone')).toBe('8');
    expect(compareListing(next, listing, true).findings.map((finding) => finding.scheduleId)).toEqual(['moved', 'new', 'gone']);
  });

  it('compares sequences as unsigned 64-bit numbers, not as text', () => {
    expect(isHigher('10', '9')).toBe(true);
    expect(isHigher('9', '10')).toBe(false);
    expect(isHigher('18446744073709551615', '18446744073709551614')).toBe(true);
    expect(isHigher('', '')).toBe(false);
    expect(isHigher('x', '')).toBe(true);
  });
});
