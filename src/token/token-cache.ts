import KeyvRedis from '@keyv/redis';
import { Keyv } from 'keyv';
import type { Logger } from 'pino';
import type { CachedToken } from './access-token-provider';

export interface TokenCache {
  cache: Keyv<CachedToken>;
  close(): Promise<void>;
}

/**
 * The store behind access tokens: Redis when CACHE_URL is set (shared by all instances), memory otherwise.
 * `throwOnErrors` is on so that the provider sees a failing store and falls back deliberately,
 * instead of Keyv's default of turning failures into silent misses (each a gettoken call).
 * The Redis client fails fast while disconnected rather than queueing commands behind a dead socket.
 */
export function createTokenCache(cacheUrl: string | undefined, logger: Logger): TokenCache {
  const namespace = 'wecom-access-token';
  if (!cacheUrl) {
    const cache = new Keyv<CachedToken>({ namespace, throwOnErrors: true });
    return { cache, close: async () => undefined };
  }
  const store = new KeyvRedis<CachedToken>(
    {
      url: cacheUrl,
      disableOfflineQueue: true,
      socket: { connectTimeout: 2000, reconnectStrategy: (retries: number) => Math.min(100 * 2 ** retries, 5000) },
    },
    { throwOnConnectError: true, throwOnErrors: true, connectionTimeout: 1000 },
  );
  const cache = new Keyv<CachedToken>({ store, namespace, throwOnErrors: true });
  cache.on('error', (error: Error) => logger.warn({ reason: error?.message }, 'token cache error'));
  const close = async () => {
    // A client that never connected has nothing to say goodbye to: drop it without waiting.
    const client = store.client as { isReady?: boolean; isOpen?: boolean; destroy?: () => void };
    if (client.isReady) await store.disconnect().catch(() => undefined);
    else if (client.isOpen) client.destroy?.();
  };
  return { cache, close };
}
