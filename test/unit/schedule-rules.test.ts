import { Reminder, RepeatType, ScheduleFields } from '../../src/domain/schedule';
import { EMPTY_REMINDER, SchedulePatch } from '../../src/domain/schedule-patch';
import { checkScheduleRules, ruleViewOfFields, ruleViewOfPatch } from '../../src/domain/schedule-rules';
import { UserInputError } from '../../src/errors/gateway-error';

const T = (iso: string) => new Date(iso);
const START = T('2026-12-01T02:00:00Z');
const END = T('2026-12-01T03:00:00Z');

const NO_REMINDER: Reminder = EMPTY_REMINDER;

function stored(overrides: Partial<ScheduleFields> = {}, reminder: Partial<Reminder> | null = null): ScheduleFields {
  return {
    calendarId: null,
    admins: [],
    attendeeIds: [],
    summary: 'Design review',
    description: null,
    location: null,
    startTime: START,
    endTime: END,
    isWholeDay: false,
    reminders: reminder ? { ...NO_REMINDER, ...reminder } : null,
    ...overrides,
  };
}

/** The field a UserInputError names, or undefined when nothing is thrown. */
function violation(run: () => void): string | undefined {
  try {
    run();
    return undefined;
  } catch (error) {
    expect(error).toBeInstanceOf(UserInputError);
    const { field } = (error as UserInputError).extensions as { field: string };
    expect((error as UserInputError).message.startsWith(`${field}:`)).toBe(true);
    return field;
  }
}

/** Checks the patch as the service does for an update: the patch alone, then the merged fields. */
const checkPatchAlone = (patch: SchedulePatch) => violation(() => checkScheduleRules(ruleViewOfPatch(patch), patch));
const checkMerged = (fields: ScheduleFields, patch: SchedulePatch) =>
  violation(() => checkScheduleRules(ruleViewOfFields(fields), patch));

describe('checkScheduleRules: endTime against startTime', () => {
  it('rejects endTime before startTime when both are given (patch alone)', () => {
    expect(checkPatchAlone({ startTime: END, endTime: START })).toBe('input.endTime');
  });

  it('accepts endTime equal to startTime', () => {
    expect(checkPatchAlone({ startTime: START, endTime: START })).toBeUndefined();
  });

  it('cannot judge a lone startTime from the patch alone, and rejects it against the stored endTime', () => {
    const patch = { startTime: T('2026-12-01T04:00:00Z') };
    expect(checkPatchAlone(patch)).toBeUndefined();
    expect(checkMerged(stored({ startTime: patch.startTime }), patch)).toBe('input.endTime');
  });

  it('rejects a lone endTime before the stored startTime', () => {
    const patch = { endTime: T('2026-12-01T01:00:00Z') };
    expect(checkMerged(stored({ endTime: patch.endTime }), patch)).toBe('input.endTime');
  });

  it('does not re-check stored times the caller did not touch', () => {
    expect(checkMerged(stored({ startTime: END, endTime: START }), { summary: 'x' })).toBeUndefined();
  });
});

describe('checkScheduleRules: times WeCom can store (uint32 unix seconds)', () => {
  it.each([
    ['startTime', { startTime: T('1969-12-31T23:59:59Z') }],
    ['endTime', { endTime: T('2106-02-08T00:00:00Z') }],
  ] as const)('rejects a %s outside 1970..2106', (key, patch) => {
    expect(checkPatchAlone(patch)).toBe(`input.${key}`);
  });

  it('accepts the epoch itself', () => {
    expect(checkPatchAlone({ startTime: T('1970-01-01T00:00:00Z'), endTime: T('1970-01-01T00:00:00Z') })).toBeUndefined();
  });

  it('rejects a repeatUntil past 2106', () => {
    expect(checkPatchAlone({ reminders: { repeatUntil: T('2200-01-01T00:00:00Z') } })).toBe('input.reminders.repeatUntil');
  });
});

describe('checkScheduleRules: reminder offsets', () => {
  it.each([[32400], [-172800], [-604800]])('rejects the whole-day-only %p when isWholeDay is false', (diff) => {
    const patch = { isWholeDay: false, reminders: { remindTimeDiffs: [diff] } };
    expect(checkPatchAlone(patch)).toBe('input.reminders.remindTimeDiffs');
  });

  it.each([[32400], [-172800], [-604800]])('accepts the whole-day-only %p when isWholeDay is true', (diff) => {
    const patch = { isWholeDay: true, reminders: { remindTimeDiffs: [diff] } };
    expect(checkPatchAlone(patch)).toBeUndefined();
  });

  it('rejects a whole-day-only offset on create with isWholeDay omitted (fields default to false)', () => {
    const patch = { startTime: START, endTime: END, reminders: { remindTimeDiffs: [32400] } };
    expect(checkMerged(stored({}, { isRemind: true, remindTimeDiffs: [32400] }), patch)).toBe('input.reminders.remindTimeDiffs');
  });

  it('rejects an offset that is never allowed, even for a whole-day schedule', () => {
    const patch = { isWholeDay: true, reminders: { remindTimeDiffs: [-600] } };
    expect(checkPatchAlone(patch)).toBe('input.reminders.remindTimeDiffs');
  });

  it('cannot judge a lone whole-day-only offset from the patch alone; rejects it against a stored non-whole-day schedule', () => {
    const patch = { reminders: { remindTimeDiffs: [-604800] } };
    expect(checkPatchAlone(patch)).toBeUndefined();
    expect(checkMerged(stored({}, { isRemind: true, remindTimeDiffs: [-604800] }), patch)).toBe('input.reminders.remindTimeDiffs');
  });

  it('rejects isWholeDay:false on a stored whole-day schedule holding a whole-day-only offset', () => {
    const patch = { isWholeDay: false };
    const merged = stored({ isWholeDay: false }, { isRemind: true, remindTimeDiffs: [-300, 32400] });
    expect(checkMerged(merged, patch)).toBe('input.reminders.remindTimeDiffs');
  });

  it('passes a stored odd offset (-1800) back untouched when the patch only changes summary', () => {
    expect(checkMerged(stored({}, { isRemind: true, remindTimeDiffs: [-1800] }), { summary: 'x' })).toBeUndefined();
  });

  it('passes a stored odd offset (-1800) when only isWholeDay changes: only whole-day-only offsets are re-checked', () => {
    const merged = stored({ isWholeDay: false }, { isRemind: true, remindTimeDiffs: [-1800] });
    expect(checkMerged(merged, { isWholeDay: false })).toBeUndefined();
  });

  it('passes a stored whole-day-only offset when the patch does not touch isWholeDay or the offsets', () => {
    const merged = stored({ isWholeDay: false }, { isRemind: true, remindTimeDiffs: [32400] });
    expect(checkMerged(merged, { location: 'elsewhere' })).toBeUndefined();
  });
});

describe('checkScheduleRules: repeatUntil', () => {
  it('rejects repeatUntil before startTime', () => {
    const patch = { startTime: START, endTime: END, reminders: { repeatUntil: T('2026-11-30T00:00:00Z') } };
    expect(checkPatchAlone(patch)).toBe('input.reminders.repeatUntil');
  });

  it('rejects repeatUntil equal to startTime', () => {
    expect(checkPatchAlone({ startTime: START, endTime: END, reminders: { repeatUntil: START } })).toBe('input.reminders.repeatUntil');
  });

  it('accepts repeatUntil after startTime', () => {
    expect(checkPatchAlone({ startTime: START, endTime: END, reminders: { repeatUntil: END } })).toBeUndefined();
  });

  it('rejects a new startTime after the stored repeatUntil', () => {
    const patch = { startTime: T('2027-07-01T00:00:00Z'), endTime: T('2027-07-01T01:00:00Z') };
    const merged = stored({ startTime: patch.startTime, endTime: patch.endTime }, { isRepeat: true, repeatUntil: T('2027-06-01T00:00:00Z') });
    expect(checkMerged(merged, patch)).toBe('input.reminders.repeatUntil');
  });

  it('does not re-check a stored repeatUntil when neither it nor startTime is given', () => {
    const merged = stored({}, { isRepeat: true, repeatUntil: T('2020-01-01T00:00:00Z') });
    expect(checkMerged(merged, { summary: 'x' })).toBeUndefined();
  });
});

describe('checkScheduleRules: custom repeat needs repeatInterval', () => {
  it('rejects isCustomRepeat true without repeatInterval on a repeating schedule', () => {
    const patch = { reminders: { isRepeat: true, repeatType: RepeatType.WEEKLY, isCustomRepeat: true } };
    const merged = stored({}, { isRepeat: true, repeatType: RepeatType.WEEKLY, isCustomRepeat: true });
    expect(checkMerged(merged, patch)).toBe('input.reminders.repeatInterval');
  });

  it('rejects clearing repeatInterval of a stored custom repeat', () => {
    const patch = { reminders: { repeatInterval: null } };
    const merged = stored({}, { isRepeat: true, repeatType: RepeatType.WEEKLY, isCustomRepeat: true, repeatInterval: null });
    expect(checkMerged(merged, patch)).toBe('input.reminders.repeatInterval');
  });

  it('accepts a custom repeat with a repeatInterval', () => {
    const patch = { reminders: { isCustomRepeat: true, repeatInterval: 2 } };
    const merged = stored({}, { isRepeat: true, repeatType: RepeatType.WEEKLY, isCustomRepeat: true, repeatInterval: 2 });
    expect(checkMerged(merged, patch)).toBeUndefined();
  });

  it('rejects a custom repeat implied by repeatDayOfWeek without repeatInterval', () => {
    // mergeReminder infers isCustomRepeat from repeatDayOfWeek; WeCom answers 90486 without an interval.
    const patch = { reminders: { repeatType: RepeatType.WEEKLY, repeatDayOfWeek: [1, 3] } };
    const merged = stored({}, { isRepeat: true, repeatType: RepeatType.WEEKLY, isCustomRepeat: true, repeatDayOfWeek: [1, 3] });
    expect(checkMerged(merged, patch)).toBe('input.reminders.repeatInterval');
  });
});

describe('rule views', () => {
  it('ruleViewOfPatch turns null and left out into unknown', () => {
    expect(ruleViewOfPatch({ startTime: null, isWholeDay: null, reminders: null })).toEqual({
      startTime: undefined,
      endTime: undefined,
      isWholeDay: undefined,
      remindTimeDiffs: undefined,
      isRepeat: undefined,
      repeatUntil: undefined,
      isCustomRepeat: undefined,
      repeatInterval: undefined,
    });
  });

  it('ruleViewOfPatch takes the given values', () => {
    const view = ruleViewOfPatch({ startTime: START, isWholeDay: true, reminders: { remindTimeDiffs: [0], repeatInterval: 3 } });
    expect(view).toMatchObject({ startTime: START, isWholeDay: true, remindTimeDiffs: [0], repeatInterval: 3 });
  });

  it('ruleViewOfFields exposes the full schedule, reminder values included', () => {
    const view = ruleViewOfFields(stored({ isWholeDay: true }, { remindTimeDiffs: [32400], isRepeat: true, repeatInterval: null }));
    expect(view).toMatchObject({ startTime: START, endTime: END, isWholeDay: true, remindTimeDiffs: [32400], isRepeat: true, repeatInterval: null });
  });
});
