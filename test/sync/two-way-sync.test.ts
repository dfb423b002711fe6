import { CreateCalendarDocument, CreateScheduleDocument, ScheduleChangesDocument } from '../../client/operations';
import { WeComEmulator } from '../../src/emulator/wecom-emulator';
import { freshApp, scheduleInput } from '../helpers/fixtures';
import { TEST_REDIS_URL, describeWithRedis } from '../helpers/redis-availability';
import { subscriptionClient, waitFor, waitForActiveSubscriptions } from '../helpers/subscription-client';
import { TestStack, stacksStoppedAfterEach } from '../helpers/test-stack';
import { stackCalledBack } from '../helpers/called-back-stack';

/**
 * Both directions end to end: the emulator acts as people in the WeCom app and calls back like WeCom,
 * the gateway records, and a subscriber over WebSocket sees WeCom's changes and the gateway's own, in order.
 */
const startStack = stacksStoppedAfterEach();
const clients: { dispose(): Promise<void> }[] = [];
afterEach(async () => {
  for (const client of clients.splice(0)) await client.dispose();
});

const CHANGED = `subscription($calendarId: ID) {
  scheduleChanged(calendarId: $calendarId) { kind source userId caller scheduleId calendarId schedule { summary attendees { userId response } } }
}`;

type Change = { kind: string; source: string; userId: string | null; caller: string | null; scheduleId: string; calendarId: string };

function subscribe(stack: TestStack, calendarId?: string) {
  const client = subscriptionClient(stack.gateway.url);
  clients.push(client);
  const subscription = client.subscribe(CHANGED, { calendarId });
  return { changes: () => subscription.results.map((result) => result.data!.scheduleChanged as Change), subscription };
}

async function newCalendar(stack: TestStack): Promise<string> {
  return (await stack.graphql(CreateCalendarDocument, { input: { summary: 'Rooms', color: '#112233' } })).data!.createCalendar.calendar.id;
}

async function newSchedule(stack: TestStack, calendarId: string): Promise<string> {
  return (await stack.graphql(CreateScheduleDocument, { input: scheduleInput({ calendarId }) })).data!.createSchedule.id;
}

describe('two-way sync, end to end', () => {
  it('a subscriber of one calendar gets the gateway’s writes and WeCom users’ changes to it, in order, and nothing of another calendar', async () => {
    const stack = await stackCalledBack(startStack);
    const [rooms, other] = [await newCalendar(stack), await newCalendar(stack)];
    const { changes, subscription } = subscribe(stack, rooms);
    await waitForActiveSubscriptions(stack.gateway.url, 1);

    const id = await newSchedule(stack, rooms);
    const elsewhere = await newSchedule(stack, other);
    stack.emulator.modifyScheduleAsUser({ scheduleId: elsewhere, summary: 'Not for this subscriber', userId: 'wangwu' });
    stack.emulator.modifyScheduleAsUser({ scheduleId: id, summary: 'Moved in WeCom', userId: 'alice' });
    await waitFor(() => changes().length === 2, 'the move');
    stack.emulator.respondToScheduleAsUser({ scheduleId: id, userId: 'bob', response: 'decline' });
    await waitFor(() => changes().length === 3, 'the answer');
    stack.emulator.cancelScheduleAsUser({ scheduleId: id, userId: 'alice' });
    await waitFor(() => changes().length === 4, 'the cancellation');

    expect(subscription.results.every((result) => result.errors === undefined)).toBe(true);
    expect(changes().map((change) => [change.kind, change.source, change.userId, change.caller, change.scheduleId, change.calendarId])).toEqual([
      ['SCHEDULE_CREATED', 'GATEWAY', null, 'anonymous', id, rooms],
      ['SCHEDULE_UPDATED', 'WECOM', 'alice', null, id, rooms],
      ['ATTENDEE_RESPONDED', 'WECOM', 'bob', null, id, rooms],
      ['SCHEDULE_DELETED', 'WECOM', 'alice', null, id, rooms],
    ]);
    const [, moved, answered] = subscription.results.map((result) => result.data!.scheduleChanged as { schedule: { summary: string; attendees: unknown[] } });
    expect(moved.schedule.summary).toBe('Moved in WeCom');
    expect(answered.schedule.attendees).toContainEqual({ userId: 'bob', response: 'DECLINED' });
    // WeCom's deliveries were all answered 200 at the first attempt.
    await stack.emulator.callbackDeliveriesSettled();
    expect(stack.emulator.callbackDeliveries().every((delivery) => delivery.attempts.length === 1)).toBe(true);
  });
});

describe('a burst of WeCom events', () => {
  it('shares schedule/get calls between the events recorded together, instead of one call per event', async () => {
    const stack = await stackCalledBack(startStack);
    const calendarId = await newCalendar(stack);
    const ids = stack.emulator.seedSchedules(calendarId, 20);
    const reads = () => stack.emulator.callCount('/cgi-bin/oa/schedule/get');
    const before = reads();
    for (const [i, scheduleId] of ids.entries()) stack.emulator.modifyScheduleAsUser({ scheduleId, summary: `Moved ${i}`, userId: 'alice' });
    await stack.emulator.callbackDeliveriesSettled();
    const { changes } = await waitForFeed(stack, 21); // the calendar's creation, then the 20 moves
    const moved = changes.filter((change) => change.kind === 'SCHEDULE_UPDATED' && change.source === 'WECOM');
    expect(new Set(moved.map((change) => change.scheduleId))).toEqual(new Set(ids));
    expect(reads() - before).toBeLessThanOrEqual(15); // 20 without the batch window
  });
});

/** The feed once it holds `count` changes (callback events are recorded after they are answered). */
async function waitForFeed(stack: TestStack, count: number) {
  let changes: Change[] = [];
  await waitFor(async () => {
    const answer = await stack.graphql(ScheduleChangesDocument, { first: 1000 });
    changes = answer.data!.scheduleChanges.edges.map((edge) => edge.node as unknown as Change);
    return changes.length >= count;
  }, `${count} changes in the feed`);
  return { changes };
}

describeWithRedis('two-way sync across a fleet sharing Redis', () => {
  it('an event WeCom delivers to one instance reaches a subscriber on the other, once', async () => {
    const app = freshApp();
    const emulator = await startStack.emulator({ apps: [app] });
    const shared = { sharedEmulator: emulator as WeComEmulator, app, gateway: { cacheUrl: TEST_REDIS_URL } };
    const receiving = await stackCalledBack(startStack, shared);
    const serving = await startStack(shared);
    const calendarId = await newCalendar(serving);
    const id = await newSchedule(serving, calendarId);
    const { changes } = subscribe(serving, calendarId);
    await waitForActiveSubscriptions(serving.gateway.url, 1);

    emulator.modifyScheduleAsUser({ scheduleId: id, summary: 'Moved in WeCom', userId: 'alice' });
    await waitFor(() => changes().length === 1, 'the change on the other instance');
    await receiving.emulator.callbackDeliveriesSettled();
    await new Promise((settle) => setTimeout(settle, 300)); // nothing more follows
    expect(changes().map((change) => [change.kind, change.source, change.userId, change.scheduleId])).toEqual([
      ['SCHEDULE_UPDATED', 'WECOM', 'alice', id],
    ]);
  });
});
