import { GetScheduleDocument } from '../../client/operations';
import { startTestStack, TestStack } from '../helpers/test-stack';
import { PrivateRedisServer, describeWithRedisServer } from '../helpers/private-redis-server';

describeWithRedisServer('stopping a gateway whose Redis hangs', () => {
  let redis: PrivateRedisServer;
  let stack: TestStack | undefined;

  beforeAll(async () => {
    redis = await PrivateRedisServer.start();
  });
  afterAll(async () => {
    await redis.kill();
  });

  it('stops within a few seconds although cache commands are pending on the hung connection', async () => {
    stack = await startTestStack({ gateway: { cacheUrl: redis.url } });
    // A read connects the shared cache (the token goes through it).
    const answer = await stack.graphql(GetScheduleDocument, { id: 'none' });
    expect(answer.errors).toBeUndefined();
    redis.pause();
    // This read's cache commands stay pending on the hung connection (the read itself falls back).
    await stack.graphql(GetScheduleDocument, { id: 'none' });
    const started = Date.now();
    await stack.stop();
    expect(Date.now() - started).toBeLessThan(5000);
    redis.resume();
  }, 20_000);
});
