import { CreateScheduleDocument, CreateScheduleInput, UpdateScheduleDocument, UpdateScheduleInput } from '../../client/operations';
import { scheduleInput } from '../helpers/fixtures';
import {
  GraphQLErrorBody,
  SCHEDULE_GET,
  SCHEDULE_UPDATE,
  TestStack,
  scheduleCallCount,
  startTestStack,
} from '../helpers/test-stack';

/** 22 × '日' is 22 characters but 66 UTF-8 bytes: over WeCom's 64-byte userid limit. */
const USERID_66_BYTES = '日'.repeat(22);
/** 21 × '日' + 'a' = 64 UTF-8 bytes: exactly at the limit. */
const USERID_64_BYTES = `${'日'.repeat(21)}a`;

const START = '2026-12-01T10:00:00+08:00';
const END = '2026-12-01T11:00:00+08:00';

type Patch = Omit<UpdateScheduleInput, 'id'>;

function expectBadUserInput(errors: GraphQLErrorBody[] | undefined, field: string): void {
  expect(errors).toHaveLength(1);
  const [error] = errors!;
  expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
  expect(error.message.startsWith(`${field}:`)).toBe(true);
}

function attendees(count: number) {
  return Array.from({ length: count }, (_, i) => ({ userId: `user${i}` }));
}

describe('input validation: WeCom limits are BAD_USER_INPUT before any WeCom call', () => {
  let stack: TestStack;
  /** A plain (not whole-day) schedule, 10:00-11:00 +08:00, no reminders. */
  let plainId: string;

  beforeAll(async () => {
    stack = await startTestStack();
    plainId = await create(scheduleInput());
  });
  afterAll(() => stack.stop());

  async function create(input: CreateScheduleInput): Promise<string> {
    const { data, errors } = await stack.graphql(CreateScheduleDocument, { input });
    expect(errors).toBeUndefined();
    return data!.createSchedule.id;
  }

  /** Sends `send`, expects BAD_USER_INPUT on `field` and no upstream schedule call at all. */
  async function expectRejectedWithoutCalls(
    send: () => Promise<{ data?: unknown; errors?: GraphQLErrorBody[] }>,
    field: string,
  ): Promise<void> {
    const before = scheduleCallCount(stack.emulator);
    const { data, errors } = await send();
    expectBadUserInput(errors, field);
    expect(data ?? null).toBeNull();
    expect(scheduleCallCount(stack.emulator)).toBe(before);
  }

  /** For rules that need the stored schedule: reading it is allowed, writing is not. */
  async function expectRejectedWithoutUpdate(patch: Patch & { id: string }, field: string): Promise<void> {
    const updatesBefore = stack.emulator.callCount(SCHEDULE_UPDATE);
    const { data, errors } = await stack.graphql(UpdateScheduleDocument, { input: patch });
    expectBadUserInput(errors, field);
    expect(data ?? null).toBeNull();
    expect(stack.emulator.callCount(SCHEDULE_UPDATE)).toBe(updatesBefore);
  }

  // Rules that hold for create and update alike: [name, input fields, offending field path].
  const sharedRejections: [string, Patch, string][] = [
    ['summary over 128 characters', { summary: 'x'.repeat(129) }, 'input.summary'],
    ['summary of 129 CJK characters', { summary: '日'.repeat(129) }, 'input.summary'],
    ['description over 1,000 characters', { description: 'x'.repeat(1001) }, 'input.description'],
    ['location over 128 characters', { location: 'x'.repeat(129) }, 'input.location'],
    // '❤️' is 2 code points (heart + variation selector): 65 of them are 130 characters for WeCom.
    ['a summary over 128 characters counted as code points (65 × ❤️)', { summary: '❤️'.repeat(65) }, 'input.summary'],
    ['more than 3 admins', { admins: ['a', 'b', 'c', 'd'] }, 'input.admins'],
    ['an admin user id over 64 bytes (66 bytes in 22 characters)', { admins: [USERID_66_BYTES] }, 'input.admins'],
    ['an empty admin user id', { admins: [''] }, 'input.admins'],
    ['more than 1,000 attendees (1,001)', { attendees: attendees(1001) }, 'input.attendees'],
    [
      'an attendee user id over 64 bytes (66 bytes in 22 characters)',
      { attendees: [{ userId: USERID_66_BYTES }] },
      'input.attendees[0].userId',
    ],
    ['an empty attendee user id', { attendees: [{ userId: 'alice' }, { userId: '' }] }, 'input.attendees[1].userId'],
    ['a reminder offset WeCom does not allow (-600)', { reminders: { remindTimeDiffs: [-600] } }, 'input.reminders.remindTimeDiffs'],
    ['a reminder offset WeCom does not allow (1)', { reminders: { remindTimeDiffs: [-300, 1] } }, 'input.reminders.remindTimeDiffs'],
    ['repeatDayOfWeek 0', { reminders: { repeatType: 'WEEKLY', repeatDayOfWeek: [0] } }, 'input.reminders.repeatDayOfWeek'],
    ['repeatDayOfWeek 8', { reminders: { repeatType: 'WEEKLY', repeatDayOfWeek: [1, 8] } }, 'input.reminders.repeatDayOfWeek'],
    ['repeatDayOfMonth 0', { reminders: { repeatType: 'MONTHLY', repeatDayOfMonth: [0] } }, 'input.reminders.repeatDayOfMonth'],
    ['repeatDayOfMonth 32', { reminders: { repeatType: 'MONTHLY', repeatDayOfMonth: [32] } }, 'input.reminders.repeatDayOfMonth'],
    ['timezone -13', { reminders: { timezone: -13 } }, 'input.reminders.timezone'],
    ['timezone 13', { reminders: { timezone: 13 } }, 'input.reminders.timezone'],
    ['repeatInterval 0', { reminders: { repeatType: 'WEEKLY', repeatInterval: 0 } }, 'input.reminders.repeatInterval'],
    [
      'a whole-day-only reminder (32400) with isWholeDay false',
      { isWholeDay: false, reminders: { remindTimeDiffs: [32400] } },
      'input.reminders.remindTimeDiffs',
    ],
    [
      'a whole-day-only reminder (-172800) with isWholeDay false',
      { isWholeDay: false, reminders: { remindTimeDiffs: [-172800] } },
      'input.reminders.remindTimeDiffs',
    ],
    [
      'a whole-day-only reminder (-604800) with isWholeDay false',
      { isWholeDay: false, reminders: { remindTimeDiffs: [-300, -604800] } },
      'input.reminders.remindTimeDiffs',
    ],
    ['endTime before startTime', { startTime: END, endTime: START }, 'input.endTime'],
    [
      'repeatUntil before startTime',
      { startTime: START, endTime: END, reminders: { repeatType: 'DAILY', repeatUntil: '2026-11-30T00:00:00Z' } },
      'input.reminders.repeatUntil',
    ],
    [
      'repeatUntil equal to startTime',
      { startTime: START, endTime: END, reminders: { repeatType: 'DAILY', repeatUntil: START } },
      'input.reminders.repeatUntil',
    ],
    ['a startTime before 1970 (WeCom stores unsigned unix seconds)', { startTime: '1969-12-31T23:59:59Z' }, 'input.startTime'],
  ];

  describe('createSchedule', () => {
    const createOnly: [string, Partial<CreateScheduleInput>, string][] = [
      ['a calendarId over 64 bytes', { calendarId: 'c'.repeat(65) }, 'input.calendarId'],
      ['a calendarId over 64 bytes in 22 multi-byte characters', { calendarId: USERID_66_BYTES }, 'input.calendarId'],
      ['a whole-day-only reminder (32400) with isWholeDay omitted', { reminders: { remindTimeDiffs: [32400] } }, 'input.reminders.remindTimeDiffs'],
      ['a whole-day-only reminder (-172800) with isWholeDay omitted', { reminders: { remindTimeDiffs: [-172800] } }, 'input.reminders.remindTimeDiffs'],
      ['a whole-day-only reminder (-604800) with isWholeDay omitted', { reminders: { remindTimeDiffs: [-604800] } }, 'input.reminders.remindTimeDiffs'],
      [
        'a custom repeat (isCustomRepeat true) without repeatInterval',
        { reminders: { repeatType: 'WEEKLY', isCustomRepeat: true, repeatDayOfWeek: [1] } },
        'input.reminders.repeatInterval',
      ],
      [
        'a custom repeat implied by repeatDayOfWeek without repeatInterval',
        { reminders: { repeatType: 'WEEKLY', repeatDayOfWeek: [1, 3] } },
        'input.reminders.repeatInterval',
      ],
    ];

    it.each([...sharedRejections, ...createOnly])('rejects %s, without calling WeCom', async (_name, fields, field) => {
      const input = scheduleInput(fields as Partial<CreateScheduleInput>);
      await expectRejectedWithoutCalls(() => stack.graphql(CreateScheduleDocument, { input }), field);
    });

    it.each([
      ['2026-13-45T99:00:00Z'],
      ['not a date'],
      ['2026-12-01 10:00'],
    ])('rejects the malformed DateTime %p as BAD_USER_INPUT, without calling WeCom', async (startTime) => {
      const before = scheduleCallCount(stack.emulator);
      const { data, errors } = await stack.graphql(CreateScheduleDocument, { input: scheduleInput({ startTime }) });
      expect(errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      expect(errors?.[0].message).toContain('startTime');
      expect(data ?? null).toBeNull();
      expect(scheduleCallCount(stack.emulator)).toBe(before);
    });

    it.each([
      ['a summary of exactly 128 characters', { summary: 'x'.repeat(128) }],
      ['a summary of exactly 128 CJK characters', { summary: '日'.repeat(128) }],
      ['a description of exactly 1,000 characters', { description: 'x'.repeat(1000) }],
      ['a location of exactly 128 characters', { location: 'x'.repeat(128) }],
      ['exactly 3 admins', { admins: ['alice', 'bob', 'carol'] }],
      ['an admin user id of exactly 64 bytes', { admins: [USERID_64_BYTES] }],
      ['an attendee user id of exactly 64 bytes', { attendees: [{ userId: USERID_64_BYTES }] }],
      ['an attendee user id of 64 ASCII characters', { attendees: [{ userId: 'u'.repeat(64) }] }],
      ['exactly 1,000 attendees', { attendees: attendees(1000) }],
      ['timezone -12', { reminders: { timezone: -12 } }],
      ['timezone 12', { reminders: { timezone: 12 } }],
      ['endTime equal to startTime', { startTime: START, endTime: START }],
      ['repeatDayOfWeek 1 and 7', { reminders: { repeatType: 'WEEKLY', repeatInterval: 1, repeatDayOfWeek: [1, 7] } }],
      ['repeatDayOfMonth 1 and 31', { reminders: { repeatType: 'MONTHLY', repeatInterval: 1, repeatDayOfMonth: [1, 31] } }],
      ['every plain reminder offset', { reminders: { remindTimeDiffs: [0, -300, -900, -3600, -86400] } }],
      ['repeatUntil one second after startTime', { reminders: { repeatType: 'DAILY', repeatUntil: '2026-12-01T02:00:01Z' } }],
    ] as [string, Partial<CreateScheduleInput>][])('accepts %s', async (_name, overrides) => {
      const { data, errors } = await stack.graphql(CreateScheduleDocument, { input: scheduleInput(overrides) });
      expect(errors).toBeUndefined();
      const created = data!.createSchedule;
      expect(stack.emulator.storedSchedule(created.id)).toBeDefined();
      if (overrides.summary !== undefined) expect(created.summary).toBe(overrides.summary);
      if (overrides.admins) expect(created.admins).toEqual(overrides.admins);
      if (overrides.attendees) expect(created.attendees).toHaveLength(overrides.attendees.length);
      if (overrides.reminders?.timezone != null) expect(created.reminders?.timezone).toBe(overrides.reminders.timezone);
    });

    it.each([[32400], [-172800], [-604800]])(
      'accepts the whole-day-only reminder %p when isWholeDay is true',
      async (diff) => {
        const created = await stack.graphql(CreateScheduleDocument, {
          input: scheduleInput({
            isWholeDay: true,
            startTime: '2026-12-24T00:00:00+08:00',
            endTime: '2026-12-24T23:59:59+08:00',
            reminders: { remindTimeDiffs: [diff] },
          }),
        });
        expect(created.errors).toBeUndefined();
        expect(created.data!.createSchedule.reminders?.remindTimeDiffs).toEqual([diff]);
        expect(stack.emulator.storedSchedule(created.data!.createSchedule.id)?.reminders?.remind_time_diffs).toEqual([diff]);
      },
    );
  });

  describe('updateSchedule (patch)', () => {
    it.each(sharedRejections)('rejects %s, without calling WeCom', async (_name, patch, field) => {
      await expectRejectedWithoutCalls(
        () => stack.graphql(UpdateScheduleDocument, { input: { id: plainId, ...patch } }),
        field,
      );
    });

    it('rejects endTime before startTime when both are given, without even reading the schedule', async () => {
      const getsBefore = stack.emulator.callCount(SCHEDULE_GET);
      await expectRejectedWithoutCalls(
        () => stack.graphql(UpdateScheduleDocument, { input: { id: plainId, startTime: END, endTime: START } }),
        'input.endTime',
      );
      expect(stack.emulator.callCount(SCHEDULE_GET)).toBe(getsBefore);
    });

    it('rejects a startTime after the stored endTime: reads the schedule, writes nothing', async () => {
      await expectRejectedWithoutUpdate({ id: plainId, startTime: '2026-12-01T12:00:00+08:00' }, 'input.endTime');
    });

    it('rejects an endTime before the stored startTime: reads the schedule, writes nothing', async () => {
      await expectRejectedWithoutUpdate({ id: plainId, endTime: '2026-12-01T09:00:00+08:00' }, 'input.endTime');
    });

    it('rejects a repeatUntil before the stored startTime: reads the schedule, writes nothing', async () => {
      await expectRejectedWithoutUpdate(
        { id: plainId, reminders: { repeatType: 'DAILY', repeatUntil: '2026-11-01T00:00:00Z' } },
        'input.reminders.repeatUntil',
      );
    });

    it('rejects a whole-day-only reminder on a stored non-whole-day schedule: reads it, writes nothing', async () => {
      await expectRejectedWithoutUpdate({ id: plainId, reminders: { remindTimeDiffs: [32400] } }, 'input.reminders.remindTimeDiffs');
    });

    // A repeatInterval left out keeps the stored one, so these need the stored schedule.
    it.each([
      ['isCustomRepeat true', { repeatType: 'WEEKLY', isCustomRepeat: true, repeatDayOfWeek: [1] }],
      ['a custom repeat implied by repeatDayOfWeek', { repeatType: 'WEEKLY', repeatDayOfWeek: [1, 3] }],
    ] as [string, NonNullable<Patch['reminders']>][])(
      'rejects %s when the stored schedule has no repeatInterval: reads it, writes nothing',
      async (_name, reminders) => {
        await expectRejectedWithoutUpdate({ id: plainId, reminders }, 'input.reminders.repeatInterval');
      },
    );

    it('rejects isWholeDay:false on a stored whole-day schedule that has a 32400 reminder: reads it, writes nothing', async () => {
      const wholeDayId = await create(
        scheduleInput({
          isWholeDay: true,
          startTime: '2026-12-24T00:00:00+08:00',
          endTime: '2026-12-24T23:59:59+08:00',
          reminders: { remindTimeDiffs: [32400] },
        }),
      );
      await expectRejectedWithoutUpdate({ id: wholeDayId, isWholeDay: false }, 'input.reminders.remindTimeDiffs');
      expect(stack.emulator.storedSchedule(wholeDayId)?.is_whole_day).toBe(1);
    });

    it('accepts isWholeDay:true with a whole-day-only reminder on a stored plain schedule', async () => {
      const id = await create(scheduleInput());
      const { data, errors } = await stack.graphql(UpdateScheduleDocument, {
        input: { id, isWholeDay: true, reminders: { remindTimeDiffs: [-172800] } },
      });
      expect(errors).toBeUndefined();
      expect(data!.updateSchedule).toMatchObject({ isWholeDay: true, reminders: { remindTimeDiffs: [-172800] } });
    });

    it.each([['startTime'], ['endTime'], ['isWholeDay']] as const)(
      'rejects null for the non-nullable %s, without calling WeCom',
      async (key) => {
        await expectRejectedWithoutCalls(
          () => stack.graphql(UpdateScheduleDocument, { input: { id: plainId, [key]: null } }),
          `input.${key}`,
        );
      },
    );

    it('rejects null for startTime as BAD_USER_INPUT even for an unknown schedule id (not NOT_FOUND)', async () => {
      await expectRejectedWithoutCalls(
        () => stack.graphql(UpdateScheduleDocument, { input: { id: 'no-such-schedule', startTime: null } }),
        'input.startTime',
      );
    });

    it.each([['2026-13-45T99:00:00Z'], ['not a date']])(
      'rejects the malformed DateTime %p as BAD_USER_INPUT, without calling WeCom',
      async (endTime) => {
        const before = scheduleCallCount(stack.emulator);
        const { data, errors } = await stack.graphql(UpdateScheduleDocument, { input: { id: plainId, endTime } });
        expect(errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
        expect(errors?.[0].message).toContain('endTime');
        expect(data ?? null).toBeNull();
        expect(scheduleCallCount(stack.emulator)).toBe(before);
      },
    );

    it.each([
      ['a summary of exactly 128 characters', { summary: 's'.repeat(128) }],
      ['exactly 3 admins', { admins: ['alice', 'bob', 'carol'] }],
      ['an attendee user id of exactly 64 bytes', { attendees: [{ userId: USERID_64_BYTES }] }],
      ['timezone -12', { reminders: { timezone: -12 } }],
      ['timezone 12', { reminders: { timezone: 12 } }],
      ['endTime equal to startTime', { startTime: START, endTime: START }],
    ] as [string, Patch][])('accepts %s', async (_name, patch) => {
      const id = await create(scheduleInput());
      const updatesBefore = stack.emulator.callCount(SCHEDULE_UPDATE);
      const { data, errors } = await stack.graphql(UpdateScheduleDocument, { input: { id, ...patch } });
      expect(errors).toBeUndefined();
      expect(data!.updateSchedule.id).toBe(id);
      expect(stack.emulator.callCount(SCHEDULE_UPDATE)).toBe(updatesBefore + 1);
    });
  });
});
