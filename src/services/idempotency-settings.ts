import type { RedisClientType } from '@keyv/redis';
import { IdempotencySettings } from './idempotency-guard';
import { MemoryIdempotencyStore } from '../coordination/idempotency-memory-store';
import { RedisIdempotencyStore } from '../coordination/idempotency-redis-store';

/**
 * Idempotency records in Redis with CACHE_URL (the fleet shares them), else in process. A create is a
 * schedule/add and a read-back, each within the WeCom timeout: a repeat waits that long for the first,
 * and a first request still pending well after it is presumed dead (its outcome unknown).
 */
export function idempotencySettings(redis: RedisClientType | undefined, wecomTimeoutMs: number): IdempotencySettings {
  return {
    store: redis ? new RedisIdempotencyStore(redis) : new MemoryIdempotencyStore(),
    waitMs: 2 * wecomTimeoutMs + 1000,
    leaseMs: 3 * wecomTimeoutMs + 5000,
  };
}
