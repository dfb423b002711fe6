import { AddScheduleAttendeesDocument, CreateScheduleDocument, DeleteScheduleDocument, GetScheduleDocument, RemoveScheduleAttendeesDocument } from '../../client/operations';
import { scheduleInput } from '../helpers/fixtures';
import { SCHEDULE_UPDATE, TestStack, startTestStack } from '../helpers/test-stack';

const ADD_ATTENDEES = '/cgi-bin/oa/schedule/add_attendees';
const DEL_ATTENDEES = '/cgi-bin/oa/schedule/del_attendees';

type AttendeesBody = { schedule_id: string; attendees: { userid: string }[] };

const users = (count: number, prefix: string) => Array.from({ length: count }, (_, i) => `${prefix}${i}`);

describe('attendee mutations through /graphql', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack();
  });
  afterAll(() => stack.stop());

  async function createWith(userIds: string[]): Promise<string> {
    const { data, errors } = await stack.graphql(CreateScheduleDocument, {
      input: scheduleInput({ admins: [], attendees: userIds.map((userId) => ({ userId })) }),
    });
    expect(errors).toBeUndefined();
    return data!.createSchedule.id;
  }

  const storedAttendees = (id: string) => stack.emulator.storedSchedule(id)!.attendees.map((attendee) => attendee.userid);

  describe('addScheduleAttendees', () => {
    it('adds new attendees as PENDING and keeps the answers of those already attending', async () => {
      const id = await createWith(['alice', 'bob']);
      stack.emulator.setAttendeeResponse(id, 'alice', 2);
      stack.emulator.setAttendeeResponse(id, 'bob', 4);
      const updatesBefore = stack.emulator.callCount(SCHEDULE_UPDATE);

      const { data, errors } = await stack.graphql(AddScheduleAttendeesDocument, { id, userIds: ['carol', 'alice', 'dave'] });
      expect(errors).toBeUndefined();
      expect(data!.addScheduleAttendees).toEqual({
        id,
        attendees: [
          { userId: 'alice', response: 'ACCEPTED' },
          { userId: 'bob', response: 'DECLINED' },
          { userId: 'carol', response: 'PENDING' },
          { userId: 'dave', response: 'PENDING' },
        ],
      });
      // Incremental: add_attendees, never a rewrite of the schedule.
      expect(stack.emulator.callCount(SCHEDULE_UPDATE)).toBe(updatesBefore);
      const sent = stack.emulator.calls(ADD_ATTENDEES).at(-1)!.body as AttendeesBody;
      expect(sent.schedule_id).toBe(id);
      expect(sent.attendees.map((attendee) => attendee.userid)).toEqual(expect.arrayContaining(['carol', 'dave']));
    });

    it('ignores user ids already attending (and repeated ones): no duplicates, answers kept', async () => {
      const id = await createWith(['alice', 'bob']);
      stack.emulator.setAttendeeResponse(id, 'bob', 1);
      const { data, errors } = await stack.graphql(AddScheduleAttendeesDocument, { id, userIds: ['bob', 'carol', 'carol'] });
      expect(errors).toBeUndefined();
      expect(data!.addScheduleAttendees.attendees).toEqual([
        { userId: 'alice', response: 'PENDING' },
        { userId: 'bob', response: 'TENTATIVE' },
        { userId: 'carol', response: 'PENDING' },
      ]);
      const again = await stack.graphql(AddScheduleAttendeesDocument, { id, userIds: ['alice'] });
      expect(again.errors).toBeUndefined();
      expect(again.data!.addScheduleAttendees.attendees).toEqual(data!.addScheduleAttendees.attendees);
      expect(storedAttendees(id)).toEqual(['alice', 'bob', 'carol']);
    });

    it('rejects an add that would make more than 1,000 attendees as BAD_USER_INPUT, without add_attendees', async () => {
      const id = await createWith(users(999, 'member'));
      const addsBefore = stack.emulator.callCount(ADD_ATTENDEES);
      const { data, errors } = await stack.graphql(AddScheduleAttendeesDocument, { id, userIds: ['new1', 'new2', 'member0'] });
      expect(data ?? null).toBeNull();
      expect(errors).toHaveLength(1);
      expect(errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'userIds' });
      expect(errors![0].message).toContain('1001');
      expect(stack.emulator.callCount(ADD_ATTENDEES)).toBe(addsBefore);
      expect(storedAttendees(id)).toHaveLength(999);

      // Exactly 1,000 in all (ids already attending do not count twice) is fine.
      const atLimit = await stack.graphql(AddScheduleAttendeesDocument, { id, userIds: ['new1', 'member0', 'member998'] });
      expect(atLimit.errors).toBeUndefined();
      expect(atLimit.data!.addScheduleAttendees.attendees).toHaveLength(1000);
    });

    it('rejects 1,001 distinct ids as BAD_USER_INPUT (field userIds) before any WeCom call, whatever the schedule holds', async () => {
      const id = await createWith([]);
      const callsBefore = stack.emulator.calls().length;
      // 1,001 distinct ids among 1,500 entries; even an unknown schedule id answers BAD_USER_INPUT, not NOT_FOUND.
      const tooMany = [...users(1001, 'x'), ...users(499, 'x')];
      for (const target of [id, 'no-such-schedule']) {
        const { errors } = await stack.graphql(AddScheduleAttendeesDocument, { id: target, userIds: tooMany });
        expect(errors).toHaveLength(1);
        expect(errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'userIds' });
        expect(errors![0].message).toContain('1001 distinct');
      }
      // Not even gettoken or schedule/get.
      expect(stack.emulator.calls().length).toBe(callsBefore);
      expect(storedAttendees(id)).toEqual([]);
    });
  });

  describe('removeScheduleAttendees', () => {
    it('removes 1,500 ids (500 attending, 1,000 not) in exactly 2 del_attendees calls of 1,000 and 500', async () => {
      const present = users(500, 'present');
      const id = await createWith([...present, 'keep1', 'keep2']);
      const absent = users(1000, 'absent');
      const callsBefore = stack.emulator.calls(DEL_ATTENDEES).length;

      const { data, errors } = await stack.graphql(RemoveScheduleAttendeesDocument, { id, userIds: [...present, ...absent] });
      expect(errors).toBeUndefined();
      expect(data!.removeScheduleAttendees.attendees).toEqual([
        { userId: 'keep1', response: 'PENDING' },
        { userId: 'keep2', response: 'PENDING' },
      ]);
      const calls = stack.emulator.calls(DEL_ATTENDEES).slice(callsBefore).map((call) => call.body as AttendeesBody);
      expect(calls.map((body) => body.attendees.length)).toEqual([1000, 500]);
      expect(calls.every((body) => body.schedule_id === id)).toBe(true);
      const sentIds = calls.flatMap((body) => body.attendees.map((attendee) => attendee.userid));
      expect(new Set(sentIds).size).toBe(1500);
      expect(storedAttendees(id)).toEqual(['keep1', 'keep2']);
    });

    it('when the second chunk fails: the error says 1,000 of 1,500 applied, the first chunk really is applied, repeating completes it', async () => {
      // First chunk: present0..299 + absent0..699; second chunk: present300..499 + absent700..999.
      const present = users(500, 'present');
      const absent = users(1000, 'absent');
      const userIds = [...present.slice(0, 300), ...absent.slice(0, 700), ...present.slice(300), ...absent.slice(700)];
      const id = await createWith([...present, 'keep']);
      stack.emulator.failNext(DEL_ATTENDEES, 90472, 1, 1);
      const callsBefore = stack.emulator.callCount(DEL_ATTENDEES);

      const { data, errors } = await stack.graphql(RemoveScheduleAttendeesDocument, { id, userIds });
      expect(data ?? null).toBeNull();
      expect(errors).toHaveLength(1);
      expect(errors![0].extensions).toMatchObject({
        code: 'WECOM_FORBIDDEN',
        wecomErrcode: 90472,
        appliedUserIds: 1000,
        totalUserIds: 1500,
      });
      expect(errors![0].message).toContain('1000 of 1500');
      expect(stack.emulator.callCount(DEL_ATTENDEES)).toBe(callsBefore + 2);
      expect(storedAttendees(id)).toEqual([...present.slice(300), 'keep']);

      const repeated = await stack.graphql(RemoveScheduleAttendeesDocument, { id, userIds });
      expect(repeated.errors).toBeUndefined();
      expect(repeated.data!.removeScheduleAttendees.attendees).toEqual([{ userId: 'keep', response: 'PENDING' }]);
    });

    it('when the first chunk fails: a plain error (nothing applied, no appliedUserIds) and no second call', async () => {
      const id = await createWith(['alice', 'bob']);
      stack.emulator.failNext(DEL_ATTENDEES, 90472);
      const callsBefore = stack.emulator.callCount(DEL_ATTENDEES);
      const { errors } = await stack.graphql(RemoveScheduleAttendeesDocument, { id, userIds: ['alice', ...users(1200, 'absent')] });
      expect(errors).toHaveLength(1);
      expect(errors![0].extensions).toMatchObject({ code: 'WECOM_FORBIDDEN', wecomErrcode: 90472 });
      expect(errors![0].extensions).not.toHaveProperty('appliedUserIds');
      expect(stack.emulator.callCount(DEL_ATTENDEES)).toBe(callsBefore + 1);
      expect(storedAttendees(id)).toEqual(['alice', 'bob']);
    });
  });

  type Send = (id: string, userIds: string[]) => ReturnType<TestStack['graphql']>;
  const sendAdd: Send = (id, userIds) => stack.graphql(AddScheduleAttendeesDocument, { id, userIds });
  const sendRemove: Send = (id, userIds) => stack.graphql(RemoveScheduleAttendeesDocument, { id, userIds });

  describe.each([
    ['addScheduleAttendees', () => sendAdd, ADD_ATTENDEES],
    ['removeScheduleAttendees', () => sendRemove, DEL_ATTENDEES],
  ] as const)('%s errors', (_name, sender, path) => {
    it('answers NOT_FOUND for an unknown schedule and a deleted one, without an attendee call', async () => {
      const callsBefore = stack.emulator.callCount(path);
      const unknown = await sender()('no-such-schedule', ['alice']);
      expect(unknown.errors?.[0].extensions?.code).toBe('NOT_FOUND');

      const id = await createWith(['alice']);
      await stack.graphql(DeleteScheduleDocument, { id });
      const deleted = await sender()(id, ['alice']);
      expect(deleted.errors?.[0].extensions?.code).toBe('NOT_FOUND');
      expect(stack.emulator.callCount(path)).toBe(callsBefore);
    });

    it.each([
      ['an empty list', [] as string[], 'userIds'],
      ['an empty user id', ['alice', ''], 'userIds[1]'],
      ['a user id over 64 bytes', ['日'.repeat(22)], 'userIds[0]'],
    ])('rejects %s as BAD_USER_INPUT before any WeCom call (the schedule is not even read)', async (_case, userIds, field) => {
      const id = await createWith(['alice']);
      const callsBefore = stack.emulator.calls().length;
      const { errors } = await sender()(id, userIds);
      expect(errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
      expect(stack.emulator.calls().length).toBe(callsBefore);
    });
  });

  it('answers the change as made when reading the schedule back fails (no error that would invite a retry)', async () => {
    const id = await createWith(['alice', 'bob']);
    stack.emulator.setAttendeeResponse(id, 'alice', 2);
    // The first schedule/get (the check before adding) answers; the read-back after it does not.
    stack.emulator.failNext('/cgi-bin/oa/schedule/get', -1, 3, 1); // 3 = every attempt of the read-back
    const added = await stack.graphql(AddScheduleAttendeesDocument, { id, userIds: ['carol'] });
    expect(added.errors).toBeUndefined();
    expect(added.data!.addScheduleAttendees.attendees).toEqual([
      { userId: 'alice', response: 'ACCEPTED' },
      { userId: 'bob', response: 'PENDING' },
      { userId: 'carol', response: 'PENDING' },
    ]);
    stack.emulator.failNext('/cgi-bin/oa/schedule/get', -1, 3, 1); // 3 = every attempt of the read-back
    const removed = await stack.graphql(RemoveScheduleAttendeesDocument, { id, userIds: ['bob'] });
    expect(removed.errors).toBeUndefined();
    expect(removed.data!.removeScheduleAttendees.attendees.map((attendee) => attendee.userId)).toEqual(['alice', 'carol']);
    expect(storedAttendees(id)).toEqual(['alice', 'carol']);
  });

  it('maps WeCom response_status 0..4 to PENDING, TENTATIVE, ACCEPTED, ACCEPTED_ONCE, DECLINED', async () => {
    const ids = users(5, 'responder');
    const id = await createWith(ids);
    ids.forEach((userid, status) => stack.emulator.setAttendeeResponse(id, userid, status as 0 | 1 | 2 | 3 | 4));
    const { data, errors } = await stack.graphql(GetScheduleDocument, { id });
    expect(errors).toBeUndefined();
    expect(data!.schedule!.attendees).toEqual([
      { userId: 'responder0', response: 'PENDING' },
      { userId: 'responder1', response: 'TENTATIVE' },
      { userId: 'responder2', response: 'ACCEPTED' },
      { userId: 'responder3', response: 'ACCEPTED_ONCE' },
      { userId: 'responder4', response: 'DECLINED' },
    ]);
  });
});
