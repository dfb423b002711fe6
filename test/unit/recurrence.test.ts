import {
  isOccurrenceStart,
  occurrencesBetween,
  RecurrenceRule,
  RecurringSchedule,
  ruleOf,
} from '../../src/domain/recurrence';
import { Reminder, RepeatType } from '../../src/domain/schedule';

// Every expected instant below is written out by hand (calendar checked manually), never computed
// by the code under test. 2026-03-01 is a Sunday, 2026-03-02 a Monday; the US switched to DST on
// 2026-03-08. 2028 and 2032 are leap years, 2026, 2027 and 2100 are not.

const T = (iso: string) => new Date(iso);

function rule(overrides: Partial<RecurrenceRule> = {}): RecurrenceRule {
  return {
    repeatType: RepeatType.DAILY,
    interval: 1,
    daysOfWeek: [],
    daysOfMonth: [],
    until: null,
    timezoneOffsetHours: 8,
    ...overrides,
  };
}

function schedule(
  start: string,
  end: string,
  recurrence: Partial<RecurrenceRule> | null,
  excluded: string[] = [],
): RecurringSchedule {
  return {
    startTime: T(start),
    endTime: T(end),
    rule: recurrence ? rule(recurrence) : null,
    excludedStarts: excluded.map(T),
  };
}

/** Starts (ISO) of the occurrences overlapping [from, to). */
function starts(s: RecurringSchedule, from: string, to: string, limit = 100): string[] {
  return occurrencesBetween(s, T(from), T(to), limit).map((o) => o.start.toISOString());
}

const REMINDER: Reminder = {
  isRemind: false,
  remindTimeDiffs: [],
  isRepeat: true,
  repeatType: RepeatType.WEEKLY,
  repeatUntil: null,
  isCustomRepeat: false,
  repeatInterval: null,
  repeatDayOfWeek: [],
  repeatDayOfMonth: [],
  timezone: null,
};

describe('ruleOf', () => {
  it('is null without reminders or when they do not repeat', () => {
    expect(ruleOf(null)).toBeNull();
    expect(ruleOf({ ...REMINDER, isRepeat: false })).toBeNull();
  });

  it('ignores interval and day lists of a non-custom repeat and defaults the timezone to 8', () => {
    const until = T('2027-01-01T00:00:00Z');
    expect(
      ruleOf({ ...REMINDER, repeatUntil: until, repeatInterval: 3, repeatDayOfWeek: [1, 3], repeatDayOfMonth: [5] }),
    ).toEqual({
      repeatType: RepeatType.WEEKLY,
      interval: 1,
      daysOfWeek: [],
      daysOfMonth: [],
      until: T('2027-01-01T00:00:00Z'),
      timezoneOffsetHours: 8,
    });
  });

  it('reads a missing repeatType as DAILY (WeCom repeat_type 0)', () => {
    expect(ruleOf({ ...REMINDER, repeatType: null })?.repeatType).toBe(RepeatType.DAILY);
  });

  it('keeps a custom repeat interval and cleans the day lists', () => {
    expect(
      ruleOf({
        ...REMINDER,
        repeatType: RepeatType.MONTHLY,
        isCustomRepeat: true,
        repeatInterval: 2,
        repeatDayOfMonth: [31, 15, 15, 0, 40],
        timezone: -5,
      }),
    ).toEqual({
      repeatType: RepeatType.MONTHLY,
      interval: 2,
      daysOfWeek: [],
      daysOfMonth: [15, 31],
      until: null,
      timezoneOffsetHours: -5,
    });
  });

  it('defaults a custom repeat without an interval to 1 and keeps weekdays sorted', () => {
    const r = ruleOf({ ...REMINDER, isCustomRepeat: true, repeatDayOfWeek: [5, 1, 3, 8], timezone: 0 });
    expect(r).toMatchObject({ interval: 1, daysOfWeek: [1, 3, 5], timezoneOffsetHours: 0 });
  });

  it('gives null (one occurrence) for a non-repeating schedule', () => {
    const s: RecurringSchedule = {
      startTime: T('2026-03-02T01:00:00Z'),
      endTime: T('2026-03-02T02:00:00Z'),
      rule: ruleOf({ ...REMINDER, isRepeat: false }),
      excludedStarts: [],
    };
    expect(starts(s, '2026-01-01T00:00:00Z', '2027-01-01T00:00:00Z')).toEqual(['2026-03-02T01:00:00.000Z']);
  });
});

describe('DAILY', () => {
  it('repeats every day at the same local time (09:00 at +8 = 01:00Z) with the first duration', () => {
    const s = schedule('2026-03-02T01:00:00Z', '2026-03-02T02:30:00Z', {});
    expect(occurrencesBetween(s, T('2026-03-01T00:00:00Z'), T('2026-03-04T12:00:00Z'), 10)).toEqual([
      { start: T('2026-03-02T01:00:00Z'), end: T('2026-03-02T02:30:00Z'), excluded: false },
      { start: T('2026-03-03T01:00:00Z'), end: T('2026-03-03T02:30:00Z'), excluded: false },
      { start: T('2026-03-04T01:00:00Z'), end: T('2026-03-04T02:30:00Z'), excluded: false },
    ]);
  });

  it('repeats every 3 days', () => {
    const s = schedule('2026-03-02T01:00:00Z', '2026-03-02T02:00:00Z', { interval: 3 });
    expect(starts(s, '2026-03-01T00:00:00Z', '2026-03-15T00:00:00Z')).toEqual([
      '2026-03-02T01:00:00.000Z',
      '2026-03-05T01:00:00.000Z',
      '2026-03-08T01:00:00.000Z',
      '2026-03-11T01:00:00.000Z',
      '2026-03-14T01:00:00.000Z',
    ]);
  });

  it('jumps to a window a century later (2026-03-02 + 36524 days = 2126-03-02, 36524 % 3 = 2)', () => {
    const s = schedule('2026-03-02T01:00:00Z', '2026-03-02T02:00:00Z', { interval: 3 });
    expect(starts(s, '2126-03-01T00:00:00Z', '2126-03-08T00:00:00Z')).toEqual([
      '2126-03-03T01:00:00.000Z',
      '2126-03-06T01:00:00.000Z',
    ]);
  });

  it('stays at the same UTC instant across a US DST change at timezone -5', () => {
    const s = schedule('2026-03-06T14:00:00Z', '2026-03-06T15:00:00Z', { timezoneOffsetHours: -5 });
    expect(starts(s, '2026-03-06T00:00:00Z', '2026-03-11T00:00:00Z')).toEqual([
      '2026-03-06T14:00:00.000Z',
      '2026-03-07T14:00:00.000Z',
      '2026-03-08T14:00:00.000Z',
      '2026-03-09T14:00:00.000Z',
      '2026-03-10T14:00:00.000Z',
    ]);
  });
});

describe('WEEKLY', () => {
  it('repeats on the start weekday every week when not custom', () => {
    const s = schedule('2026-03-03T01:00:00Z', '2026-03-03T02:00:00Z', { repeatType: RepeatType.WEEKLY });
    expect(starts(s, '2026-03-01T00:00:00Z', '2026-03-20T00:00:00Z')).toEqual([
      '2026-03-03T01:00:00.000Z',
      '2026-03-10T01:00:00.000Z',
      '2026-03-17T01:00:00.000Z',
    ]);
  });

  it('repeats every 2 weeks on the start weekday', () => {
    const s = schedule('2026-03-03T01:00:00Z', '2026-03-03T02:00:00Z', { repeatType: RepeatType.WEEKLY, interval: 2 });
    expect(starts(s, '2026-03-01T00:00:00Z', '2026-04-01T00:00:00Z')).toEqual([
      '2026-03-03T01:00:00.000Z',
      '2026-03-17T01:00:00.000Z',
      '2026-03-31T01:00:00.000Z',
    ]);
  });

  it('repeats on Mon/Wed/Fri every 2 weeks from a Monday start, without repeating the start', () => {
    const s = schedule('2026-03-02T01:00:00Z', '2026-03-02T02:00:00Z', {
      repeatType: RepeatType.WEEKLY,
      interval: 2,
      daysOfWeek: [1, 3, 5],
    });
    expect(starts(s, '2026-03-01T00:00:00Z', '2026-04-02T00:00:00Z')).toEqual([
      '2026-03-02T01:00:00.000Z',
      '2026-03-04T01:00:00.000Z',
      '2026-03-06T01:00:00.000Z',
      '2026-03-16T01:00:00.000Z',
      '2026-03-18T01:00:00.000Z',
      '2026-03-20T01:00:00.000Z',
      '2026-03-30T01:00:00.000Z',
      '2026-04-01T01:00:00.000Z',
    ]);
  });

  it('never goes before a mid-week start (Wednesday start: the Monday of its week is skipped)', () => {
    const s = schedule('2026-03-04T01:00:00Z', '2026-03-04T02:00:00Z', {
      repeatType: RepeatType.WEEKLY,
      interval: 2,
      daysOfWeek: [1, 3, 5],
    });
    expect(starts(s, '2026-03-01T00:00:00Z', '2026-03-21T00:00:00Z')).toEqual([
      '2026-03-04T01:00:00.000Z',
      '2026-03-06T01:00:00.000Z',
      '2026-03-16T01:00:00.000Z',
      '2026-03-18T01:00:00.000Z',
      '2026-03-20T01:00:00.000Z',
    ]);
  });

  it('keeps a start that is not in the day list as the first occurrence (assumption)', () => {
    const s = schedule('2026-03-03T01:00:00Z', '2026-03-03T02:00:00Z', {
      repeatType: RepeatType.WEEKLY,
      interval: 2,
      daysOfWeek: [1, 3, 5],
    });
    expect(starts(s, '2026-03-01T00:00:00Z', '2026-03-17T00:00:00Z')).toEqual([
      '2026-03-03T01:00:00.000Z',
      '2026-03-04T01:00:00.000Z',
      '2026-03-06T01:00:00.000Z',
      '2026-03-16T01:00:00.000Z',
    ]);
  });

  it('uses the local weekday at +8 (Monday 07:30 local = Sunday 23:30Z)', () => {
    const s = schedule('2026-03-01T23:30:00Z', '2026-03-02T00:30:00Z', {
      repeatType: RepeatType.WEEKLY,
      daysOfWeek: [1, 3],
    });
    expect(starts(s, '2026-03-01T00:00:00Z', '2026-03-11T00:00:00Z')).toEqual([
      '2026-03-01T23:30:00.000Z',
      '2026-03-03T23:30:00.000Z',
      '2026-03-08T23:30:00.000Z',
      '2026-03-10T23:30:00.000Z',
    ]);
  });

  it('uses the local weekday at -12 (Monday 20:00 local = Tuesday 08:00Z)', () => {
    const s = schedule('2026-03-03T08:00:00Z', '2026-03-03T09:00:00Z', {
      repeatType: RepeatType.WEEKLY,
      daysOfWeek: [1, 5],
      timezoneOffsetHours: -12,
    });
    expect(starts(s, '2026-03-01T00:00:00Z', '2026-03-11T00:00:00Z')).toEqual([
      '2026-03-03T08:00:00.000Z',
      '2026-03-07T08:00:00.000Z',
      '2026-03-10T08:00:00.000Z',
    ]);
  });

  it('jumps to a window a century later (2126-03-04 is 36526 = 14 * 2609 days after 2026-03-02)', () => {
    const s = schedule('2026-03-02T01:00:00Z', '2026-03-02T02:00:00Z', { repeatType: RepeatType.WEEKLY, interval: 2 });
    expect(starts(s, '2126-03-01T00:00:00Z', '2126-03-08T00:00:00Z')).toEqual(['2126-03-04T01:00:00.000Z']);
  });
});

describe('MONTHLY', () => {
  it('on the 31st skips months without one (Jan–Jul 2027 → Jan, Mar, May, Jul)', () => {
    const s = schedule('2027-01-31T01:00:00Z', '2027-01-31T02:00:00Z', { repeatType: RepeatType.MONTHLY });
    expect(starts(s, '2027-01-01T00:00:00Z', '2027-08-01T00:00:00Z')).toEqual([
      '2027-01-31T01:00:00.000Z',
      '2027-03-31T01:00:00.000Z',
      '2027-05-31T01:00:00.000Z',
      '2027-07-31T01:00:00.000Z',
    ]);
  });

  it('on custom days [15, 31] every month', () => {
    const s = schedule('2027-01-15T01:00:00Z', '2027-01-15T02:00:00Z', {
      repeatType: RepeatType.MONTHLY,
      daysOfMonth: [15, 31],
    });
    expect(starts(s, '2027-01-01T00:00:00Z', '2027-05-01T00:00:00Z')).toEqual([
      '2027-01-15T01:00:00.000Z',
      '2027-01-31T01:00:00.000Z',
      '2027-02-15T01:00:00.000Z',
      '2027-03-15T01:00:00.000Z',
      '2027-03-31T01:00:00.000Z',
      '2027-04-15T01:00:00.000Z',
    ]);
  });

  it('on custom days [15, 31] every 2 months from an unlisted start day', () => {
    const s = schedule('2027-01-20T01:00:00Z', '2027-01-20T02:00:00Z', {
      repeatType: RepeatType.MONTHLY,
      interval: 2,
      daysOfMonth: [15, 31],
    });
    expect(starts(s, '2027-01-01T00:00:00Z', '2027-06-01T00:00:00Z')).toEqual([
      '2027-01-20T01:00:00.000Z',
      '2027-01-31T01:00:00.000Z',
      '2027-03-15T01:00:00.000Z',
      '2027-03-31T01:00:00.000Z',
      '2027-05-15T01:00:00.000Z',
      '2027-05-31T01:00:00.000Z',
    ]);
  });

  it('on the 29th skips February 2026 but not February 2028', () => {
    const monthly = { repeatType: RepeatType.MONTHLY };
    expect(starts(schedule('2025-12-29T01:00:00Z', '2025-12-29T02:00:00Z', monthly), '2025-12-01T00:00:00Z', '2026-04-01T00:00:00Z')).toEqual([
      '2025-12-29T01:00:00.000Z',
      '2026-01-29T01:00:00.000Z',
      '2026-03-29T01:00:00.000Z',
    ]);
    expect(starts(schedule('2027-12-29T01:00:00Z', '2027-12-29T02:00:00Z', monthly), '2027-12-01T00:00:00Z', '2028-04-01T00:00:00Z')).toEqual([
      '2027-12-29T01:00:00.000Z',
      '2028-01-29T01:00:00.000Z',
      '2028-02-29T01:00:00.000Z',
      '2028-03-29T01:00:00.000Z',
    ]);
  });

  it('every 3 months across a year end', () => {
    const s = schedule('2026-11-10T01:00:00Z', '2026-11-10T02:00:00Z', { repeatType: RepeatType.MONTHLY, interval: 3 });
    expect(starts(s, '2026-11-01T00:00:00Z', '2027-06-01T00:00:00Z')).toEqual([
      '2026-11-10T01:00:00.000Z',
      '2027-02-10T01:00:00.000Z',
      '2027-05-10T01:00:00.000Z',
    ]);
  });

  it('ends a rule that never matches (day 31 of every 12th month from April) at the last representable date', () => {
    const s = schedule('2026-04-30T01:00:00Z', '2026-04-30T02:00:00Z', {
      repeatType: RepeatType.MONTHLY,
      interval: 12,
      daysOfMonth: [31],
    });
    expect(occurrencesBetween(s, T('2026-01-01T00:00:00Z'), new Date(8.64e15), 10).map((o) => o.start.toISOString())).toEqual([
      '2026-04-30T01:00:00.000Z',
    ]);
  });

  it('on the 31st at timezone 0 (23:30Z is still the 31st locally)', () => {
    const s = schedule('2027-01-31T23:30:00Z', '2027-01-31T23:45:00Z', {
      repeatType: RepeatType.MONTHLY,
      timezoneOffsetHours: 0,
    });
    expect(starts(s, '2027-01-01T00:00:00Z', '2027-06-01T00:00:00Z')).toEqual([
      '2027-01-31T23:30:00.000Z',
      '2027-03-31T23:30:00.000Z',
      '2027-05-31T23:30:00.000Z',
    ]);
  });

  it('on the 1st at +8 for the same instant (23:30Z on Jan 31 is Feb 1 07:30 local)', () => {
    const s = schedule('2027-01-31T23:30:00Z', '2027-01-31T23:45:00Z', { repeatType: RepeatType.MONTHLY });
    expect(starts(s, '2027-01-01T00:00:00Z', '2027-04-15T00:00:00Z')).toEqual([
      '2027-01-31T23:30:00.000Z',
      '2027-02-28T23:30:00.000Z',
      '2027-03-31T23:30:00.000Z',
    ]);
  });
});

describe('YEARLY', () => {
  it('on Feb 29 only in leap years (2024 → 2028, 2032)', () => {
    const s = schedule('2024-02-29T01:00:00Z', '2024-02-29T02:00:00Z', { repeatType: RepeatType.YEARLY });
    expect(starts(s, '2024-01-01T00:00:00Z', '2033-01-01T00:00:00Z')).toEqual([
      '2024-02-29T01:00:00.000Z',
      '2028-02-29T01:00:00.000Z',
      '2032-02-29T01:00:00.000Z',
    ]);
  });

  it('every 2 years on the same date', () => {
    const s = schedule('2026-03-10T01:00:00Z', '2026-03-10T02:00:00Z', { repeatType: RepeatType.YEARLY, interval: 2 });
    expect(starts(s, '2026-01-01T00:00:00Z', '2031-01-01T00:00:00Z')).toEqual([
      '2026-03-10T01:00:00.000Z',
      '2028-03-10T01:00:00.000Z',
      '2030-03-10T01:00:00.000Z',
    ]);
  });
});

describe('WORKDAYS', () => {
  it('skips the weekend (Thu, Fri, Mon, Tue)', () => {
    const s = schedule('2026-03-05T01:00:00Z', '2026-03-05T02:00:00Z', { repeatType: RepeatType.WORKDAYS, interval: 3 });
    expect(starts(s, '2026-03-01T00:00:00Z', '2026-03-31T00:00:00Z', 4)).toEqual([
      '2026-03-05T01:00:00.000Z',
      '2026-03-06T01:00:00.000Z',
      '2026-03-09T01:00:00.000Z',
      '2026-03-10T01:00:00.000Z',
    ]);
  });

  it('uses local weekdays at +12 (local Monday 06:00 = Sunday 18:00Z)', () => {
    const s = schedule('2026-03-05T18:00:00Z', '2026-03-05T19:00:00Z', {
      repeatType: RepeatType.WORKDAYS,
      timezoneOffsetHours: 12,
    });
    expect(starts(s, '2026-03-01T00:00:00Z', '2026-03-09T20:00:00Z')).toEqual([
      '2026-03-05T18:00:00.000Z',
      '2026-03-08T18:00:00.000Z',
      '2026-03-09T18:00:00.000Z',
    ]);
  });

  it('keeps a Saturday start as the first occurrence (assumption)', () => {
    const s = schedule('2026-03-07T01:00:00Z', '2026-03-07T02:00:00Z', { repeatType: RepeatType.WORKDAYS });
    expect(starts(s, '2026-03-01T00:00:00Z', '2026-03-11T00:00:00Z')).toEqual([
      '2026-03-07T01:00:00.000Z',
      '2026-03-09T01:00:00.000Z',
      '2026-03-10T01:00:00.000Z',
    ]);
  });
});

describe('until', () => {
  // Daily at 09:00 local: 01:00Z at +8 (the default), 14:00Z at -5.
  const daily = (until: string, timezoneOffsetHours = 8, start = '2026-03-02T01:00:00Z', end = '2026-03-02T02:00:00Z') =>
    schedule(start, end, { until: T(until), timezoneOffsetHours });

  // WeCom documents repeat_until as an instant ("重复结束时刻"): an occurrence starting after it is not one,
  // even on the same local day.
  it('ends before an occurrence later on until’s local day (until 00:00 local Mar 5 = 16:00Z Mar 4)', () => {
    const s = daily('2026-03-04T16:00:00Z');
    expect(starts(s, '2026-03-01T00:00:00Z', '2026-04-01T00:00:00Z')).toEqual([
      '2026-03-02T01:00:00.000Z',
      '2026-03-03T01:00:00.000Z',
      '2026-03-04T01:00:00.000Z',
    ]);
    expect(isOccurrenceStart(s, T('2026-03-05T01:00:00Z'))).toBe(false);
  });

  it('includes an occurrence starting exactly at until', () => {
    const s = daily('2026-03-04T01:00:00Z');
    expect(starts(s, '2026-03-01T00:00:00Z', '2026-04-01T00:00:00Z')).toEqual([
      '2026-03-02T01:00:00.000Z',
      '2026-03-03T01:00:00.000Z',
      '2026-03-04T01:00:00.000Z',
    ]);
    expect(isOccurrenceStart(s, T('2026-03-04T01:00:00Z'))).toBe(true);
  });

  it('excludes an occurrence starting one second after until (09:00:00 local, until 08:59:59)', () => {
    const s = daily('2026-03-04T00:59:59Z');
    expect(starts(s, '2026-03-01T00:00:00Z', '2026-04-01T00:00:00Z')).toEqual([
      '2026-03-02T01:00:00.000Z',
      '2026-03-03T01:00:00.000Z',
    ]);
    expect(isOccurrenceStart(s, T('2026-03-04T01:00:00Z'))).toBe(false);
    expect(starts(s, '2026-03-04T00:00:00Z', '2026-03-05T00:00:00Z')).toEqual([]);
  });

  it('reads until as an instant at -5 too (13:59:59Z = 08:59:59 local, before the 09:00 occurrence)', () => {
    const s = daily('2026-03-04T13:59:59Z', -5, '2026-03-02T14:00:00Z', '2026-03-02T15:00:00Z');
    expect(starts(s, '2026-03-01T00:00:00Z', '2026-04-01T00:00:00Z')).toEqual([
      '2026-03-02T14:00:00.000Z',
      '2026-03-03T14:00:00.000Z',
    ]);
    expect(isOccurrenceStart(s, T('2026-03-04T14:00:00Z'))).toBe(false);
  });

  it('cuts a weekly custom rule in the middle of a day (Mon/Wed 09:00 local, until Wed 08:00 local)', () => {
    const s = schedule('2026-03-02T01:00:00Z', '2026-03-02T02:00:00Z', {
      repeatType: RepeatType.WEEKLY,
      daysOfWeek: [1, 3],
      until: T('2026-03-11T00:00:00Z'),
    });
    expect(starts(s, '2026-03-01T00:00:00Z', '2026-04-01T00:00:00Z')).toEqual([
      '2026-03-02T01:00:00.000Z',
      '2026-03-04T01:00:00.000Z',
      '2026-03-09T01:00:00.000Z',
    ]);
  });

  it('stops on its last local day (23:59:59 local on Mar 4 = 15:59:59Z)', () => {
    expect(starts(daily('2026-03-04T15:59:59Z'), '2026-03-01T00:00:00Z', '2026-04-01T00:00:00Z')).toEqual([
      '2026-03-02T01:00:00.000Z',
      '2026-03-03T01:00:00.000Z',
      '2026-03-04T01:00:00.000Z',
    ]);
  });

  it('reads the local day at -5 (04:00Z on Mar 5 is still Mar 4 locally)', () => {
    const s = daily('2026-03-05T04:00:00Z', -5, '2026-03-02T14:00:00Z', '2026-03-02T15:00:00Z');
    expect(starts(s, '2026-03-01T00:00:00Z', '2026-04-01T00:00:00Z')).toEqual([
      '2026-03-02T14:00:00.000Z',
      '2026-03-03T14:00:00.000Z',
      '2026-03-04T14:00:00.000Z',
    ]);
    expect(isOccurrenceStart(s, T('2026-03-05T14:00:00Z'))).toBe(false);
  });

  it('before the start leaves only the schedule itself', () => {
    expect(starts(daily('2026-03-01T00:00:00Z'), '2026-03-01T00:00:00Z', '2026-04-01T00:00:00Z')).toEqual([
      '2026-03-02T01:00:00.000Z',
    ]);
  });
});

describe('excluded starts', () => {
  const s = schedule('2026-03-02T01:00:00Z', '2026-03-02T02:00:00Z', {}, ['2026-03-03T01:00:00Z', '2026-03-04T01:00:01Z']);

  it('are listed with excluded: true (matched by exact instant)', () => {
    expect(
      occurrencesBetween(s, T('2026-03-01T00:00:00Z'), T('2026-03-05T00:00:00Z'), 10).map((o) => [
        o.start.toISOString(),
        o.excluded,
      ]),
    ).toEqual([
      ['2026-03-02T01:00:00.000Z', false],
      ['2026-03-03T01:00:00.000Z', true],
      ['2026-03-04T01:00:00.000Z', false],
    ]);
  });

  it('are not occurrence starts', () => {
    expect(isOccurrenceStart(s, T('2026-03-03T01:00:00Z'))).toBe(false);
    expect(isOccurrenceStart(s, T('2026-03-04T01:00:00Z'))).toBe(true);
  });

  it('count toward the limit', () => {
    expect(starts(s, '2026-03-01T00:00:00Z', '2026-03-31T00:00:00Z', 2)).toEqual([
      '2026-03-02T01:00:00.000Z',
      '2026-03-03T01:00:00.000Z',
    ]);
  });

  it('can remove the first occurrence', () => {
    const first = schedule('2026-03-02T01:00:00Z', '2026-03-02T02:00:00Z', {}, ['2026-03-02T01:00:00Z']);
    expect(isOccurrenceStart(first, T('2026-03-02T01:00:00Z'))).toBe(false);
    expect(occurrencesBetween(first, T('2026-03-02T00:00:00Z'), T('2026-03-03T00:00:00Z'), 5)).toEqual([
      { start: T('2026-03-02T01:00:00Z'), end: T('2026-03-02T02:00:00Z'), excluded: true },
    ]);
  });
});

describe('window and limit', () => {
  const s = schedule('2026-03-02T01:00:00Z', '2026-03-02T03:00:00Z', {});

  it('includes an occurrence that started before from but ends after it', () => {
    expect(starts(s, '2026-03-03T02:00:00Z', '2026-03-04T00:00:00Z')).toEqual(['2026-03-03T01:00:00.000Z']);
  });

  it('excludes an occurrence ending exactly at from or starting exactly at to', () => {
    expect(starts(s, '2026-03-03T03:00:00Z', '2026-03-04T01:00:00Z')).toEqual([]);
  });

  it('finds every occurrence still running in a window when occurrences last two days', () => {
    const long = schedule('2026-03-02T01:00:00Z', '2026-03-04T01:00:00Z', {});
    expect(starts(long, '2026-03-05T00:00:00Z', '2026-03-05T00:00:01Z')).toEqual([
      '2026-03-03T01:00:00.000Z',
      '2026-03-04T01:00:00.000Z',
    ]);
  });

  it('counts a zero-length occurrence when from <= start < to', () => {
    const point = schedule('2026-03-02T01:00:00Z', '2026-03-02T01:00:00Z', {});
    expect(starts(point, '2026-03-03T01:00:00Z', '2026-03-04T01:00:00Z')).toEqual(['2026-03-03T01:00:00.000Z']);
  });

  it('stops at the limit and returns [] for a limit <= 0 or an empty window', () => {
    expect(starts(s, '2026-03-01T00:00:00Z', '2027-01-01T00:00:00Z', 3)).toEqual([
      '2026-03-02T01:00:00.000Z',
      '2026-03-03T01:00:00.000Z',
      '2026-03-04T01:00:00.000Z',
    ]);
    expect(starts(s, '2026-03-01T00:00:00Z', '2027-01-01T00:00:00Z', 0)).toEqual([]);
    expect(starts(s, '2026-03-01T00:00:00Z', '2027-01-01T00:00:00Z', -1)).toEqual([]);
    expect(starts(s, '2026-03-03T01:30:00Z', '2026-03-03T01:30:00Z')).toEqual([]);
  });

  it('gives only the schedule itself when it does not repeat', () => {
    const single = schedule('2026-03-02T01:00:00Z', '2026-03-02T02:00:00Z', null);
    expect(starts(single, '2026-01-01T00:00:00Z', '2027-01-01T00:00:00Z')).toEqual(['2026-03-02T01:00:00.000Z']);
    expect(starts(single, '2026-03-02T02:00:00Z', '2027-01-01T00:00:00Z')).toEqual([]);
  });
});

describe('isOccurrenceStart', () => {
  const monthly31 = schedule('2027-01-31T01:00:00Z', '2027-01-31T02:00:00Z', { repeatType: RepeatType.MONTHLY });

  it('accepts an exact occurrence start and rejects one second off', () => {
    expect(isOccurrenceStart(monthly31, T('2027-03-31T01:00:00Z'))).toBe(true);
    expect(isOccurrenceStart(monthly31, T('2027-03-31T01:00:01Z'))).toBe(false);
    expect(isOccurrenceStart(monthly31, T('2027-03-31T00:59:59Z'))).toBe(false);
  });

  it('rejects clamped month ends and instants before the start', () => {
    expect(isOccurrenceStart(monthly31, T('2027-02-28T01:00:00Z'))).toBe(false);
    expect(isOccurrenceStart(monthly31, T('2027-04-30T01:00:00Z'))).toBe(false);
    expect(isOccurrenceStart(monthly31, T('2026-12-31T01:00:00Z'))).toBe(false);
  });

  it('follows the interval of a custom weekly rule and accepts an unlisted first start', () => {
    const s = schedule('2026-03-03T01:00:00Z', '2026-03-03T02:00:00Z', {
      repeatType: RepeatType.WEEKLY,
      interval: 2,
      daysOfWeek: [1, 3, 5],
    });
    expect(isOccurrenceStart(s, T('2026-03-03T01:00:00Z'))).toBe(true);
    expect(isOccurrenceStart(s, T('2026-03-09T01:00:00Z'))).toBe(false);
    expect(isOccurrenceStart(s, T('2026-03-10T01:00:00Z'))).toBe(false);
    expect(isOccurrenceStart(s, T('2026-03-16T01:00:00Z'))).toBe(true);
  });

  it('rejects weekends for WORKDAYS and non-leap Feb 28 for a Feb 29 yearly', () => {
    const workdays = schedule('2026-03-05T01:00:00Z', '2026-03-05T02:00:00Z', { repeatType: RepeatType.WORKDAYS });
    expect(isOccurrenceStart(workdays, T('2026-03-07T01:00:00Z'))).toBe(false);
    expect(isOccurrenceStart(workdays, T('2026-03-09T01:00:00Z'))).toBe(true);
    const leap = schedule('2024-02-29T01:00:00Z', '2024-02-29T02:00:00Z', { repeatType: RepeatType.YEARLY });
    expect(isOccurrenceStart(leap, T('2025-02-28T01:00:00Z'))).toBe(false);
    expect(isOccurrenceStart(leap, T('2025-03-01T01:00:00Z'))).toBe(false);
    expect(isOccurrenceStart(leap, T('2028-02-29T01:00:00Z'))).toBe(true);
  });

  it('accepts only startTime for a non-recurring schedule', () => {
    const single = schedule('2026-03-02T01:00:00Z', '2026-03-02T02:00:00Z', null);
    expect(isOccurrenceStart(single, T('2026-03-02T01:00:00Z'))).toBe(true);
    expect(isOccurrenceStart(single, T('2026-03-03T01:00:00Z'))).toBe(false);
  });
});
