import type { RedisClientType } from '@keyv/redis';
import type { Logger } from 'pino';
import { MemoryLockStore } from './lock-memory-store';
import { RedisLockStore } from './lock-redis-store';
import { LockStore } from './lock-types';

export const RESOURCE_LOCK_PREFIX = 'wecom-gateway:lock:';

/**
 * The store of per-resource write locks, created once per process: in Redis, shared by the fleet,
 * when CACHE_URL is set (instances that share a cache share WeCom too); in process otherwise.
 */
export function createResourceLockStore(
  redis: RedisClientType | undefined,
  logger: Logger,
  options: { ttlMs?: number; maxHoldMs?: number } = {},
): LockStore {
  if (!redis) return new MemoryLockStore();
  return new RedisLockStore({ redis, keyPrefix: RESOURCE_LOCK_PREFIX, logger, ...options });
}
