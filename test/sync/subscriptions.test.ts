import WebSocket from 'ws';
import {
  CreateCalendarDocument,
  CreateScheduleDocument,
  DeleteScheduleDocument,
  ScheduleChangesDocument,
  UpdateCalendarDocument,
  UpdateScheduleDocument,
} from '../../client/operations';
import { Scope } from '../../src/callers/caller';
import { scheduleInput } from '../helpers/fixtures';
import { newApiKey } from '../helpers/callers';
import { TestStack, stacksStoppedAfterEach } from '../helpers/test-stack';
import {
  TestSubscription,
  metricValue,
  subscriptionClient,
  waitFor,
  waitForActiveSubscriptions,
  websocketUrl,
} from '../helpers/subscription-client';

const startStack = stacksStoppedAfterEach();
const disposables: { dispose(): Promise<void> }[] = [];
afterEach(async () => {
  for (const client of disposables.splice(0)) await client.dispose();
});

const CHANGED = `subscription Changed($calendarId: ID, $after: String) {
  scheduleChanged(calendarId: $calendarId, after: $after) { cursor kind scheduleId calendarId source caller schedule { summary } calendar { summary } }
}`;

function clientFor(stack: TestStack, options?: Parameters<typeof subscriptionClient>[1]) {
  const client = subscriptionClient(stack.gateway.url, options);
  disposables.push(client);
  return client;
}

const changesOf = (subscription: TestSubscription) =>
  subscription.results.map((result) => result.data?.scheduleChanged as { cursor: string; kind: string; calendarId: string | null; scheduleId: string | null });

async function newCalendar(stack: TestStack, summary: string): Promise<string> {
  const answer = await stack.graphql(CreateCalendarDocument, { input: { summary, color: '#112233' } });
  return answer.data!.createCalendar.calendar.id;
}

async function newSchedule(stack: TestStack, calendarId: string, summary = 'Design review'): Promise<string> {
  const answer = await stack.graphql(CreateScheduleDocument, { input: scheduleInput({ calendarId, summary }) });
  return answer.data!.createSchedule.id;
}

async function allCursors(stack: TestStack, after: string | null = null): Promise<string[]> {
  const page = await stack.graphql(ScheduleChangesDocument, { after, first: 1000 });
  return page.data!.scheduleChanges.edges.map((edge) => edge.cursor);
}

/** What the first result of a refused subscribe says: its errors' codes. */
async function refusalCodes(subscription: TestSubscription): Promise<unknown[]> {
  const end = await subscription.ended;
  if ('error' in end && Array.isArray(end.error)) return end.error.map((error: { extensions?: { code?: unknown } }) => error.extensions?.code);
  return subscription.results.flatMap((result) => (result.errors ?? []).map((error) => error.extensions?.code));
}

describe('Subscription.scheduleChanged over WebSocket (graphql-transport-ws)', () => {
  it('delivers the gateway’s writes in order, as they are recorded, and the metrics follow', async () => {
    const stack = await startStack();
    const client = clientFor(stack);
    const subscription = client.subscribe(CHANGED);
    await waitForActiveSubscriptions(stack.gateway.url, 1);
    expect(await metricValue(stack.gateway.url, 'wecom_gateway_websocket_connections')).toBe(1);

    const calendarId = await newCalendar(stack, 'Rooms');
    const id = await newSchedule(stack, calendarId);
    await stack.graphql(UpdateScheduleDocument, { input: { id, summary: 'Moved review' } });
    await stack.graphql(DeleteScheduleDocument, { id });
    await waitFor(() => subscription.results.length === 4, 'four changes');

    expect(subscription.results.every((result) => result.errors === undefined)).toBe(true);
    expect(subscription.results.map((result) => result.data!.scheduleChanged)).toMatchObject([
      { kind: 'CALENDAR_CREATED', calendarId, source: 'GATEWAY', caller: 'anonymous', calendar: { summary: 'Rooms' } },
      { kind: 'SCHEDULE_CREATED', scheduleId: id, calendarId, schedule: { summary: 'Design review' } },
      { kind: 'SCHEDULE_UPDATED', scheduleId: id, schedule: { summary: 'Moved review' } },
      { kind: 'SCHEDULE_DELETED', scheduleId: id },
    ]);
    expect(changesOf(subscription).map((change) => change.cursor)).toEqual(await allCursors(stack));

    const caller = 'caller="anonymous"';
    expect(await metricValue(stack.gateway.url, `wecom_gateway_subscriptions_started_total{${caller}}`)).toBe(1);
    expect(await metricValue(stack.gateway.url, `wecom_gateway_subscription_events_total{${caller}}`)).toBe(4);

    subscription.stop();
    await waitForActiveSubscriptions(stack.gateway.url, 0);
    await waitFor(() => stack.logs().includes('"msg":"subscription ended"'), 'the end line');
    const ended = stack.logs().split('\n').find((line) => line.includes('"msg":"subscription ended"'))!;
    expect(JSON.parse(ended)).toMatchObject({ caller: 'anonymous', operation: 'Changed', outcome: 'ok', events: 4 });
    expect(stack.logs()).toContain('"msg":"subscription started"');
  });

  it('delivers only the calendar asked for', async () => {
    const stack = await startStack();
    const a = await newCalendar(stack, 'A');
    const b = await newCalendar(stack, 'B');
    const subscription = clientFor(stack).subscribe(CHANGED, { calendarId: a });
    await waitForActiveSubscriptions(stack.gateway.url, 1);

    const inA = await newSchedule(stack, a, 'in A');
    await newSchedule(stack, b, 'in B');
    const alsoInA = await newSchedule(stack, a, 'also in A');
    await waitFor(() => subscription.results.length >= 2, 'two changes of A');
    // One more change of A after B's: had B's been delivered, it would come before this one.
    await stack.graphql(UpdateScheduleDocument, { input: { id: inA, summary: 'moved' } });
    await waitFor(() => subscription.results.length >= 3, 'three changes of A');

    expect(changesOf(subscription).map((change) => [change.kind, change.scheduleId, change.calendarId])).toEqual([
      ['SCHEDULE_CREATED', inA, a],
      ['SCHEDULE_CREATED', alsoInA, a],
      ['SCHEDULE_UPDATED', inA, a],
    ]);
  });

  it('resumes after a cursor: the replay then live changes, while writes go on, with no gap and no repeat', async () => {
    const stack = await startStack();
    const calendarId = await newCalendar(stack, 'Rooms');
    for (let i = 0; i < 8; i += 1) await newSchedule(stack, calendarId, `before ${i}`);
    const before = await allCursors(stack);
    const after = before[3];

    // Writes run while the subscription replays and goes live: some land in the replay, some at the seam, some live.
    let writing = true;
    const writes = (async () => {
      for (let i = 0; i < 25; i += 1) await newSchedule(stack, calendarId, `during ${i}`);
      writing = false;
    })();
    const subscription = clientFor(stack).subscribe(CHANGED, { after });
    await writes;
    expect(writing).toBe(false);

    const expected = await allCursors(stack, after);
    expect(expected).toHaveLength(before.length - 4 + 25);
    await waitFor(() => subscription.results.length >= expected.length, `${expected.length} changes`);
    // Nothing more arrives than what the feed holds (a repeat would show up as one more).
    await newSchedule(stack, calendarId, 'last');
    await waitFor(() => subscription.results.length >= expected.length + 1, 'the last change');
    expect(changesOf(subscription).map((change) => change.cursor)).toEqual(await allCursors(stack, after));
  });

  it('answers a cursor the feed no longer keeps with CURSOR_EXPIRED, and one not of this feed with BAD_USER_INPUT', async () => {
    const stack = await startStack({ gateway: { feed: { maxChanges: 2 } } });
    const calendarId = await newCalendar(stack, 'Rooms');
    const [oldest] = await allCursors(stack);
    for (let i = 0; i < 3; i += 1) await newSchedule(stack, calendarId);
    const client = clientFor(stack);

    const expired = client.subscribe(CHANGED, { after: oldest });
    expect(await refusalCodes(expired)).toEqual(['CURSOR_EXPIRED']);
    expect(expired.results[0].errors![0].message).toMatch(/currentScheduleChangeCursor/);
    const foreign = client.subscribe(CHANGED, { after: 'not-a-cursor' });
    expect(await refusalCodes(foreign)).toEqual(['BAD_USER_INPUT']);
    expect(JSON.stringify(foreign.results)).not.toMatch(/stack|at [A-Za-z]+ \(/);

    expect(await metricValue(stack.gateway.url, 'wecom_gateway_subscriptions_refused_total{reason="CURSOR_EXPIRED"}')).toBe(1);
    expect(await metricValue(stack.gateway.url, 'wecom_gateway_subscriptions_refused_total{reason="BAD_USER_INPUT"}')).toBe(1);
    expect(await metricValue(stack.gateway.url, 'wecom_gateway_subscriptions_active')).toBe(0);
  });

  it('runs each event with fresh loaders: a nested calendar is read again for every change, within the WeCom call estimate', async () => {
    const stack = await startStack({ gateway: { limits: { maxWecomCallsPerRequest: 3 } } });
    const calendarId = await newCalendar(stack, 'Before');
    const client = clientFor(stack);
    const nested = client.subscribe('subscription { scheduleChanged { kind schedule { summary calendar { summary } } } }');
    await waitForActiveSubscriptions(stack.gateway.url, 1);

    const id = await newSchedule(stack, calendarId);
    await waitFor(() => nested.results.length === 1, 'the created schedule');
    await stack.graphql(UpdateCalendarDocument, { input: { id: calendarId, summary: 'After' } });
    await stack.graphql(UpdateScheduleDocument, { input: { id, summary: 'Moved' } });
    await waitFor(() => nested.results.length === 3, 'three changes');
    const calendars = nested.results.map((result) => (result.data!.scheduleChanged as { schedule: { calendar: { summary: string } } | null }).schedule?.calendar?.summary);
    expect(calendars).toEqual(['Before', undefined, 'After']);

    // 1 + 2 × 2 calls per event (the calendar, then two pages of its schedules with their completion) is over 3: refused up front.
    const tooMany = client.subscribe(
      'subscription { scheduleChanged { schedule { calendar { a: schedules(first: 10) { edges { node { id } } } b: schedules(first: 20) { edges { node { id } } } } } } }',
    );
    expect(await refusalCodes(tooMany)).toEqual(['BAD_USER_INPUT']);
  });
});

describe('limits on the WebSocket path', () => {
  it('applies the query limits (depth) and refuses queries and mutations, which go over HTTP', async () => {
    const stack = await startStack({ gateway: { limits: { maxDepth: 2 } } });
    const client = clientFor(stack);
    const deep = client.subscribe('subscription { scheduleChanged { schedule { calendar { summary } } } }');
    const codes = await refusalCodes(deep);
    expect(codes).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    const query = client.subscribe('{ currentScheduleChangeCursor }');
    expect(await refusalCodes(query)).toEqual(['BAD_REQUEST']);
    const unknownField = client.subscribe('subscription { scheduleChanged { nope } }');
    expect(await refusalCodes(unknownField)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    expect(await metricValue(stack.gateway.url, 'wecom_gateway_subscriptions_refused_total{reason="GRAPHQL_VALIDATION_FAILED"}')).toBe(2);
  });

  it('closes a socket that sends a message over the size limit', async () => {
    const stack = await startStack({ gateway: { subscriptions: { maxPayloadBytes: 1024 } } });
    const socket = new WebSocket(websocketUrl(stack.gateway.url), 'graphql-transport-ws');
    await new Promise((resolve) => socket.once('open', resolve));
    const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
    socket.send(JSON.stringify({ type: 'connection_init', payload: { padding: 'x'.repeat(2048) } }));
    expect(await closed).toBe(1009);
  });

  it('bounds subscriptions per connection and connections per instance', async () => {
    const stack = await startStack({ gateway: { subscriptions: { maxSubscriptionsPerConnection: 2, maxConnections: 1 } } });
    const client = clientFor(stack);
    client.subscribe(CHANGED);
    client.subscribe(CHANGED);
    await waitForActiveSubscriptions(stack.gateway.url, 2);
    const third = client.subscribe(CHANGED);
    expect(await refusalCodes(third)).toEqual(['BAD_REQUEST']);

    const second = new WebSocket(websocketUrl(stack.gateway.url), 'graphql-transport-ws');
    second.on('error', () => {}); // "closed before the connection was established", after the refusal
    const status = await new Promise<number>((resolve) => second.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0)));
    expect(status).toBe(503);
    second.terminate();
    expect(await metricValue(stack.gateway.url, 'wecom_gateway_websocket_refusals_total{reason="too_many"}')).toBe(1);
  });
});

describe('authentication on the socket (AUTH=api-key)', () => {
  const reader = newApiKey('room-display', [Scope.Read]);
  const nobody = newApiKey('no-scopes', []);
  const writer = newApiKey('booking-system', [Scope.Write]);
  const auth = { methods: ['api-key' as const], apiKeys: [reader.entry, nobody.entry, writer.entry] };

  it('closes a connection without a valid credential (4401) and delivers nothing', async () => {
    const stack = await startStack({ gateway: { auth }, authorization: `Bearer ${writer.key}` });
    for (const connectionParams of [undefined, { authorization: 'Bearer wrong' }, { token: 42 }]) {
      const client = clientFor(stack, { connectionParams });
      const subscription = client.subscribe(CHANGED);
      const end = await subscription.ended;
      expect(end).toMatchObject({ error: { code: 4401 } });
      expect(subscription.results).toEqual([]);
    }
    await newCalendar(stack, 'Rooms'); // a change nobody may see
    expect(await metricValue(stack.gateway.url, 'wecom_gateway_subscription_events_total{caller="anonymous"}')).toBe(0);
    expect(await metricValue(stack.gateway.url, 'wecom_gateway_websocket_refusals_total{reason="unauthenticated"}')).toBe(3);
    expect(await metricValue(stack.gateway.url, 'wecom_gateway_subscriptions_started_total{caller="room-display"}')).toBe(0);
  });

  it.each([
    ['connection_init authorization', { connectionParams: { authorization: `Bearer ${reader.key}` } }],
    ['connection_init token without Bearer (the Apollo Router)', { connectionParams: { token: reader.key } }],
    ['connection_init token with Bearer', { connectionParams: { token: `Bearer ${reader.key}` } }],
    ['the upgrade request’s Authorization header', { headers: { authorization: `Bearer ${reader.key}` } }],
  ])('accepts the key in %s', async (_where, options) => {
    const stack = await startStack({ gateway: { auth }, authorization: `Bearer ${writer.key}` });
    const subscription = clientFor(stack, options).subscribe(CHANGED);
    await waitForActiveSubscriptions(stack.gateway.url, 1);
    const calendarId = await newCalendar(stack, 'Rooms'); // written by another caller: the reader sees it
    await waitFor(() => subscription.results.length === 1, 'the change');
    expect(subscription.results[0].data!.scheduleChanged).toMatchObject({ kind: 'CALENDAR_CREATED', calendarId, caller: 'booking-system' });
    expect(await metricValue(stack.gateway.url, 'wecom_gateway_subscriptions_started_total{caller="room-display"}')).toBe(1);
  });

  it('answers FORBIDDEN to a key without the read scope, and starts nothing', async () => {
    const stack = await startStack({ gateway: { auth } });
    const subscription = clientFor(stack, { connectionParams: { authorization: `Bearer ${nobody.key}` } }).subscribe(CHANGED);
    expect(await refusalCodes(subscription)).toEqual(['FORBIDDEN']);
    expect(await metricValue(stack.gateway.url, 'wecom_gateway_subscriptions_refused_total{reason="FORBIDDEN"}')).toBe(1);
  });
});

describe('shutdown', () => {
  it('stop() closes every socket with 1001 at once, even one that never answers the close', async () => {
    const stack = await startStack({ gateway: { shutdownGraceMs: 60_000 } });
    const client = clientFor(stack);
    const subscription = client.subscribe(CHANGED);
    const deaf = new WebSocket(websocketUrl(stack.gateway.url), 'graphql-transport-ws');
    await new Promise((resolve) => deaf.once('open', resolve));
    const deafClosed = new Promise<void>((resolve) => deaf.once('close', () => resolve()));
    await waitForActiveSubscriptions(stack.gateway.url, 1);
    // Stops reading: it will never see (nor answer) the server's close frame.
    (deaf as unknown as { _socket: { pause(): void } })._socket.pause();

    // Within the test's timeout, far below the 60 s grace: stop() waits for no subscription.
    await stack.gateway.stop();
    expect(await subscription.ended).toMatchObject({ error: { code: 1001 } });
    expect(client.closes[0]).toMatchObject({ code: 1001 });
    (deaf as unknown as { _socket: { resume(): void } })._socket.resume();
    await deafClosed;
  }, 20_000);
});
