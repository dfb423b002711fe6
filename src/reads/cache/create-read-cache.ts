import type { RedisClientType } from '@keyv/redis';
import type { Logger } from 'pino';
import { ChangeFeedStore } from '../../sync/feed/change-feed-store';
import { GatewayReads } from '../gateway-reads';
import { MemoryReadCacheStore } from './memory-read-cache-store';
import { ReadCacheObserver, createReadCache } from './read-cache';
import { ReadCacheSettings } from './read-cache-settings';
import { RedisReadCacheStore } from './redis-read-cache-store';

export interface ReadCacheWiring {
  settings: ReadCacheSettings;
  appKey: string;
  feed: ChangeFeedStore;
  /** The shared connection (CACHE_URL): the cache is then the fleet's; unset, it lives in this process. */
  redis?: RedisClientType;
  logger: Logger;
  observer?: ReadCacheObserver & { storeErrors(): void };
}

/** `inner` with the read cache over it, or `inner` itself when the cache is off (TTL 0). */
export function withReadCache(inner: GatewayReads, wiring: ReadCacheWiring): GatewayReads {
  const { settings, logger } = wiring;
  if (settings.ttlMs <= 0) return inner;
  const store = wiring.redis
    ? new RedisReadCacheStore({ redis: wiring.redis, appKey: wiring.appKey, ttlMs: settings.ttlMs, logger, onError: () => wiring.observer?.storeErrors() })
    : new MemoryReadCacheStore(settings);
  logger.info({ ttlMs: settings.ttlMs, shared: wiring.redis !== undefined }, 'read cache on');
  return createReadCache(inner, { store, feed: wiring.feed, logger, observer: wiring.observer });
}
