import { createClient, RedisClientType } from '@keyv/redis';
import { CreateCalendarDocument, CreateScheduleDocument, CurrentScheduleChangeCursorDocument, ScheduleChangesDocument } from '../../client/operations';
import { wecomAppKey } from '../../src/domain/app-key';
import { freshApp, scheduleInput } from '../helpers/fixtures';
import { TEST_REDIS_URL, describeWithRedis } from '../helpers/redis-availability';
import { postQuery, stacksStoppedAfterEach } from '../helpers/test-stack';

const startStack = stacksStoppedAfterEach();

describeWithRedis('the change feed shared through Redis (CACHE_URL)', () => {
  const apps: string[] = [];
  afterAll(async () => {
    const redis = createClient({ url: TEST_REDIS_URL }) as RedisClientType;
    await redis.connect();
    for (const appKey of apps) {
      const keys = await redis.keys(`wecom-gateway:feed:{${appKey}}*`);
      if (keys.length > 0) await redis.del(keys);
    }
    await redis.close();
  });
  const sharedApp = () => {
    const app = freshApp();
    apps.push(wecomAppKey(app));
    return app;
  };

  it('a write through one gateway appears in scheduleChanges on another', async () => {
    const app = sharedApp();
    const emulator = await startStack.emulator({ apps: [app] });
    const a = await startStack({ sharedEmulator: emulator, app, gateway: { cacheUrl: TEST_REDIS_URL } });
    const b = await startStack({ sharedEmulator: emulator, app, gateway: { cacheUrl: TEST_REDIS_URL } });
    expect((await b.graphql(CurrentScheduleChangeCursorDocument, {})).data!.currentScheduleChangeCursor).toBeNull();

    const created = await a.graphql(CreateScheduleDocument, { input: scheduleInput({ summary: 'Seen everywhere' }) });
    const id = created.data!.createSchedule.id;
    const onB = await b.graphql(ScheduleChangesDocument, {});
    expect(onB.errors).toBeUndefined();
    expect(onB.data!.scheduleChanges.edges.map((edge) => [edge.node.kind, edge.node.scheduleId, edge.node.source])).toEqual([
      ['SCHEDULE_CREATED', id, 'GATEWAY'],
    ]);
    expect(onB.data!.scheduleChanges.edges[0].node.schedule).toMatchObject({ id, summary: 'Seen everywhere' });
    const headOnA = (await a.graphql(CurrentScheduleChangeCursorDocument, {})).data!.currentScheduleChangeCursor;
    expect(headOnA).toBe(onB.data!.scheduleChanges.edges[0].cursor);
    expect((await b.graphql(CurrentScheduleChangeCursorDocument, {})).data!.currentScheduleChangeCursor).toBe(headOnA);
  });

  it('answers CURSOR_EXPIRED through GraphQL once the changes after a cursor were trimmed', async () => {
    const app = sharedApp();
    const stack = await startStack({ app, emulator: { apps: [app] }, gateway: { cacheUrl: TEST_REDIS_URL, feed: { maxChanges: 2 } } });
    const calendar = await stack.graphql(CreateCalendarDocument, { input: { summary: 'Rooms', color: '#112233' } });
    const calendarId = calendar.data!.createCalendar.calendar.id;
    const first = (await stack.graphql(CurrentScheduleChangeCursorDocument, {})).data!.currentScheduleChangeCursor!;
    const query = 'query($after: String) { scheduleChanges(after: $after) { edges { cursor } } }';
    let code: unknown;
    // Trimmed exactly to maxChanges: the third write expires the first cursor (the loop only bounds the wait).
    for (let writes = 0; writes < 200 && code === undefined; writes++) {
      await stack.graphql(CreateScheduleDocument, { input: scheduleInput({ calendarId }) });
      code = (await postQuery(stack, query, { after: first })).body.errors?.[0]?.extensions?.code;
    }
    expect(code).toBe('CURSOR_EXPIRED');
    const kept = await postQuery(stack, '{ scheduleChanges { edges { cursor } } }');
    expect(kept.body.errors).toBeUndefined();
    expect((kept.body.data!.scheduleChanges as { edges: unknown[] }).edges.length).toBeGreaterThanOrEqual(2);
    const foreign = await postQuery(stack, query, { after: 'r1.nonsense' });
    expect(foreign.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});
