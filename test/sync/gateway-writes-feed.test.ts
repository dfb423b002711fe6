import {
  CreateCalendarDocument,
  CreateScheduleDocument,
  CurrentScheduleChangeCursorDocument,
  DeleteCalendarDocument,
  DeleteScheduleDocument,
  ScheduleChangesDocument,
  UpdateScheduleDocument,
} from '../../client/operations';
import { scheduleInput } from '../helpers/fixtures';
import { TestStack, postQuery, stacksStoppedAfterEach } from '../helpers/test-stack';
import { sample, scrape } from '../observability/metrics-scrape';

const startStack = stacksStoppedAfterEach();

async function changes(stack: TestStack, variables: { after?: string | null; first?: number; calendarId?: string } = {}) {
  const answer = await stack.graphql(ScheduleChangesDocument, variables);
  expect(answer.errors).toBeUndefined();
  return answer.data!.scheduleChanges;
}

describe('the change feed records the gateway’s own writes', () => {
  it('in order, with the state after each write, the caller and GATEWAY as source', async () => {
    const stack = await startStack();
    const head = await stack.graphql(CurrentScheduleChangeCursorDocument, {});
    expect(head.data!.currentScheduleChangeCursor).toBeNull();

    const calendar = await stack.graphql(CreateCalendarDocument, { input: { summary: 'Rooms', color: '#112233' } });
    const calendarId = calendar.data!.createCalendar.calendar.id;
    const created = await stack.graphql(CreateScheduleDocument, { input: scheduleInput({ calendarId }) });
    const id = created.data!.createSchedule.id;
    await stack.graphql(UpdateScheduleDocument, { input: { id, summary: 'Moved review' } });
    await stack.graphql(DeleteScheduleDocument, { id });
    await stack.graphql(DeleteCalendarDocument, { id: calendarId });

    const page = await changes(stack);
    expect(page.edges.map((edge) => [edge.node.kind, edge.node.source, edge.node.caller])).toEqual([
      ['CALENDAR_CREATED', 'GATEWAY', 'anonymous'],
      ['SCHEDULE_CREATED', 'GATEWAY', 'anonymous'],
      ['SCHEDULE_UPDATED', 'GATEWAY', 'anonymous'],
      ['SCHEDULE_DELETED', 'GATEWAY', 'anonymous'],
      ['CALENDAR_DELETED', 'GATEWAY', 'anonymous'],
    ]);
    const [calendarCreated, scheduleCreated, updated, deleted, calendarDeleted] = page.edges.map((edge) => edge.node);
    expect(calendarCreated.calendar).toEqual({ id: calendarId, summary: 'Rooms' });
    expect(scheduleCreated.schedule).toMatchObject({ id, calendarId, summary: 'Design review', status: 'ACTIVE' });
    expect(updated.schedule).toMatchObject({ id, summary: 'Moved review' });
    expect(deleted.schedule?.status ?? 'CANCELLED').toBe('CANCELLED');
    expect(deleted.calendarId).toBe(calendarId);
    expect(calendarDeleted.calendar).toBeNull();
    expect(page.edges.every((edge) => edge.cursor === edge.node.cursor)).toBe(true);
    expect(page.pageInfo).toEqual({ hasNextPage: false, endCursor: calendarDeleted.cursor });

    const current = await stack.graphql(CurrentScheduleChangeCursorDocument, {});
    expect(current.data!.currentScheduleChangeCursor).toBe(calendarDeleted.cursor);
  });

  it('pages with after and first, and filters by calendar while endCursor follows what was scanned', async () => {
    const stack = await startStack();
    const a = (await stack.graphql(CreateCalendarDocument, { input: { summary: 'A', color: '#112233' } })).data!.createCalendar.calendar.id;
    const b = (await stack.graphql(CreateCalendarDocument, { input: { summary: 'B', color: '#112233' } })).data!.createCalendar.calendar.id;
    for (const calendarId of [a, b, b, a]) await stack.graphql(CreateScheduleDocument, { input: scheduleInput({ calendarId }) });

    const first = await changes(stack, { first: 3 });
    expect(first.edges).toHaveLength(3);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const rest = await changes(stack, { after: first.pageInfo.endCursor });
    expect(rest.edges).toHaveLength(3);
    expect(rest.pageInfo.hasNextPage).toBe(false);

    const onlyA = await changes(stack, { calendarId: a, first: 2 });
    expect(onlyA.edges.map((edge) => edge.node.kind)).toEqual(['CALENDAR_CREATED', 'SCHEDULE_CREATED']);
    expect(onlyA.pageInfo.hasNextPage).toBe(true);
    const moreA = await changes(stack, { calendarId: a, after: onlyA.pageInfo.endCursor });
    expect(moreA.edges.map((edge) => [edge.node.kind, edge.node.calendarId])).toEqual([['SCHEDULE_CREATED', a]]);
    expect(moreA.pageInfo).toEqual({ hasNextPage: false, endCursor: rest.edges[2].cursor });
  });

  it('refuses a cursor that is not one of the feed’s with BAD_USER_INPUT, and a restarted feed’s with CURSOR_EXPIRED', async () => {
    const stack = await startStack();
    await stack.graphql(CreateScheduleDocument, { input: scheduleInput() });
    const cursor = (await stack.graphql(CurrentScheduleChangeCursorDocument, {})).data!.currentScheduleChangeCursor!;
    const foreign = await postQuery(stack, '{ scheduleChanges(after: "nonsense") { edges { cursor } } }');
    expect(foreign.body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');

    const restarted = await startStack({ sharedEmulator: stack.emulator });
    const expired = await postQuery(restarted, 'query($after: String) { scheduleChanges(after: $after) { edges { cursor } } }', { after: cursor });
    expect(expired.body.errors?.[0].extensions?.code).toBe('CURSOR_EXPIRED');
    const tooMany = await postQuery(stack, '{ scheduleChanges(first: 1001) { edges { cursor } } }');
    expect(tooMany.body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('a subscription sent over HTTP', () => {
  it('is refused with 400 BAD_REQUEST pointing to the WebSocket transport, and nothing runs', async () => {
    const stack = await startStack();
    const answer = await postQuery(stack, 'subscription { scheduleChanged { cursor } }');
    expect(answer.status).toBe(400);
    expect(answer.body.errors?.[0].extensions?.code).toBe('BAD_REQUEST');
    expect(answer.body.errors?.[0].message).toMatch(/WebSocket/);
  });
});

describe('feed metrics', () => {
  it('count changes recorded, and writes that left the state as it was as unchanged', async () => {
    const stack = await startStack();
    const id = (await stack.graphql(CreateScheduleDocument, { input: scheduleInput() })).data!.createSchedule.id;
    await stack.graphql(UpdateScheduleDocument, { input: { id, summary: 'Same twice' } });
    await stack.graphql(UpdateScheduleDocument, { input: { id, summary: 'Same twice' } });
    expect((await changes(stack)).edges.map((edge) => edge.node.kind)).toEqual(['SCHEDULE_CREATED', 'SCHEDULE_UPDATED']);
    const text = await scrape(stack.gateway);
    const series = (kind: string, outcome: string) => sample(text, 'wecom_gateway_feed_changes_total', { kind, source: 'GATEWAY', outcome });
    expect(series('SCHEDULE_CREATED', 'recorded')).toBe(1);
    expect(series('SCHEDULE_UPDATED', 'recorded')).toBe(1);
    expect(series('SCHEDULE_UPDATED', 'unchanged')).toBe(1);
  });
});
