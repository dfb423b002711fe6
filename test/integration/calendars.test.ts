import { CreateCalendarDocument, CreateCalendarInput, CreateScheduleDocument, DeleteCalendarDocument, GetCalendarDocument, GetCalendarsDocument, UpdateCalendarDocument, UpdateCalendarInput } from '../../client/operations';
import { scheduleInput } from '../helpers/fixtures';
import { GETTOKEN, GraphQLErrorBody, TestStack, startTestStack } from '../helpers/test-stack';

const CALENDAR_ADD = '/cgi-bin/oa/calendar/add';
const CALENDAR_UPDATE = '/cgi-bin/oa/calendar/update';
const CALENDAR_GET = '/cgi-bin/oa/calendar/get';
const CALENDAR_DEL = '/cgi-bin/oa/calendar/del';

/** Every upstream call but gettoken: calendar and schedule paths alike. */
const upstreamCallCount = (stack: TestStack): number => stack.emulator.calls().filter((call) => call.path !== GETTOKEN).length;

const users = (count: number, prefix = 'user') => Array.from({ length: count }, (_, i) => `${prefix}${i}`);

type WireCalendarBody = { skip_public_range?: number; calendar: Record<string, unknown> };
const lastBody = (stack: TestStack, path: string): WireCalendarBody => stack.emulator.calls(path).at(-1)!.body as WireCalendarBody;

function expectBadUserInput(errors: GraphQLErrorBody[] | undefined, field: string): void {
  expect(errors).toHaveLength(1);
  expect(errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
  expect(errors![0].message.startsWith(`${field}:`)).toBe(true);
}

/** A calendar with every field set. */
const fullInput = (): CreateCalendarInput => ({
  summary: 'Team calendar',
  color: '#1A2B3C',
  description: 'Everything the team plans',
  admins: ['alice', 'bob'],
  shares: [{ userId: 'alice' }, { userId: 'bob', permission: 'VIEW' }, { userId: 'carol', permission: 'FREE_BUSY_ONLY' }],
  isPublic: true,
  publicRange: { userIds: ['dave', 'erin'], departmentIds: [2, 3] },
});

describe('calendars through /graphql', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack();
  });
  afterAll(() => stack.stop());

  async function create(input: CreateCalendarInput) {
    const { data, errors } = await stack.graphql(CreateCalendarDocument, { input });
    expect(errors).toBeUndefined();
    return data!.createCalendar;
  }

  describe('createCalendar', () => {
    it('creates with every field and answers it as WeCom holds it', async () => {
      const { calendar, failedShares } = await create(fullInput());
      expect(failedShares).toEqual([]);
      expect(calendar).toEqual({
        id: expect.stringMatching(/.+/),
        summary: 'Team calendar',
        color: '#1A2B3C',
        description: 'Everything the team plans',
        admins: ['alice', 'bob'],
        shares: [
          { userId: 'alice', permission: 'VIEW' },
          { userId: 'bob', permission: 'VIEW' },
          { userId: 'carol', permission: 'FREE_BUSY_ONLY' },
        ],
        isPublic: true,
        publicRange: { userIds: ['dave', 'erin'], departmentIds: [2, 3] },
        isCorpCalendar: false,
        isDefault: null,
      });
      const sent = lastBody(stack, CALENDAR_ADD).calendar;
      expect(sent).toMatchObject({
        summary: 'Team calendar',
        color: '#1A2B3C',
        admins: ['alice', 'bob'],
        shares: [
          { userid: 'alice', permission: 1 },
          { userid: 'bob', permission: 1 },
          { userid: 'carol', permission: 3 },
        ],
        is_public: 1,
        is_corp_calendar: 0,
        public_range: { userids: ['dave', 'erin'], partyids: [2, 3] },
      });
      expect(sent).not.toHaveProperty('set_as_default');
      expect(stack.emulator.storedCalendar(calendar.id)).toMatchObject({ summary: 'Team calendar', admins: ['alice', 'bob'] });
    });

    it('creates a corp calendar with a public range and no color', async () => {
      const { calendar } = await create({ summary: 'Company', isCorpCalendar: true, publicRange: { departmentIds: [1] } });
      expect(calendar).toMatchObject({
        summary: 'Company',
        color: null,
        isCorpCalendar: true,
        publicRange: { userIds: [], departmentIds: [1] },
      });
      const sent = lastBody(stack, CALENDAR_ADD).calendar;
      expect(sent).not.toHaveProperty('color');
      expect(sent).toMatchObject({ is_corp_calendar: 1, public_range: { userids: [], partyids: [1] } });
    });

    it('setAsDefault: isDefault true in the answer, and new schedules without calendarId land in it', async () => {
      const { calendar } = await create({ summary: 'Default one', color: '#00FF00', setAsDefault: true });
      expect(calendar.isDefault).toBe(true);
      expect(lastBody(stack, CALENDAR_ADD).calendar).toMatchObject({ set_as_default: 1 });

      const schedule = await stack.graphql(CreateScheduleDocument, { input: scheduleInput() });
      expect(schedule.errors).toBeUndefined();
      expect(schedule.data!.createSchedule.calendarId).toBe(calendar.id);
      // WeCom's calendar/get does not say which calendar is the default: unknown (null) on later reads.
      const read = await stack.graphql(GetCalendarDocument, { id: calendar.id });
      expect(read.data!.calendar?.isDefault).toBeNull();
    });

    it('lists shares WeCom refused in failedShares, without an error, and leaves them out of the shares', async () => {
      stack.emulator.markUnknownUsers(['ghost']);
      const { data, errors } = await stack.graphql(CreateCalendarDocument, {
        input: { summary: 'With a ghost', color: '#123456', shares: [{ userId: 'alice' }, { userId: 'ghost' }] },
      });
      expect(errors).toBeUndefined();
      const { calendar, failedShares } = data!.createCalendar;
      expect(failedShares).toEqual([{ userId: 'ghost', wecomErrcode: 60111, message: expect.stringMatching(/\S/) }]);
      expect(calendar.shares).toEqual([{ userId: 'alice', permission: 'VIEW' }]);
      const read = await stack.graphql(GetCalendarDocument, { id: calendar.id });
      expect(read.data!.calendar?.shares.map((share) => share.userId)).toEqual(['alice']);

      // The same on update.
      const updated = await stack.graphql(UpdateCalendarDocument, {
        input: { id: calendar.id, shares: [{ userId: 'ghost' }, { userId: 'bob' }] },
      });
      expect(updated.errors).toBeUndefined();
      expect(updated.data!.updateCalendar.failedShares).toEqual([
        { userId: 'ghost', wecomErrcode: 60111, message: expect.stringMatching(/\S/) },
      ]);
      expect(updated.data!.updateCalendar.calendar.shares).toEqual([{ userId: 'bob', permission: 'VIEW' }]);
    });
  });

  describe('reading', () => {
    it('calendar(id) answers the calendar, and null for an unknown id', async () => {
      const { calendar } = await create(fullInput());
      const read = await stack.graphql(GetCalendarDocument, { id: calendar.id });
      expect(read.errors).toBeUndefined();
      expect(read.data!.calendar).toEqual(calendar);
      const missing = await stack.graphql(GetCalendarDocument, { id: 'no-such-calendar' });
      expect(missing.errors).toBeUndefined();
      expect(missing.data!.calendar).toBeNull();
    });

    it('calendars(ids) answers in the order of ids, null where missing, in one calendar/get', async () => {
      const first = (await create({ summary: 'First', color: '#000001' })).calendar;
      const second = (await create({ summary: 'Second', color: '#000002' })).calendar;
      const getsBefore = stack.emulator.callCount(CALENDAR_GET);
      const { data, errors } = await stack.graphql(GetCalendarsDocument, { ids: [second.id, 'missing', first.id] });
      expect(errors).toBeUndefined();
      expect(data!.calendars.map((calendar) => calendar?.summary ?? null)).toEqual(['Second', null, 'First']);
      expect(stack.emulator.callCount(CALENDAR_GET)).toBe(getsBefore + 1);
    });

    it('calendars(ids) with 1,500 ids makes 2 calendar/get calls (1,000 + 500) and keeps the order', async () => {
      const known = (await create({ summary: 'Known', color: '#ABCDEF' })).calendar;
      const ids = users(1500, 'missing-calendar-');
      ids[1200] = known.id;
      const callsBefore = stack.emulator.calls(CALENDAR_GET).length;
      const { data, errors } = await stack.graphql(GetCalendarsDocument, { ids });
      expect(errors).toBeUndefined();
      expect(data!.calendars).toHaveLength(1500);
      expect(data!.calendars[1200]?.summary).toBe('Known');
      expect(data!.calendars.filter((calendar) => calendar !== null)).toHaveLength(1);
      const gets = stack.emulator.calls(CALENDAR_GET).slice(callsBefore);
      expect(gets.map((call) => (call.body as { cal_id_list: string[] }).cal_id_list.length)).toEqual([1000, 500]);
    });
  });

  describe('updateCalendar (patch)', () => {
    it('keeps every field left out and tells WeCom to keep the public range (skip_public_range 1)', async () => {
      const { calendar } = await create(fullInput());
      const { data, errors } = await stack.graphql(UpdateCalendarDocument, { input: { id: calendar.id, summary: 'Renamed' } });
      expect(errors).toBeUndefined();
      expect(data!.updateCalendar).toEqual({ calendar: { ...calendar, summary: 'Renamed' }, failedShares: [] });
      const sent = lastBody(stack, CALENDAR_UPDATE);
      expect(sent.skip_public_range).toBe(1);
      expect(sent.calendar).not.toHaveProperty('public_range');
      expect(sent.calendar).toMatchObject({
        cal_id: calendar.id,
        color: '#1A2B3C',
        description: 'Everything the team plans',
        admins: ['alice', 'bob'],
        shares: [
          { userid: 'alice', permission: 1 },
          { userid: 'bob', permission: 1 },
          { userid: 'carol', permission: 3 },
        ],
      });
      expect(stack.emulator.storedCalendar(calendar.id)?.public_range).toEqual({ userids: ['dave', 'erin'], partyids: [2, 3] });
    });

    it('clears a field given as null and keeps the others', async () => {
      const { calendar } = await create(fullInput());
      const { data, errors } = await stack.graphql(UpdateCalendarDocument, {
        input: { id: calendar.id, description: null, admins: null },
      });
      expect(errors).toBeUndefined();
      expect(data!.updateCalendar.calendar).toEqual({ ...calendar, description: null, admins: [] });
      expect(stack.emulator.storedCalendar(calendar.id)).toMatchObject({ description: '', admins: [] });
    });

    it('replaces the public range when given (skip_public_range 0), and clears it with null', async () => {
      const { calendar } = await create(fullInput());
      const given = await stack.graphql(UpdateCalendarDocument, { input: { id: calendar.id, publicRange: { userIds: ['frank'] } } });
      expect(given.errors).toBeUndefined();
      expect(given.data!.updateCalendar.calendar.publicRange).toEqual({ userIds: ['frank'], departmentIds: [] });
      const sent = lastBody(stack, CALENDAR_UPDATE);
      expect(sent.skip_public_range).toBe(0);
      expect(sent.calendar.public_range).toEqual({ userids: ['frank'], partyids: [] });

      const cleared = await stack.graphql(UpdateCalendarDocument, { input: { id: calendar.id, publicRange: null } });
      expect(cleared.errors).toBeUndefined();
      expect(cleared.data!.updateCalendar.calendar.publicRange).toBeNull();
      expect(lastBody(stack, CALENDAR_UPDATE).skip_public_range).toBe(0);
      expect(stack.emulator.storedCalendar(calendar.id)?.public_range).toEqual({ userids: [], partyids: [] });
    });

    it('replaces shares and admins when both are given', async () => {
      const { calendar } = await create(fullInput());
      const { data, errors } = await stack.graphql(UpdateCalendarDocument, {
        input: { id: calendar.id, shares: [{ userId: 'zoe', permission: 'FREE_BUSY_ONLY' }], admins: ['zoe'] },
      });
      expect(errors).toBeUndefined();
      expect(data!.updateCalendar.calendar).toMatchObject({
        admins: ['zoe'],
        shares: [{ userId: 'zoe', permission: 'FREE_BUSY_ONLY' }],
        color: '#1A2B3C',
        summary: 'Team calendar',
      });
    });

    it('answers NOT_FOUND for an unknown calendar, without writing', async () => {
      const updatesBefore = stack.emulator.callCount(CALENDAR_UPDATE);
      const { data, errors } = await stack.graphql(UpdateCalendarDocument, { input: { id: 'no-such-calendar', summary: 'x' } });
      expect(data ?? null).toBeNull();
      expect(errors?.[0].extensions?.code).toBe('NOT_FOUND');
      expect(stack.emulator.callCount(CALENDAR_UPDATE)).toBe(updatesBefore);
    });
  });

  describe('deleteCalendar', () => {
    it('deletes: calendar(id) is then null, and a second delete is NOT_FOUND', async () => {
      const { calendar } = await create({ summary: 'Short-lived', color: '#FFFFFF' });
      const deleted = await stack.graphql(DeleteCalendarDocument, { id: calendar.id });
      expect(deleted.errors).toBeUndefined();
      expect(deleted.data!.deleteCalendar).toEqual({ id: calendar.id });
      expect(lastBody(stack, CALENDAR_DEL)).toEqual({ cal_id: calendar.id });
      const read = await stack.graphql(GetCalendarDocument, { id: calendar.id });
      expect(read.errors).toBeUndefined();
      expect(read.data!.calendar).toBeNull();

      const again = await stack.graphql(DeleteCalendarDocument, { id: calendar.id });
      expect(again.data ?? null).toBeNull();
      expect(again.errors?.[0].extensions?.code).toBe('NOT_FOUND');
      expect([90459, 90457]).toContain(again.errors?.[0].extensions?.wecomErrcode);
    });

    it('answers NOT_FOUND (90457) for an unknown calendar', async () => {
      const { errors } = await stack.graphql(DeleteCalendarDocument, { id: 'no-such-calendar' });
      expect(errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', wecomErrcode: 90457 });
    });
  });

  describe('validation: BAD_USER_INPUT naming the field, before any WeCom call', () => {
    const corp = { isCorpCalendar: true, publicRange: { departmentIds: [1] } };
    const rejections: [string, Partial<CreateCalendarInput>, string][] = [
      ['an empty summary', { summary: '' }, 'input.summary'],
      ['a summary of 129 characters', { summary: 's'.repeat(129) }, 'input.summary'],
      ['color "red"', { color: 'red' }, 'input.color'],
      ['color "#12345"', { color: '#12345' }, 'input.color'],
      ['no color on a non-corp calendar', { color: undefined }, 'input.color'],
      ['null color on a non-corp calendar', { color: null }, 'input.color'],
      ['a color on a corp calendar', { ...corp, color: '#123456' }, 'input.color'],
      ['a description of 513 characters', { description: 'd'.repeat(513) }, 'input.description'],
      [
        '4 admins (all shared)',
        { admins: ['a', 'b', 'c', 'd'], shares: ['a', 'b', 'c', 'd'].map((userId) => ({ userId })) },
        'input.admins',
      ],
      ['an admin not among the shares', { admins: ['alice', 'mallory'], shares: [{ userId: 'alice' }] }, 'input.admins'],
      ['an admin with no shares at all', { admins: ['alice'] }, 'input.admins'],
      ['2,001 shares', { shares: users(2001).map((userId) => ({ userId })) }, 'input.shares'],
      ['a public range of 1,001 users', { isPublic: true, publicRange: { userIds: users(1001) } }, 'input.publicRange.userIds'],
      [
        'a public range of 101 departments',
        { isPublic: true, publicRange: { departmentIds: Array.from({ length: 101 }, (_, i) => i + 1) } },
        'input.publicRange.departmentIds',
      ],
      ['a corp calendar without a public range', { isCorpCalendar: true, color: undefined }, 'input.publicRange'],
      [
        'a corp calendar as the app’s default',
        { isCorpCalendar: true, color: undefined, publicRange: { departmentIds: [1] }, setAsDefault: true },
        'input.setAsDefault',
      ],
      [
        'a corp calendar with an empty public range',
        { isCorpCalendar: true, color: undefined, publicRange: { userIds: [], departmentIds: [] } },
        'input.publicRange',
      ],
    ];

    it.each(rejections)('createCalendar rejects %s', async (_name, overrides, field) => {
      const input = { summary: 'Valid', color: '#123456', ...overrides } as CreateCalendarInput;
      if ('color' in overrides && overrides.color === undefined) delete input.color;
      const before = upstreamCallCount(stack);
      const { data, errors } = await stack.graphql(CreateCalendarDocument, { input });
      expectBadUserInput(errors, field);
      expect(data ?? null).toBeNull();
      expect(upstreamCallCount(stack)).toBe(before);
    });

    it.each([
      ['a summary of exactly 128 characters', { summary: 's'.repeat(128) }],
      ['a summary of 128 CJK characters', { summary: '日'.repeat(128) }],
      ['a description of exactly 512 characters', { description: 'd'.repeat(512) }],
      ['3 admins, all shared', { admins: ['a', 'b', 'c'], shares: ['a', 'b', 'c'].map((userId) => ({ userId })) }],
      ['2,000 shares', { shares: users(2000).map((userId) => ({ userId })) }],
      ['a public range of 1,000 users and 100 departments', {
        isPublic: true,
        publicRange: { userIds: users(1000), departmentIds: Array.from({ length: 100 }, (_, i) => i + 1) },
      }],
    ] as [string, Partial<CreateCalendarInput>][])('createCalendar accepts %s', async (_name, overrides) => {
      const addsBefore = stack.emulator.callCount(CALENDAR_ADD);
      const { data, errors } = await stack.graphql(CreateCalendarDocument, { input: { summary: 'Valid', color: '#123456', ...overrides } });
      expect(errors).toBeUndefined();
      expect(stack.emulator.callCount(CALENDAR_ADD)).toBe(addsBefore + 1);
      const { calendar } = data!.createCalendar;
      expect(stack.emulator.storedCalendar(calendar.id)).toBeDefined();
      if (overrides.summary) expect(calendar.summary).toBe(overrides.summary);
      if (overrides.description) expect(calendar.description).toBe(overrides.description);
      if (overrides.admins) expect(calendar.admins).toEqual(overrides.admins);
      if (overrides.shares) expect(calendar.shares).toHaveLength(overrides.shares.length);
      if (overrides.publicRange) {
        expect(calendar.publicRange?.userIds).toHaveLength(overrides.publicRange.userIds!.length);
        expect(calendar.publicRange?.departmentIds).toHaveLength(overrides.publicRange.departmentIds!.length);
      }
    });

    describe('updateCalendar', () => {
      let calendarId: string;
      beforeAll(async () => {
        calendarId = (await create(fullInput())).calendar.id;
      });

      const singleField: [string, Omit<UpdateCalendarInput, 'id'>, string][] = [
        ['a summary of 129 characters', { summary: 's'.repeat(129) }, 'input.summary'],
        ['an empty summary', { summary: '' }, 'input.summary'],
        ['color "red"', { color: 'red' }, 'input.color'],
        ['a description of 513 characters', { description: 'd'.repeat(513) }, 'input.description'],
        ['4 admins', { admins: ['a', 'b', 'c', 'd'] }, 'input.admins'],
        ['2,001 shares', { shares: users(2001).map((userId) => ({ userId })) }, 'input.shares'],
        ['a public range of 1,001 users', { publicRange: { userIds: users(1001) } }, 'input.publicRange.userIds'],
        ['a null summary', { summary: null }, 'input.summary'],
      ];

      it.each(singleField)('rejects %s without any WeCom call', async (_name, patch, field) => {
        const before = upstreamCallCount(stack);
        const { data, errors } = await stack.graphql(UpdateCalendarDocument, { input: { id: calendarId, ...patch } });
        expectBadUserInput(errors, field);
        expect(data ?? null).toBeNull();
        expect(upstreamCallCount(stack)).toBe(before);
      });

      // These need the stored calendar: reading it is allowed, writing is not.
      it.each([
        ['a null color on a non-corp calendar', { color: null }, 'input.color'],
        ['shares leaving an admin out (admins alice, bob)', { shares: [{ userId: 'alice' }] }, 'input.admins'],
        ['an admin not among the stored shares', { admins: ['mallory'] }, 'input.admins'],
      ] as [string, Omit<UpdateCalendarInput, 'id'>, string][])('rejects %s without calendar/update', async (_name, patch, field) => {
        const updatesBefore = stack.emulator.callCount(CALENDAR_UPDATE);
        const { data, errors } = await stack.graphql(UpdateCalendarDocument, { input: { id: calendarId, ...patch } });
        expectBadUserInput(errors, field);
        expect(data ?? null).toBeNull();
        expect(stack.emulator.callCount(CALENDAR_UPDATE)).toBe(updatesBefore);
        expect(stack.emulator.storedCalendar(calendarId)).toMatchObject({ summary: 'Team calendar', admins: ['alice', 'bob'] });
      });

      it('asks for a color when patching a calendar WeCom holds without one (its update would refuse it)', async () => {
        const colorless = stack.emulator.addCalendar();
        const updatesBefore = stack.emulator.callCount(CALENDAR_UPDATE);
        const { errors } = await stack.graphql(UpdateCalendarDocument, { input: { id: colorless, description: 'x' } });
        expectBadUserInput(errors, 'input.color');
        expect(stack.emulator.callCount(CALENDAR_UPDATE)).toBe(updatesBefore);
        const fixed = await stack.graphql(UpdateCalendarDocument, { input: { id: colorless, summary: 'Named', color: '#00AA00' } });
        expect(fixed.errors).toBeUndefined();
        expect(fixed.data!.updateCalendar.calendar).toMatchObject({ summary: 'Named', color: '#00AA00' });
      });

      it('rejects a color on a corp calendar and clearing its public range, without calendar/update', async () => {
        const corpId = (await create({ summary: 'Corp', isCorpCalendar: true, publicRange: { departmentIds: [7] } })).calendar.id;
        const updatesBefore = stack.emulator.callCount(CALENDAR_UPDATE);
        const colored = await stack.graphql(UpdateCalendarDocument, { input: { id: corpId, color: '#123456' } });
        expectBadUserInput(colored.errors, 'input.color');
        const noRange = await stack.graphql(UpdateCalendarDocument, { input: { id: corpId, publicRange: null } });
        expectBadUserInput(noRange.errors, 'input.publicRange');
        expect(stack.emulator.callCount(CALENDAR_UPDATE)).toBe(updatesBefore);
        // A corp calendar needs no color when only its summary changes.
        const renamed = await stack.graphql(UpdateCalendarDocument, { input: { id: corpId, summary: 'Corp renamed' } });
        expect(renamed.errors).toBeUndefined();
        expect(renamed.data!.updateCalendar.calendar).toMatchObject({ summary: 'Corp renamed', color: null, isCorpCalendar: true });
      });
    });
  });

  describe('errcodes of calendar calls', () => {
    it('maps 90473 on calendar/add to BAD_USER_INPUT on input.color with wecomErrcode 90473', async () => {
      stack.emulator.failNext(CALENDAR_ADD, 90473);
      const { data, errors } = await stack.graphql(CreateCalendarDocument, { input: { summary: 'Colorful', color: '#654321' } });
      expect(data ?? null).toBeNull();
      expect(errors).toHaveLength(1);
      expect(errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.color', wecomErrcode: 90473 });
      expect(errors![0].message).toMatch(/^input\.color: /);
    });

    it('maps 90466 on calendar/del to WECOM_FORBIDDEN', async () => {
      const { calendar } = await create({ summary: 'Mine', color: '#111111' });
      stack.emulator.failNext(CALENDAR_DEL, 90466);
      const { errors } = await stack.graphql(DeleteCalendarDocument, { id: calendar.id });
      expect(errors?.[0].extensions).toMatchObject({ code: 'WECOM_FORBIDDEN', wecomErrcode: 90466 });
      expect(stack.emulator.storedCalendar(calendar.id)).toBeDefined();
    });
  });
});

describe.each(['adminis', 'admins'] as const)('calendar/get sending admins under "%s"', (calendarAdminsKey) => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack({ emulator: { calendarAdminsKey } });
  });
  afterAll(() => stack.stop());

  it('reads the admins either way', async () => {
    const created = await stack.graphql(CreateCalendarDocument, {
      input: { summary: 'Admins', color: '#222222', admins: ['alice', 'bob'], shares: [{ userId: 'alice' }, { userId: 'bob' }] },
    });
    expect(created.errors).toBeUndefined();
    expect(created.data!.createCalendar.calendar.admins).toEqual(['alice', 'bob']);
    const read = await stack.graphql(GetCalendarDocument, { id: created.data!.createCalendar.calendar.id });
    expect(read.data!.calendar?.admins).toEqual(['alice', 'bob']);
    // A patch that leaves admins out keeps them (they were read back under this key).
    const updated = await stack.graphql(UpdateCalendarDocument, { input: { id: read.data!.calendar!.id, summary: 'Renamed' } });
    expect(updated.errors).toBeUndefined();
    expect((stack.emulator.calls(CALENDAR_UPDATE).at(-1)!.body as WireCalendarBody).calendar.admins).toEqual(['alice', 'bob']);
    expect(updated.data!.updateCalendar.calendar.admins).toEqual(['alice', 'bob']);
  });
});
