import { request } from 'undici';
import { GetScheduleDocument } from '../../client/operations';
import { WeComEmulator } from '../../src/emulator/wecom-emulator';
import { PrivateRedisServer, describeWithRedisServer, sparePort } from '../helpers/private-redis-server';
import { TestStack, startTestStack } from '../helpers/test-stack';

async function probe(stack: TestStack, path: '/ready' | '/health'): Promise<{ status: number; body: unknown }> {
  const response = await request(`http://127.0.0.1:${stack.gateway.port}${path}`);
  return { status: response.statusCode, body: await response.body.json() };
}

describe('/ready without CACHE_URL', () => {
  let stack: TestStack | undefined;
  afterEach(async () => {
    await stack?.stop();
    stack = undefined;
  });

  it('answers 200 {"status":"ready"} once started and stays 200 while WeCom is down (only /graphql calls fail)', async () => {
    stack = await startTestStack();
    expect(await probe(stack, '/ready')).toEqual({ status: 200, body: { status: 'ready' } });

    await stack.emulator.close(); // WeCom unreachable from now on
    const answer = await stack.graphql(GetScheduleDocument, { id: 'any' });
    expect(answer.errors?.[0]?.extensions?.code).toBe('WECOM_UNAVAILABLE');
    expect(await probe(stack, '/ready')).toEqual({ status: 200, body: { status: 'ready' } });
    expect((await probe(stack, '/health')).status).toBe(200);
  });

  it('is answered without credentials when AUTH is on (probes carry no key)', async () => {
    const emulator = await WeComEmulator.start();
    stack = await startTestStack({
      sharedEmulator: emulator,
      gateway: { auth: { methods: ['api-key'], apiKeys: [] } },
    });
    try {
      expect((await stack.graphql(GetScheduleDocument, { id: 'any' })).status).toBe(401);
      expect(await probe(stack, '/ready')).toEqual({ status: 200, body: { status: 'ready' } });
    } finally {
      await stack.stop();
      stack = undefined;
      await emulator.close();
    }
  });
});

describeWithRedisServer('/ready with CACHE_URL', () => {
  let redis: PrivateRedisServer | undefined;
  let stack: TestStack | undefined;
  afterEach(async () => {
    await stack?.stop();
    await redis?.kill();
  });

  it('answers 503 "starting" until Redis has connected, then 200, and stays 200 when Redis goes down later', async () => {
    const port = await sparePort();
    stack = await startTestStack({ gateway: { cacheUrl: `redis://127.0.0.1:${port}` } });
    expect(await probe(stack, '/ready')).toEqual({ status: 503, body: { status: 'starting' } });
    expect((await probe(stack, '/health')).status).toBe(200); // alive, just not ready

    redis = await PrivateRedisServer.start(port);
    const until = Date.now() + 10_000; // the client's reconnect backoff is at most 5 s
    let ready = await probe(stack, '/ready');
    while (ready.status !== 200 && Date.now() < until) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      ready = await probe(stack, '/ready');
    }
    expect(ready).toEqual({ status: 200, body: { status: 'ready' } });

    await redis.kill(); // reads fall back to the in-process path: still worth sending traffic here
    expect(await probe(stack, '/ready')).toEqual({ status: 200, body: { status: 'ready' } });
  }, 20_000);
});
