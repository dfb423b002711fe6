import { createClient, RedisClientType } from '@keyv/redis';
import { randomUUID } from 'node:crypto';
import { RedisCallBudgetStore } from '../../src/limits/redis-call-budget-store';
import { TEST_REDIS_URL, describeWithRedis } from '../helpers/redis-availability';
import { callBudgetStoreSuite } from './call-budget-store-suite';

describeWithRedis('RedisCallBudgetStore (the fleet)', () => {
  let redis: RedisClientType;
  const prefixes: string[] = [];

  beforeAll(async () => {
    redis = createClient({ url: TEST_REDIS_URL }) as RedisClientType;
    await redis.connect();
  });
  afterAll(async () => {
    // Only the keys this suite created.
    for (const prefix of prefixes) {
      for await (const keys of redis.scanIterator({ MATCH: `${prefix}*`, COUNT: 100 })) {
        if (keys.length > 0) await redis.del(keys);
      }
    }
    await redis.close();
  });

  // A fresh prefix per test: other helpers share this Redis.
  callBudgetStoreSuite((clock) => {
    const prefix = `test-budget-${randomUUID()}:`;
    prefixes.push(prefix);
    return new RedisCallBudgetStore({ redis, prefix, clock });
  });
});
