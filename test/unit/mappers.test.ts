import {
  fromUnixSeconds,
  scheduleAsWritten,
  scheduleFromWire,
  scheduleToWire,
  toUnixSeconds,
} from '../../src/datasources/wecom/mappers';
import { WireSchedule } from '../../src/datasources/wecom/wire.types';
import { AttendeeResponse, Reminder, RepeatType, ScheduleFields, ScheduleStatus } from '../../src/domain/schedule';
import { EMPTY_REMINDER } from '../../src/domain/schedule-patch';

const START = Date.UTC(2026, 11, 1, 2) / 1000; // 2026-12-01T02:00:00Z
const END = START + 3600;

function wire(overrides: Partial<WireSchedule> = {}): WireSchedule {
  return {
    schedule_id: 'sched-1',
    cal_id: 'cal-1',
    admins: ['alice'],
    attendees: [{ userid: 'alice', response_status: 2 }],
    summary: 'Design review',
    description: 'Quarterly',
    location: 'Room 301',
    start_time: START,
    end_time: END,
    is_whole_day: 0,
    status: 0,
    ...overrides,
  };
}

const NO_REMINDER: Reminder = EMPTY_REMINDER;

function fields(overrides: Partial<ScheduleFields> = {}): ScheduleFields {
  return {
    calendarId: 'cal-1',
    admins: ['alice'],
    attendeeIds: ['alice', 'bob'],
    summary: 'Design review',
    description: 'Quarterly',
    location: 'Room 301',
    startTime: new Date('2026-12-01T02:00:00Z'),
    endTime: new Date('2026-12-01T03:00:00Z'),
    isWholeDay: false,
    reminders: null,
    ...overrides,
  };
}

describe('unix seconds <-> Date', () => {
  it('converts both ways in UTC', () => {
    expect(fromUnixSeconds(START).toISOString()).toBe('2026-12-01T02:00:00.000Z');
    expect(toUnixSeconds(new Date('2026-12-01T10:00:00+08:00'))).toBe(START);
  });

  it('drops milliseconds when sending (WeCom takes whole seconds)', () => {
    expect(toUnixSeconds(new Date('2026-12-01T02:00:00.999Z'))).toBe(START);
    expect(Number.isInteger(toUnixSeconds(new Date('2026-12-01T02:00:00.5Z')))).toBe(true);
  });
});

describe('scheduleFromWire', () => {
  it('maps a full schedule: times as UTC Dates, texts, admins, attendees, status', () => {
    expect(scheduleFromWire(wire())).toEqual({
      id: 'sched-1',
      calendarId: 'cal-1',
      status: ScheduleStatus.ACTIVE,
      admins: ['alice'],
      attendees: [{ userId: 'alice', response: AttendeeResponse.ACCEPTED }],
      summary: 'Design review',
      description: 'Quarterly',
      location: 'Room 301',
      startTime: new Date('2026-12-01T02:00:00Z'),
      endTime: new Date('2026-12-01T03:00:00Z'),
      isWholeDay: false,
      reminders: null,
      excludedOccurrenceStarts: [],
      sequence: null,
    });
  });

  it("maps WeCom's empty texts ('') to null", () => {
    const schedule = scheduleFromWire(wire({ cal_id: '', summary: '', description: '', location: '' }));
    expect(schedule).toMatchObject({ calendarId: null, summary: null, description: null, location: null });
  });

  it('maps status 1 to CANCELLED and 0 to ACTIVE', () => {
    expect(scheduleFromWire(wire({ status: 1 })).status).toBe(ScheduleStatus.CANCELLED);
    expect(scheduleFromWire(wire({ status: 0 })).status).toBe(ScheduleStatus.ACTIVE);
  });

  it.each([
    [0, AttendeeResponse.PENDING],
    [1, AttendeeResponse.TENTATIVE],
    [2, AttendeeResponse.ACCEPTED],
    [3, AttendeeResponse.ACCEPTED_ONCE],
    [4, AttendeeResponse.DECLINED],
  ])('maps response_status %p to %s', (status, response) => {
    expect(scheduleFromWire(wire({ attendees: [{ userid: 'bob', response_status: status }] })).attendees).toEqual([
      { userId: 'bob', response },
    ]);
  });

  it('maps a missing response_status to PENDING and an unknown one to null', () => {
    const schedule = scheduleFromWire(wire({ attendees: [{ userid: 'a' }, { userid: 'b', response_status: 9 }] }));
    expect(schedule.attendees).toEqual([
      { userId: 'a', response: AttendeeResponse.PENDING },
      { userId: 'b', response: null },
    ]);
  });

  it('handles missing keys (get_by_calendar omits is_whole_day, status and more)', () => {
    const schedule = scheduleFromWire({ schedule_id: 's', start_time: START, end_time: END });
    expect(schedule).toEqual({
      id: 's',
      calendarId: null,
      status: ScheduleStatus.ACTIVE,
      admins: [],
      attendees: [],
      summary: null,
      description: null,
      location: null,
      startTime: new Date(START * 1000),
      endTime: new Date(END * 1000),
      isWholeDay: false,
      reminders: null,
      excludedOccurrenceStarts: [],
      sequence: null,
    });
  });

  it('maps is_whole_day 1 to true', () => {
    expect(scheduleFromWire(wire({ is_whole_day: 1 })).isWholeDay).toBe(true);
  });

  it.each([
    [0, RepeatType.DAILY],
    [1, RepeatType.WEEKLY],
    [2, RepeatType.MONTHLY],
    [5, RepeatType.YEARLY],
    [7, RepeatType.WORKDAYS],
  ])('maps repeat_type %p to %s', (repeatType, expected) => {
    const schedule = scheduleFromWire(wire({ reminders: { is_repeat: 1, repeat_type: repeatType } }));
    expect(schedule.reminders?.repeatType).toBe(expected);
    expect(schedule.reminders?.isRepeat).toBe(true);
  });

  it('maps a schedule that does not repeat to repeatType null, whatever repeat_type says', () => {
    expect(scheduleFromWire(wire({ reminders: { is_repeat: 0, repeat_type: 0 } })).reminders?.repeatType).toBeNull();
  });

  it('maps a full reminder block', () => {
    const schedule = scheduleFromWire(
      wire({
        reminders: {
          is_remind: 1,
          remind_time_diffs: [-300, -3600],
          is_repeat: 1,
          repeat_type: 1,
          repeat_until: END + 86400 * 30,
          is_custom_repeat: 1,
          repeat_interval: 2,
          repeat_day_of_week: [1, 3],
          repeat_day_of_month: [],
          timezone: 8,
        },
      }),
    );
    expect(schedule.reminders).toEqual({
      isRemind: true,
      remindTimeDiffs: [-300, -3600],
      isRepeat: true,
      repeatType: RepeatType.WEEKLY,
      repeatUntil: new Date((END + 86400 * 30) * 1000),
      isCustomRepeat: true,
      repeatInterval: 2,
      repeatDayOfWeek: [1, 3],
      repeatDayOfMonth: [],
      timezone: 8,
    });
  });

  it('maps repeat_until 0 and repeat_interval 0 to null, and missing lists to []', () => {
    const reminders = scheduleFromWire(wire({ reminders: { is_repeat: 1, repeat_type: 0, repeat_until: 0, repeat_interval: 0 } })).reminders;
    expect(reminders).toMatchObject({ repeatUntil: null, repeatInterval: null, repeatDayOfWeek: [], repeatDayOfMonth: [], timezone: null });
  });

  it('falls back to remind_before_event_secs when remind_time_diffs is empty', () => {
    const fromEmpty = scheduleFromWire(wire({ reminders: { is_remind: 1, remind_before_event_secs: 900, remind_time_diffs: [] } }));
    expect(fromEmpty.reminders?.remindTimeDiffs).toEqual([-900]);
    const fromMissing = scheduleFromWire(wire({ reminders: { is_remind: 1, remind_before_event_secs: 3600 } }));
    expect(fromMissing.reminders?.remindTimeDiffs).toEqual([-3600]);
  });

  it('prefers a non-empty remind_time_diffs over remind_before_event_secs', () => {
    const schedule = scheduleFromWire(wire({ reminders: { is_remind: 1, remind_before_event_secs: 900, remind_time_diffs: [-300] } }));
    expect(schedule.reminders?.remindTimeDiffs).toEqual([-300]);
  });

  it('ignores remind_before_event_secs when reminding is off', () => {
    const schedule = scheduleFromWire(wire({ reminders: { is_remind: 0, remind_before_event_secs: 900 } }));
    expect(schedule.reminders).toMatchObject({ isRemind: false, remindTimeDiffs: [] });
  });
});

describe('scheduleToWire', () => {
  it('sends every field, times as unix seconds, attendees as userids', () => {
    expect(scheduleToWire(fields(), { includeAttendees: true })).toEqual({
      admins: ['alice'],
      attendees: [{ userid: 'alice' }, { userid: 'bob' }],
      summary: 'Design review',
      description: 'Quarterly',
      location: 'Room 301',
      start_time: START,
      end_time: END,
      is_whole_day: 0,
    });
  });

  it("sends cleared fields as WeCom's empty values (an update replaces the schedule whole)", () => {
    const sent = scheduleToWire(fields({ summary: null, description: null, location: null, admins: [], attendeeIds: [] }), {
      includeAttendees: true,
    });
    expect(sent).toMatchObject({ summary: '', description: '', location: '', admins: [], attendees: [] });
  });

  it('leaves attendees out when includeAttendees is false (WeCom keeps its list)', () => {
    expect(scheduleToWire(fields(), { includeAttendees: false })).not.toHaveProperty('attendees');
  });

  it('never sends cal_id (WeCom cannot move a schedule; add sets it itself)', () => {
    expect(scheduleToWire(fields(), { includeAttendees: true })).not.toHaveProperty('cal_id');
  });

  it('sends isWholeDay as 1', () => {
    expect(scheduleToWire(fields({ isWholeDay: true }), { includeAttendees: true }).is_whole_day).toBe(1);
  });

  it.each([
    [RepeatType.DAILY, 0],
    [RepeatType.WEEKLY, 1],
    [RepeatType.MONTHLY, 2],
    [RepeatType.YEARLY, 5],
    [RepeatType.WORKDAYS, 7],
  ])('sends repeatType %s as repeat_type %p', (repeatType, expected) => {
    const sent = scheduleToWire(fields({ reminders: { ...NO_REMINDER, isRepeat: true, repeatType } }), { includeAttendees: false });
    expect(sent.reminders).toMatchObject({ is_repeat: 1, repeat_type: expected });
  });

  it('sends a full reminder block with flags as 0/1 and repeat_until in unix seconds', () => {
    const reminders: Reminder = {
      isRemind: true,
      remindTimeDiffs: [-900],
      isRepeat: true,
      repeatType: RepeatType.WEEKLY,
      repeatUntil: new Date('2027-01-01T00:00:00Z'),
      isCustomRepeat: true,
      repeatInterval: 2,
      repeatDayOfWeek: [1, 5],
      repeatDayOfMonth: [],
      timezone: -5,
    };
    expect(scheduleToWire(fields({ reminders }), { includeAttendees: false }).reminders).toEqual({
      is_remind: 1,
      remind_time_diffs: [-900],
      is_repeat: 1,
      repeat_type: 1,
      repeat_until: Date.UTC(2027, 0, 1) / 1000,
      is_custom_repeat: 1,
      repeat_interval: 2,
      repeat_day_of_week: [1, 5],
      repeat_day_of_month: [],
      timezone: -5,
    });
  });

  it('sends a cleared reminder block as off, with no repeat rule at all', () => {
    const sent = scheduleToWire(fields({ reminders: NO_REMINDER }), { includeAttendees: false }).reminders;
    expect(sent).toEqual({
      is_remind: 0,
      remind_time_diffs: [],
      is_repeat: 0,
    });
  });

  it('leaves the repeat fields out when the schedule does not repeat, whatever they held', () => {
    const reminders = { ...NO_REMINDER, isRepeat: false, repeatType: RepeatType.WEEKLY, repeatUntil: new Date('2027-01-01T00:00:00Z') };
    const sent = scheduleToWire(fields({ reminders }), { includeAttendees: false }).reminders;
    expect(sent).toEqual({ is_remind: 0, remind_time_diffs: [], is_repeat: 0 });
  });

  it('sends timezone 0 (UTC), which is a value and not a cleared field', () => {
    const sent = scheduleToWire(fields({ reminders: { ...NO_REMINDER, timezone: 0 } }), { includeAttendees: false });
    expect(sent.reminders?.timezone).toBe(0);
  });

  it('round-trips through scheduleFromWire', () => {
    const reminders: Reminder = { ...NO_REMINDER, isRemind: true, remindTimeDiffs: [-300], isRepeat: true, repeatType: RepeatType.MONTHLY, timezone: 8 };
    const written = fields({ reminders });
    const sent = scheduleToWire(written, { includeAttendees: true });
    const read = scheduleFromWire({ schedule_id: 'x', cal_id: 'cal-1', status: 0, ...sent, attendees: sent.attendees });
    expect(read).toMatchObject({
      summary: written.summary,
      startTime: written.startTime,
      endTime: written.endTime,
      reminders,
      attendees: [
        { userId: 'alice', response: AttendeeResponse.PENDING },
        { userId: 'bob', response: AttendeeResponse.PENDING },
      ],
    });
  });
});

describe('scheduleAsWritten', () => {
  it('answers the written fields as an ACTIVE schedule with PENDING attendees', () => {
    const written = fields({ reminders: { ...NO_REMINDER, isRemind: true, remindTimeDiffs: [-300] } });
    expect(scheduleAsWritten('new-id', written)).toEqual({
      id: 'new-id',
      calendarId: 'cal-1',
      status: ScheduleStatus.ACTIVE,
      admins: ['alice'],
      attendees: [
        { userId: 'alice', response: AttendeeResponse.PENDING },
        { userId: 'bob', response: AttendeeResponse.PENDING },
      ],
      summary: 'Design review',
      description: 'Quarterly',
      location: 'Room 301',
      startTime: written.startTime,
      endTime: written.endTime,
      isWholeDay: false,
      reminders: written.reminders,
      excludedOccurrenceStarts: [],
      sequence: null,
    });
  });

  it('keeps the stored attendees (and their responses) when attendees were not sent', () => {
    const kept = [{ userId: 'carol', response: AttendeeResponse.DECLINED }];
    expect(scheduleAsWritten('id', fields(), kept).attendees).toEqual(kept);
  });
});
