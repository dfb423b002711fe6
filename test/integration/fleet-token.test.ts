import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { request } from 'undici';
import { print } from 'graphql';
import { GetScheduleDocument } from '../../client/operations';
import { EmulatorApp, WeComEmulator } from '../../src/emulator/wecom-emulator';
import { TEST_REDIS_URL, describeWithRedis } from '../helpers/redis-availability';
import { GETTOKEN, GraphQLErrorBody, SCHEDULE_GET, TestStack, startTestStack } from '../helpers/test-stack';
import { freshApp } from '../helpers/fixtures';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(check: () => boolean, timeoutMs: number): Promise<void> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error('condition not reached');
    await sleep(10);
  }
}

/** Steady reads on every instance; records errors and, per instance, when each successful read started. */
function startLoad(stacks: TestStack[], perInstance: number) {
  let running = true;
  const errors: GraphQLErrorBody[] = [];
  const startsOfSuccesses = stacks.map(() => [] as number[]);
  const loops = stacks.flatMap((stack, index) =>
    Array.from({ length: perInstance }, async (_, n) => {
      while (running) {
        const started = Date.now();
        const answer = await stack.graphql(GetScheduleDocument, { id: `load-${index}-${n}` });
        if (answer.errors) errors.push(...answer.errors);
        else startsOfSuccesses[index].push(started);
      }
    }),
  );
  return {
    errors,
    /** Resolves once every instance served `count` reads that started after `since`. */
    servedSince: (since: number, count: number) =>
      until(() => startsOfSuccesses.every((starts) => starts.filter((start) => start > since).length >= count), 15_000),
    async stop() {
      running = false;
      await Promise.all(loops);
    },
  };
}

describeWithRedis('one gettoken for the fleet: three instances sharing Redis', () => {
  let emulator: WeComEmulator;
  let stacks: TestStack[];

  beforeAll(async () => {
    const app = freshApp();
    emulator = await WeComEmulator.start({ apps: [app] });
    // gettoken takes a while, as over the internet: fetches by several instances would overlap.
    emulator.setLatency(40, GETTOKEN);
    emulator.setLatency(5, SCHEDULE_GET);
    const shared = { sharedEmulator: emulator, app, gateway: { cacheUrl: TEST_REDIS_URL } };
    stacks = [await startTestStack(shared), await startTestStack(shared), await startTestStack(shared)];
  });
  afterAll(async () => {
    for (const stack of stacks) await stack.stop();
    await emulator.close();
  });

  it('fetches one token when all three start cold at the same moment', async () => {
    const answers = await Promise.all(
      stacks.flatMap((stack) => Array.from({ length: 5 }, (_, i) => stack.graphql(GetScheduleDocument, { id: `cold-${i}` }))),
    );
    expect(answers.flatMap((answer) => answer.errors ?? [])).toEqual([]);
    expect(emulator.callCount(GETTOKEN)).toBe(1);
  });

  it('costs exactly four gettoken calls for four revocations under load, and no caller sees an error', async () => {
    const load = startLoad(stacks, 4);
    try {
      await load.servedSince(Date.now(), 3);
      const before = emulator.callCount(GETTOKEN);
      for (let revocation = 0; revocation < 4; revocation++) {
        const revokedAt = Date.now();
        emulator.revokeTokens();
        await load.servedSince(revokedAt, 3); // every instance works on the new token
      }
      expect(emulator.callCount(GETTOKEN) - before).toBe(4);
    } finally {
      await load.stop();
    }
    expect(load.errors).toEqual([]);
  }, 60_000);
});

describeWithRedis('one gettoken for the fleet: an instance killed while fetching', () => {
  const lockTtlMs = 1500;
  let emulator: WeComEmulator;
  let app: EmulatorApp;
  let stacks: TestStack[];
  let child: ChildProcess | undefined;

  beforeAll(async () => {
    app = freshApp();
    emulator = await WeComEmulator.start({ apps: [app] });
    const shared = { sharedEmulator: emulator, app, gateway: { cacheUrl: TEST_REDIS_URL } };
    stacks = [await startTestStack(shared), await startTestStack(shared)];
  });
  afterAll(async () => {
    child?.kill('SIGKILL');
    emulator.release();
    for (const stack of stacks) await stack.stop();
    await emulator.close();
  });

  it('does not hold the others up past its token lock\'s lease', async () => {
    const started = await startChildGateway(emulator.baseUrl, app, lockTtlMs);
    child = started.child;
    emulator.hang(GETTOKEN);
    // The child takes the fleet's gettoken lock and its gettoken hangs: it is "fetching".
    void sendQuery(started.url).catch(() => undefined);
    await until(() => emulator.callCount(GETTOKEN) === 1, 10_000);

    const waiting = stacks.map((stack) => stack.graphql(GetScheduleDocument, { id: 'after-the-crash' }));
    let settled = 0;
    waiting.forEach((answer) => void answer.then(() => settled++));
    await sleep(lockTtlMs); // the child lives and renews: the others wait for its token
    expect(settled).toBe(0);
    expect(emulator.callCount(GETTOKEN)).toBe(1);

    child.kill('SIGKILL');
    const killedAt = Date.now();
    emulator.release();
    const answers = await Promise.all(waiting);
    expect(Date.now() - killedAt).toBeLessThan(lockTtlMs + 1000);
    expect(answers.flatMap((answer) => answer.errors ?? [])).toEqual([]);
    // The dead instance's fetch, then one for both survivors.
    expect(emulator.callCount(GETTOKEN)).toBe(2);
  }, 60_000);
});

async function startChildGateway(baseUrl: string, app: EmulatorApp, lockTtlMs: number): Promise<{ child: ChildProcess; url: string }> {
  const script = join(__dirname, 'gateway-child.ts');
  const args = ['-r', 'ts-node/register/transpile-only', script, baseUrl, app.corpId, app.corpSecret, TEST_REDIS_URL, String(lockTtlMs)];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let errors = '';
    child.stderr!.on('data', (data) => (errors += String(data)));
    child.stdout!.on('data', (data) => {
      const url = String(data).trim().split('\n').find((line) => line.startsWith('http'));
      if (url) resolve({ child, url });
    });
    child.once('exit', (code) => reject(new Error(`child gateway exited (${code}): ${errors}`)));
  });
}

async function sendQuery(url: string): Promise<void> {
  const response = await request(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: print(GetScheduleDocument), variables: { id: 'from-the-child' } }),
  });
  await response.body.text();
}
