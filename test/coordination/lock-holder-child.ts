/**
 * A separate process that takes a Redis lock and holds it (renewing) until it is killed: the "dead
 * holder" of lock-redis-store.test.ts. Args: redisUrl keyPrefix key ttlMs. Prints "held" once it holds.
 */
import { createClient, RedisClientType } from '@keyv/redis';
import { RedisLockStore } from '../../src/coordination/lock-redis-store';
import { deadlineIn } from '../../src/http/deadline';

async function main(): Promise<void> {
  const [url, keyPrefix, key, ttl] = process.argv.slice(2);
  const redis = createClient({ url, disableOfflineQueue: true }) as RedisClientType;
  redis.on('error', () => undefined);
  await redis.connect();
  const store = new RedisLockStore({ redis, keyPrefix, ttlMs: Number(ttl) });
  await store.acquire(key, deadlineIn(5000));
  process.stdout.write('held\n');
  setInterval(() => undefined, 60_000); // stay alive, renewing, until killed
}

void main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
