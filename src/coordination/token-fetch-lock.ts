import type { RedisClientType } from '@keyv/redis';
import type { Logger } from 'pino';
import { RedisLockStore } from './lock-redis-store';
import { LockStore } from './lock-types';

export const TOKEN_FETCH_LOCK_PREFIX = 'wecom-gateway:token-fetch:';

/**
 * The fleet's gettoken lock: whoever holds it fetches, the others wait and then find the token in
 * the shared cache. A short lease (renewed while a fetch runs), so an instance that dies mid-fetch
 * holds the others up by at most `ttlMs`. Without Redis there is no fleet: the provider's own
 * single flight is enough.
 */
export function createTokenFetchLock(redis: RedisClientType | undefined, logger: Logger, ttlMs = 3000): LockStore | undefined {
  if (!redis) return undefined;
  return new RedisLockStore({ redis, keyPrefix: TOKEN_FETCH_LOCK_PREFIX, ttlMs, maxHoldMs: 30_000, commandTimeoutMs: 500, logger });
}
