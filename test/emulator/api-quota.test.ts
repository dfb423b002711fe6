import { APP_A, APP_B, EmulatorClient, PATHS } from './emulator-client';

/** WeCom's frequency limit (WECOM.md 7): per corp per API per minute, then 45009 and a block. */

const OTHER_CORP = { corpId: 'corp-2', corpSecret: 'secret-c', agentId: 1000003 };
const get = { schedule_id_list: ['unknown'] };
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

let client: EmulatorClient;
afterEach(() => client?.close());

describe('the emulator’s API quota', () => {
  it('answers 45009 past the quota, and keeps answering it while the block lasts', async () => {
    client = await EmulatorClient.start({ apiQuota: { perMinute: 3, blockMs: 60_000 } });
    for (let i = 0; i < 3; i++) await client.ok(PATHS.get, get);
    const over = await client.call(PATHS.get, get);
    expect(over.errcode).toBe(45009);
    expect(over.errmsg).toContain('api freq out of limit');
    expect(await client.errcode(PATHS.get, get)).toBe(45009);
  });

  it('counts per API: another API of the same corp is not blocked', async () => {
    client = await EmulatorClient.start({ apiQuota: { perMinute: 1 } });
    await client.ok(PATHS.get, get);
    expect(await client.errcode(PATHS.get, get)).toBe(45009);
    expect(await client.errcode(PATHS.getByCalendar, { cal_id: 'unknown' })).not.toBe(45009);
  });

  it('counts per corp: two apps of one corp share the quota, another corp has its own', async () => {
    client = await EmulatorClient.start({ apps: [APP_A, APP_B, OTHER_CORP], apiQuota: { perMinute: 2 } });
    const sameCorp = await client.as(APP_B);
    const otherCorp = await client.as(OTHER_CORP);
    await client.ok(PATHS.get, get);
    await sameCorp.ok(PATHS.get, get);
    expect(await client.errcode(PATHS.get, get)).toBe(45009);
    expect(await sameCorp.errcode(PATHS.get, get)).toBe(45009);
    await otherCorp.ok(PATHS.get, get);
  });

  it('lets calls through again once the block is over, counting afresh; off by default and when unset', async () => {
    client = await EmulatorClient.start();
    for (let i = 0; i < 5; i++) await client.ok(PATHS.get, get); // no quota by default
    client.emu.setApiQuota({ perMinute: 1, blockMs: 200 });
    await client.ok(PATHS.get, get);
    expect(await client.errcode(PATHS.get, get)).toBe(45009);
    await sleep(250);
    await client.ok(PATHS.get, get);
    expect(await client.errcode(PATHS.get, get)).toBe(45009);
    client.emu.setApiQuota(undefined);
    await client.ok(PATHS.get, get);
  });
});
