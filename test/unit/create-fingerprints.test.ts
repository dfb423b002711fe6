import { calendarInputDigest, scheduleInputDigest } from '../../src/services/create-fingerprints';
import { SharePermission } from '../../src/domain/calendar';
import { RepeatType } from '../../src/domain/schedule';

const schedule = (overrides: Record<string, unknown> = {}) => ({
  summary: 'Review',
  startTime: new Date('2026-12-01T09:00:00+08:00'),
  endTime: new Date('2026-12-01T10:00:00+08:00'),
  admins: ['alice', 'bob'],
  attendees: [{ userId: 'alice' }, { userId: 'bob' }],
  ...overrides,
});

describe('create input digests', () => {
  it('compares instants as instants, whatever the offset', () => {
    const utc = schedule({ startTime: new Date('2026-12-01T01:00:00Z'), endTime: new Date('2026-12-01T02:00:00.000Z') });
    expect(scheduleInputDigest(utc)).toBe(scheduleInputDigest(schedule()));
  });

  it('compares unordered lists as sets: admins, attendees, reminder offsets and days', () => {
    const reminders = { remindTimeDiffs: [-900, -300], repeatType: RepeatType.WEEKLY, repeatDayOfWeek: [1, 3] };
    const reordered = schedule({
      admins: ['bob', 'alice'],
      attendees: [{ userId: 'bob' }, { userId: 'alice' }, { userId: 'bob' }],
      reminders: { ...reminders, remindTimeDiffs: [-300, -900], repeatDayOfWeek: [3, 1] },
    });
    expect(scheduleInputDigest(reordered)).toBe(scheduleInputDigest(schedule({ reminders })));
  });

  it('takes a field left out as its explicit default', () => {
    const explicit = schedule({ isWholeDay: false, description: null, calendarId: null, reminders: { remindTimeDiffs: [-900], isRemind: true } });
    expect(scheduleInputDigest(explicit)).toBe(scheduleInputDigest(schedule({ reminders: { remindTimeDiffs: [-900] } })));
  });

  it('tells different creates apart', () => {
    const base = scheduleInputDigest(schedule());
    expect(scheduleInputDigest(schedule({ summary: 'Other' }))).not.toBe(base);
    expect(scheduleInputDigest(schedule({ endTime: new Date('2026-12-01T10:00:01+08:00') }))).not.toBe(base);
    expect(scheduleInputDigest(schedule({ attendees: [{ userId: 'alice' }] }))).not.toBe(base);
    expect(scheduleInputDigest(schedule({ isWholeDay: true }))).not.toBe(base);
  });

  it('compares calendar shares and public ranges as sets, permission defaulting to VIEW', () => {
    const a = { summary: 'Team', color: '#112233', shares: [{ userId: 'a' }, { userId: 'b', permission: SharePermission.FREE_BUSY_ONLY }], publicRange: { userIds: ['x', 'y'], departmentIds: [2, 1] } };
    const b = { summary: 'Team', color: '#112233', shares: [{ userId: 'b', permission: SharePermission.FREE_BUSY_ONLY }, { userId: 'a', permission: SharePermission.VIEW }], publicRange: { userIds: ['y', 'x'], departmentIds: [1, 2] } };
    expect(calendarInputDigest(a)).toBe(calendarInputDigest(b));
    expect(calendarInputDigest({ ...a, shares: [{ userId: 'a' }, { userId: 'b' }] })).not.toBe(calendarInputDigest(a));
  });
});
