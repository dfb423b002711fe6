import { RedisClientType, createClient } from '@keyv/redis';
import { randomUUID } from 'node:crypto';
import { CreateScheduleDocument } from '../../client/operations';
import { RedisIdempotencyStore } from '../../src/coordination/idempotency-redis-store';
import { idempotencyRecordKey } from '../../src/coordination/idempotency-store';
import { wecomAppKey } from '../../src/domain/app-key';
import { WeComEmulator } from '../../src/emulator/wecom-emulator';
import { scheduleInputDigest } from '../../src/services/create-fingerprints';
import { scheduleInput, freshApp } from '../helpers/fixtures';
import { PrivateRedisServer, describeWithRedisServer } from '../helpers/private-redis-server';
import { TEST_REDIS_URL, describeWithRedis } from '../helpers/redis-availability';
import { SCHEDULE_ADD, TestStack, startTestStack } from '../helpers/test-stack';

const key = () => `key-${randomUUID()}`;
const wecomCalls = (emulator: WeComEmulator) => emulator.calls().filter((call) => !call.path.endsWith('/gettoken')).length;

describeWithRedis('idempotent creates across two instances sharing Redis (CACHE_URL)', () => {
  const app = freshApp(1);
  let emulator: WeComEmulator;
  let first: TestStack;
  let second: TestStack;
  const redis = createClient({ url: TEST_REDIS_URL }) as RedisClientType;

  beforeAll(async () => {
    emulator = await WeComEmulator.start({ apps: [app] });
    const shared = { sharedEmulator: emulator, app, gateway: { cacheUrl: TEST_REDIS_URL } };
    first = await startTestStack(shared);
    second = await startTestStack(shared);
    await redis.connect();
  });
  afterAll(async () => {
    await first.stop();
    await second.stop();
    await emulator.close();
    for await (const keys of redis.scanIterator({ MATCH: `idempotency:${wecomAppKey(app)}:*` })) if (keys.length) await redis.del(keys);
    await redis.close();
  });
  afterEach(() => emulator.setLatency(0));

  const create = (stack: TestStack, idempotencyKey: string, input = scheduleInput()) =>
    stack.graphql(CreateScheduleDocument, { input, idempotencyKey });

  it('creates once for concurrent requests with one key at both instances; a later repeat replays it with no WeCom call', async () => {
    const k = key();
    const adds = emulator.callCount(SCHEDULE_ADD);
    emulator.setLatency(300, SCHEDULE_ADD);
    const answers = await Promise.all([first, second, first, second, first, second].map((stack) => create(stack, k)));
    for (const answer of answers) expect(answer.errors).toBeUndefined();
    expect(new Set(answers.map((answer) => answer.data!.createSchedule.id)).size).toBe(1);
    expect(emulator.callCount(SCHEDULE_ADD)).toBe(adds + 1);

    const calls = wecomCalls(emulator);
    expect((await create(second, k)).data).toEqual(answers[0].data);
    expect(wecomCalls(emulator)).toBe(calls);
  });

  it('refuses a changed input at the other instance', async () => {
    const k = key();
    expect((await create(first, k)).errors).toBeUndefined();
    const changed = await create(second, k, scheduleInput({ location: 'Room 302' }));
    expect(changed.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'idempotencyKey' });
  });

  it('after a lost answer at one instance, a retry at the other finds the created schedule', async () => {
    const calendarId = emulator.addCalendar();
    const input = scheduleInput({ calendarId });
    const k = key();
    emulator.loseAnswerNext(SCHEDULE_ADD);
    expect((await create(first, k, input)).errors?.[0].extensions?.outcomeUnknown).toBe(true);
    const adds = emulator.callCount(SCHEDULE_ADD);
    const retry = await create(second, k, input);
    expect(retry.errors).toBeUndefined();
    expect(emulator.storedSchedule(retry.data!.createSchedule.id)?.cal_id).toBe(calendarId);
    expect(emulator.callCount(SCHEDULE_ADD)).toBe(adds);
  });

  it('when the first request died while creating (its lease over), a retry looks for the schedule instead of creating', async () => {
    const calendarId = emulator.addCalendar();
    const input = scheduleInput({ calendarId });
    const k = key();
    // What a dead instance leaves: its pending record, and the schedule its schedule/add made.
    const command = { ...input, startTime: new Date(input.startTime), endTime: new Date(input.endTime) };
    const digest = scheduleInputDigest(command as Parameters<typeof scheduleInputDigest>[0]);
    const store = new RedisIdempotencyStore(redis);
    const recordKey = idempotencyRecordKey(wecomAppKey(app), 'anonymous', k);
    await store.claim(recordKey, { state: 'pending', token: 'dead-owner', digest, leaseUntil: Date.now() - 1 }, 60_000);
    const [madeId] = emulator.seedSchedules(calendarId, 1, {
      summary: input.summary!,
      description: input.description!,
      location: input.location!,
      start_time: command.startTime.getTime() / 1000,
      end_time: command.endTime.getTime() / 1000,
      admins: input.admins!,
      attendees: input.attendees!.map((a) => ({ userid: a.userId, response_status: 0 })),
    });

    const adds = emulator.callCount(SCHEDULE_ADD);
    const retry = await create(second, k, input);
    expect(retry.errors).toBeUndefined();
    expect(retry.data!.createSchedule.id).toBe(madeId);
    expect(emulator.callCount(SCHEDULE_ADD)).toBe(adds);
  });

  it('a repeat waits for a first request still in progress elsewhere, and answers CONFLICT when its wait is over', async () => {
    // WECOM_TIMEOUT_MS 200: a repeat waits 2 × 200 + 1000 ms for the first.
    const quick = await startTestStack({ sharedEmulator: emulator, app, gateway: { cacheUrl: TEST_REDIS_URL, wecomTimeoutMs: 200 } });
    try {
      const input = scheduleInput();
      const command = { ...input, startTime: new Date(input.startTime), endTime: new Date(input.endTime) };
      const digest = scheduleInputDigest(command as Parameters<typeof scheduleInputDigest>[0]);
      const store = new RedisIdempotencyStore(redis);
      const pendingElsewhere = async (k: string) => {
        const recordKey = idempotencyRecordKey(wecomAppKey(app), 'anonymous', k);
        await store.claim(recordKey, { state: 'pending', token: 'busy-owner', digest, leaseUntil: Date.now() + 60_000 }, 60_000);
        return recordKey;
      };
      const adds = emulator.callCount(SCHEDULE_ADD);

      const finishing = key();
      const finishingRecord = await pendingElsewhere(finishing);
      const waiting = create(quick, finishing, input);
      await new Promise((resolve) => setTimeout(resolve, 300));
      const answer = { ...command, id: 'made-elsewhere', calendarId: null, status: 'ACTIVE', attendees: [], description: null, location: null, isWholeDay: false, reminders: null, excludedOccurrenceStarts: [], sequence: null };
      await store.replace(finishingRecord, 'busy-owner', { state: 'done', token: 'busy-owner', digest, result: JSON.stringify(answer) });
      expect((await waiting).data?.createSchedule.id).toBe('made-elsewhere');

      const started = Date.now();
      const stuck = key();
      await pendingElsewhere(stuck);
      const conflict = await create(quick, stuck, input);
      expect(conflict.errors?.[0].extensions?.code).toBe('CONFLICT');
      expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
      expect(emulator.callCount(SCHEDULE_ADD)).toBe(adds);
    } finally {
      await quick.stop();
    }
  });
});

describeWithRedisServer('idempotent creates while Redis is down or hung (own redis-server)', () => {
  let redis: PrivateRedisServer;
  let stack: TestStack;

  beforeEach(async () => {
    redis = await PrivateRedisServer.start();
    const app = freshApp(1);
    stack = await startTestStack({ app, emulator: { apps: [app] }, gateway: { cacheUrl: redis.url } });
  });
  afterEach(async () => {
    await redis.kill();
    await stack?.stop();
  });

  it('answers CACHE_UNAVAILABLE for a create with a key, with no WeCom call; a create without a key proceeds', async () => {
    expect((await stack.graphql(CreateScheduleDocument, { input: scheduleInput(), idempotencyKey: key() })).errors).toBeUndefined();
    await redis.kill();

    const calls = wecomCalls(stack.emulator);
    const keyed = await stack.graphql(CreateScheduleDocument, { input: scheduleInput(), idempotencyKey: key() });
    expect(keyed.errors?.[0].extensions?.code).toBe('CACHE_UNAVAILABLE');
    expect(keyed.data).toBeNull();
    expect(wecomCalls(stack.emulator)).toBe(calls);

    const unkeyed = await stack.graphql(CreateScheduleDocument, { input: scheduleInput() });
    expect(unkeyed.errors).toBeUndefined();
    expect(stack.emulator.callCount(SCHEDULE_ADD)).toBe(2);
  });

  it('answers CACHE_UNAVAILABLE within seconds when Redis hangs (connected, silent), with no WeCom call', async () => {
    expect((await stack.graphql(CreateScheduleDocument, { input: scheduleInput(), idempotencyKey: key() })).errors).toBeUndefined();
    redis.pause();
    const calls = wecomCalls(stack.emulator);
    const started = Date.now();
    const keyed = await stack.graphql(CreateScheduleDocument, { input: scheduleInput(), idempotencyKey: key() });
    expect(keyed.errors?.[0].extensions?.code).toBe('CACHE_UNAVAILABLE');
    expect(Date.now() - started).toBeLessThan(5000);
    expect(wecomCalls(stack.emulator)).toBe(calls);
    redis.resume();
  });
});
