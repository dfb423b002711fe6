import { WeComEmulator } from '../../src/emulator/wecom-emulator';
import { GetScheduleDocument } from '../../client/operations';
import { TEST_REDIS_URL, describeWithRedis } from '../helpers/redis-availability';
import { GETTOKEN, SCHEDULE_GET, TestStack, startTestStack } from '../helpers/test-stack';
import { freshApp } from '../helpers/fixtures';


describeWithRedis('access token shared through Redis (CACHE_URL)', () => {
  let emulator: WeComEmulator;
  let first: TestStack;
  let second: TestStack;

  beforeAll(async () => {
    const app = freshApp();
    emulator = await WeComEmulator.start({ apps: [app] });
    const shared = { sharedEmulator: emulator, app, gateway: { cacheUrl: TEST_REDIS_URL } };
    first = await startTestStack(shared);
    second = await startTestStack(shared);
  });
  afterAll(async () => {
    await first.stop();
    await second.stop();
    await emulator.close();
  });

  it('fetches one token for two gateway instances', async () => {
    expect((await first.graphql(GetScheduleDocument, { id: 'a' })).errors).toBeUndefined();
    expect((await second.graphql(GetScheduleDocument, { id: 'b' })).errors).toBeUndefined();
    expect(emulator.callCount(GETTOKEN)).toBe(1);
    const tokens = new Set(emulator.calls(SCHEDULE_GET).map((call) => call.query.access_token));
    expect(tokens.size).toBe(1);
  });

  it('after a revocation, an instance picks up the token the other one refreshed instead of fetching again', async () => {
    emulator.revokeTokens();
    const before = emulator.callCount(GETTOKEN);
    expect((await second.graphql(GetScheduleDocument, { id: 'c' })).errors).toBeUndefined();
    expect(emulator.callCount(GETTOKEN)).toBe(before + 1);
    // `first` still holds the revoked token in process: WeCom rejects it once, then Redis has the new one.
    expect((await first.graphql(GetScheduleDocument, { id: 'd' })).errors).toBeUndefined();
    expect(emulator.callCount(GETTOKEN)).toBe(before + 1);
  });
});

describe('access token when the shared cache is down', () => {
  let stack: TestStack;
  beforeAll(async () => {
    // Nothing listens on port 1: every cache operation fails at once.
    stack = await startTestStack({ app: undefined, gateway: { cacheUrl: 'redis://127.0.0.1:1' } });
  });
  afterAll(() => stack.stop());

  it('keeps serving on the token held in process, with one gettoken, and logs the cache failure', async () => {
    for (let i = 0; i < 5; i++) {
      const { errors } = await stack.graphql(GetScheduleDocument, { id: `x${i}` });
      expect(errors).toBeUndefined();
    }
    expect(stack.emulator.callCount(GETTOKEN)).toBe(1);
    expect(stack.logs()).toContain('token cache unavailable');
  });
});
