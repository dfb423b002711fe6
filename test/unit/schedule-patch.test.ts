import { AttendeeResponse, Reminder, RepeatType, Schedule, ScheduleStatus } from '../../src/domain/schedule';
import { applySchedulePatch, fieldsForCreate, mergeReminder } from '../../src/domain/schedule-patch';
import { UserInputError } from '../../src/errors/gateway-error';

const REMINDER: Reminder = {
  isRemind: true,
  remindTimeDiffs: [-300, -3600],
  isRepeat: true,
  repeatType: RepeatType.WEEKLY,
  repeatUntil: new Date('2027-06-01T00:00:00Z'),
  isCustomRepeat: true,
  repeatInterval: 2,
  repeatDayOfWeek: [1, 3],
  repeatDayOfMonth: [],
  timezone: 8,
};

const STORED: Schedule = {
  id: 'sched-1',
  calendarId: 'cal-1',
  status: ScheduleStatus.ACTIVE,
  admins: ['alice'],
  attendees: [
    { userId: 'alice', response: AttendeeResponse.ACCEPTED },
    { userId: 'bob', response: AttendeeResponse.DECLINED },
  ],
  summary: 'Design review',
  description: 'Quarterly',
  location: 'Room 301',
  startTime: new Date('2026-12-01T02:00:00Z'),
  endTime: new Date('2026-12-01T03:00:00Z'),
  isWholeDay: false,
  reminders: REMINDER,
  excludedOccurrenceStarts: [],
  sequence: null,
};

const STORED_FIELDS = {
  calendarId: 'cal-1',
  admins: ['alice'],
  attendeeIds: ['alice', 'bob'],
  summary: 'Design review',
  description: 'Quarterly',
  location: 'Room 301',
  startTime: STORED.startTime,
  endTime: STORED.endTime,
  isWholeDay: false,
  reminders: REMINDER,
};

describe('applySchedulePatch', () => {
  it('keeps every field left out, attendees included (keepAttendees)', () => {
    expect(applySchedulePatch(STORED, {})).toEqual({ fields: STORED_FIELDS, keepAttendees: true });
  });

  it('replaces a field given a value and keeps the others', () => {
    const { fields } = applySchedulePatch(STORED, { summary: 'Renamed', location: 'Room 5' });
    expect(fields).toEqual({ ...STORED_FIELDS, summary: 'Renamed', location: 'Room 5' });
  });

  it('clears nullable fields given null: texts to null, admins to []', () => {
    const { fields } = applySchedulePatch(STORED, { summary: null, description: null, location: null, admins: null });
    expect(fields).toEqual({ ...STORED_FIELDS, summary: null, description: null, location: null, admins: [] });
  });

  it('replaces admins given a list, an empty list included', () => {
    expect(applySchedulePatch(STORED, { admins: ['carol', 'dave'] }).fields.admins).toEqual(['carol', 'dave']);
    expect(applySchedulePatch(STORED, { admins: [] }).fields.admins).toEqual([]);
  });

  it('replaces attendees given a list, and then does not keep WeCom\'s list', () => {
    expect(applySchedulePatch(STORED, { attendees: [{ userId: 'carol' }] })).toMatchObject({
      fields: { attendeeIds: ['carol'] },
      keepAttendees: false,
    });
  });

  it('clears attendees given null, and then does not keep WeCom\'s list', () => {
    expect(applySchedulePatch(STORED, { attendees: null })).toMatchObject({ fields: { attendeeIds: [] }, keepAttendees: false });
  });

  it('never changes the calendar (WeCom cannot move a schedule)', () => {
    expect(applySchedulePatch(STORED, { calendarId: 'other-cal' }).fields.calendarId).toBe('cal-1');
  });

  it('replaces startTime, endTime and isWholeDay given values', () => {
    const startTime = new Date('2026-12-02T00:00:00Z');
    const endTime = new Date('2026-12-02T23:59:59Z');
    const { fields } = applySchedulePatch(STORED, { startTime, endTime, isWholeDay: true });
    expect(fields).toMatchObject({ startTime, endTime, isWholeDay: true });
  });

  it.each([['startTime'], ['endTime'], ['isWholeDay']] as const)('rejects null for the non-nullable %s', (key) => {
    let thrown: unknown;
    try {
      applySchedulePatch(STORED, { [key]: null });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(UserInputError);
    expect((thrown as UserInputError).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: `input.${key}` });
  });

  it('keeps reminders left out and clears reminders given null', () => {
    expect(applySchedulePatch(STORED, { summary: 'x' }).fields.reminders).toEqual(REMINDER);
    expect(applySchedulePatch(STORED, { reminders: null }).fields.reminders).toBeNull();
  });

  it('patches inside reminders: a reminder field left out keeps its value', () => {
    const { fields } = applySchedulePatch(STORED, { reminders: { remindTimeDiffs: [-900] } });
    expect(fields.reminders).toEqual({ ...REMINDER, remindTimeDiffs: [-900] });
  });

  it('does not modify the stored schedule', () => {
    const copy = structuredClone(STORED);
    applySchedulePatch(STORED, { summary: null, admins: ['z'], attendees: null, reminders: { timezone: null } });
    expect(STORED).toEqual(copy);
  });
});

describe('mergeReminder', () => {
  it('keeps every field left out', () => {
    expect(mergeReminder(REMINDER, {})).toEqual(REMINDER);
  });

  it.each([
    ['remindTimeDiffs', [-900]],
    ['repeatType', RepeatType.MONTHLY],
    ['repeatUntil', new Date('2028-01-01T00:00:00Z')],
    ['repeatInterval', 4],
    ['repeatDayOfWeek', [5]],
    ['repeatDayOfMonth', [15]],
    ['timezone', -3],
  ] as const)('replaces %s given a value and keeps the rest', (key, value) => {
    expect(mergeReminder(REMINDER, { [key]: value })).toEqual({ ...REMINDER, [key]: value });
  });

  it.each([
    ['remindTimeDiffs', []],
    ['repeatUntil', null],
    ['repeatInterval', null],
    ['repeatDayOfWeek', []],
    ['repeatDayOfMonth', []],
    ['timezone', null],
  ] as const)('clears %s given null', (key, cleared) => {
    expect(mergeReminder(REMINDER, { [key]: null })[key]).toEqual(cleared);
  });

  it('treats a timezone of 0 as a value, not as cleared', () => {
    expect(mergeReminder(REMINDER, { timezone: 0 }).timezone).toBe(0);
  });

  it('starts from an empty reminder when none is stored', () => {
    expect(mergeReminder(null, {})).toEqual({
      isRemind: false,
      remindTimeDiffs: [],
      isRepeat: false,
      repeatType: null,
      repeatUntil: null,
      isCustomRepeat: false,
      repeatInterval: null,
      repeatDayOfWeek: [],
      repeatDayOfMonth: [],
      timezone: null,
    });
  });

  describe('flags left out follow the fields given', () => {
    it('remindTimeDiffs given turns reminding on; [] or null turns it off', () => {
      expect(mergeReminder(null, { remindTimeDiffs: [-900] }).isRemind).toBe(true);
      expect(mergeReminder(REMINDER, { remindTimeDiffs: [] }).isRemind).toBe(false);
      expect(mergeReminder(REMINDER, { remindTimeDiffs: null }).isRemind).toBe(false);
    });

    it('repeatType given turns repeating on; repeatType null turns it off', () => {
      expect(mergeReminder(null, { repeatType: RepeatType.DAILY }).isRepeat).toBe(true);
      expect(mergeReminder(REMINDER, { repeatType: null })).toMatchObject({ isRepeat: false, repeatType: null });
    });

    it('repeatInterval, repeatDayOfWeek or repeatDayOfMonth given turns custom repeat on', () => {
      expect(mergeReminder(null, { repeatInterval: 2 }).isCustomRepeat).toBe(true);
      expect(mergeReminder(null, { repeatDayOfWeek: [1] }).isCustomRepeat).toBe(true);
      expect(mergeReminder(null, { repeatDayOfMonth: [1] }).isCustomRepeat).toBe(true);
      expect(mergeReminder(null, { repeatDayOfWeek: [] }).isCustomRepeat).toBe(false);
    });

    it('keeps the stored flags when their fields are left out', () => {
      expect(mergeReminder(REMINDER, { timezone: 0 })).toMatchObject({ isRemind: true, isRepeat: true, isCustomRepeat: true });
    });
  });

  describe('explicit flags win over inference', () => {
    it('isRemind false with remindTimeDiffs given', () => {
      expect(mergeReminder(null, { remindTimeDiffs: [-300], isRemind: false })).toMatchObject({ isRemind: false, remindTimeDiffs: [-300] });
    });

    it('isRepeat false with repeatType given', () => {
      expect(mergeReminder(null, { repeatType: RepeatType.WEEKLY, isRepeat: false })).toMatchObject({
        isRepeat: false,
        repeatType: RepeatType.WEEKLY,
      });
    });

    it('isCustomRepeat false with repeatInterval given', () => {
      expect(mergeReminder(null, { repeatInterval: 3, isCustomRepeat: false })).toMatchObject({ isCustomRepeat: false, repeatInterval: 3 });
    });

    it('isRemind true with an empty list, and a flag given null clears to false', () => {
      expect(mergeReminder(null, { remindTimeDiffs: [], isRemind: true }).isRemind).toBe(true);
      expect(mergeReminder(REMINDER, { isRemind: null, isRepeat: null, isCustomRepeat: null })).toMatchObject({
        isRemind: false,
        isRepeat: false,
        isCustomRepeat: false,
      });
    });
  });
});

describe('fieldsForCreate', () => {
  const startTime = new Date('2026-12-01T02:00:00Z');
  const endTime = new Date('2026-12-01T03:00:00Z');

  it('fills everything left out with empty values', () => {
    expect(fieldsForCreate({ startTime, endTime })).toEqual({
      calendarId: null,
      admins: [],
      attendeeIds: [],
      summary: null,
      description: null,
      location: null,
      startTime,
      endTime,
      isWholeDay: false,
      reminders: null,
    });
  });

  it('takes every given field, with the inferred reminder flags', () => {
    const fields = fieldsForCreate({
      startTime,
      endTime,
      calendarId: 'cal-1',
      admins: ['alice'],
      attendees: [{ userId: 'alice' }, { userId: 'bob' }],
      summary: 's',
      description: 'd',
      location: 'l',
      isWholeDay: true,
      reminders: { remindTimeDiffs: [32400], repeatType: RepeatType.WORKDAYS },
    });
    expect(fields).toMatchObject({
      calendarId: 'cal-1',
      admins: ['alice'],
      attendeeIds: ['alice', 'bob'],
      summary: 's',
      description: 'd',
      location: 'l',
      isWholeDay: true,
      reminders: { isRemind: true, remindTimeDiffs: [32400], isRepeat: true, repeatType: RepeatType.WORKDAYS, isCustomRepeat: false },
    });
  });

  it('treats null like left out on create', () => {
    const fields = fieldsForCreate({ startTime, endTime, summary: null, admins: null, attendees: null, reminders: null, isWholeDay: null });
    expect(fields).toMatchObject({ summary: null, admins: [], attendeeIds: [], reminders: null, isWholeDay: false });
  });
});
