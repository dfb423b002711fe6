import { randomUUID } from 'node:crypto';
import { GetScheduleDocument } from '../../client/operations';
import { TEST_REDIS_URL, describeWithRedis } from '../helpers/redis-availability';
import { GraphQLResponse, SCHEDULE_GET, stacksStoppedAfterEach } from '../helpers/test-stack';
import { freshApp } from '../helpers/fixtures';

/**
 * API.md "Limits": when WeCom answers 45009 anyway (other systems share the corp's quota), reads are not
 * retried into WeCom's block: the API is avoided fleet-wide until the block ends, and callers get
 * WECOM_RATE_LIMITED with retryAfterSeconds meanwhile. The emulator enforces WeCom's quota per corp per API.
 */

// Long enough for the paused reads to land inside the block on a loaded 2-core machine.
const BLOCK_MS = 3000;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

const stackFor = stacksStoppedAfterEach();

function expectWeComLimit(res: GraphQLResponse<unknown>, pauseMs = BLOCK_MS): void {
  expect(res.errors?.[0].extensions).toMatchObject({
    code: 'WECOM_RATE_LIMITED',
    wecomErrcode: 45009,
    retryAfterSeconds: Math.ceil(pauseMs / 1000),
  });
}

function expectPaused(res: GraphQLResponse<unknown>): void {
  const extensions = res.errors?.[0].extensions;
  expect(extensions).toMatchObject({ code: 'WECOM_RATE_LIMITED', limitedBy: 'wecom' });
  expect(extensions?.retryAfterSeconds).toBeGreaterThanOrEqual(1);
  expect(extensions?.retryAfterSeconds).toBeLessThanOrEqual(Math.ceil(BLOCK_MS / 1000));
}

describe('WeCom’s frequency limit (45009) on one instance', () => {
  it('a read answered 45009 costs one WeCom call, then the API is paused without calls until the block ends', async () => {
    const stack = await stackFor({
      emulator: { apiQuota: { perMinute: 2, blockMs: BLOCK_MS } },
      gateway: { callBudget: { blockMs: BLOCK_MS } },
    });
    for (let i = 0; i < 2; i++) expect((await stack.graphql(GetScheduleDocument, { id: `s${i}` })).errors).toBeUndefined();

    expectWeComLimit(await stack.graphql(GetScheduleDocument, { id: 'over' }));
    expect(stack.emulator.callCount(SCHEDULE_GET)).toBe(3); // not retried into the block

    for (let i = 0; i < 3; i++) expectPaused(await stack.graphql(GetScheduleDocument, { id: `paused${i}` }));
    expect(stack.emulator.callCount(SCHEDULE_GET)).toBe(3);

    await sleep(BLOCK_MS + 100);
    expect((await stack.graphql(GetScheduleDocument, { id: 'after' })).errors).toBeUndefined();
    expect(stack.emulator.callCount(SCHEDULE_GET)).toBe(4);
  });

  it('when WeCom still blocks after the pause, the next read costs one call and pauses again (no retry loop)', async () => {
    const emulator = await stackFor.emulator({ apiQuota: { perMinute: 1, blockMs: 60_000 } });
    const stack = await stackFor({ sharedEmulator: emulator, gateway: { callBudget: { blockMs: 200 } } });
    expect((await stack.graphql(GetScheduleDocument, { id: 'one' })).errors).toBeUndefined();
    expectWeComLimit(await stack.graphql(GetScheduleDocument, { id: 'two' }), 200);
    await sleep(300); // the gateway's pause (200 ms) is over, WeCom's block is not: 45009 again, once
    expectWeComLimit(await stack.graphql(GetScheduleDocument, { id: 'three' }), 200);
    expect(emulator.callCount(SCHEDULE_GET)).toBe(3);
  });
});

describeWithRedis('WeCom’s frequency limit (45009) across two instances sharing Redis', () => {
  it('after one instance gets 45009, the other refuses without calling WeCom, and both resume after the block', async () => {
    const app = freshApp(1000002);
    const emulator = await stackFor.emulator({ apps: [app], apiQuota: { perMinute: 2, blockMs: BLOCK_MS } });
    const callBudget = { blockMs: BLOCK_MS, keyPrefix: `test-budget-${randomUUID()}:` };
    const shared = { sharedEmulator: emulator, app, gateway: { cacheUrl: TEST_REDIS_URL, callBudget } };
    const first = await stackFor(shared);
    const second = await stackFor(shared);

    expect((await first.graphql(GetScheduleDocument, { id: 'a' })).errors).toBeUndefined();
    expect((await second.graphql(GetScheduleDocument, { id: 'b' })).errors).toBeUndefined();
    expectWeComLimit(await first.graphql(GetScheduleDocument, { id: 'c' }));
    expect(emulator.callCount(SCHEDULE_GET)).toBe(3);

    expectPaused(await second.graphql(GetScheduleDocument, { id: 'd' }));
    expectPaused(await first.graphql(GetScheduleDocument, { id: 'e' }));
    expect(emulator.callCount(SCHEDULE_GET)).toBe(3);

    await sleep(BLOCK_MS + 100);
    expect((await second.graphql(GetScheduleDocument, { id: 'f' })).errors).toBeUndefined();
    expect((await first.graphql(GetScheduleDocument, { id: 'g' })).errors).toBeUndefined();
    expect(emulator.callCount(SCHEDULE_GET)).toBe(5);
  });
});
