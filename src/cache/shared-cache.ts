import KeyvRedis, { RedisClientType, createClient } from '@keyv/redis';
import { Keyv } from 'keyv';
import type { Logger } from 'pino';

/** How long a polite QUIT may take at shutdown before the connection is cut. */
const CLOSE_GRACE_MS = 1000;

export interface SharedCache {
  /**
   * A Keyv over the shared store, keys prefixed with `namespace`. `throwOnErrors` chooses between a
   * failing store surfacing as an error (the token provider then falls back deliberately) and Keyv's
   * default of a silent miss (fine for persisted queries: the client just sends the query again).
   */
  keyv<T>(namespace: string, options: { throwOnErrors: boolean }): Keyv<T>;
  /**
   * The one Redis connection, for what Keyv cannot express (locks, scripts, streams); unset without
   * CACHE_URL. It fails fast while disconnected (no offline queue).
   */
  redis?: RedisClientType;
  close(): Promise<void>;
}

/**
 * The store behind access tokens and persisted queries: Redis when CACHE_URL is set (shared by all
 * instances), process memory otherwise. One Redis connection serves every namespace; it fails fast
 * while disconnected rather than queueing commands behind a dead socket.
 */
export function createSharedCache(cacheUrl: string | undefined, logger: Logger): SharedCache {
  if (!cacheUrl) {
    return {
      keyv: <T>(namespace: string, options: { throwOnErrors: boolean }) => new Keyv<T>({ namespace, ...options }),
      close: async () => undefined,
    };
  }
  const client = createClient({
    url: cacheUrl,
    disableOfflineQueue: true,
    socket: { connectTimeout: 2000, reconnectStrategy: (retries: number) => Math.min(100 * 2 ** retries, 5000) },
  });
  return {
    redis: client as RedisClientType,
    keyv<T>(namespace: string, options: { throwOnErrors: boolean }) {
      const store = new KeyvRedis<T>(client, { ...options, throwOnConnectError: true, connectionTimeout: 500 });
      const keyv = new Keyv<T>({ store, namespace, ...options });
      keyv.on('error', (error: Error) => logger.warn({ namespace, reason: error?.message }, 'shared cache error'));
      return keyv;
    },
    async close() {
      // A client that never connected has nothing to say goodbye to: drop it without waiting.
      // A hung Redis (connected, not answering) would hold QUIT forever: give it a second, then cut.
      if (client.isReady) {
        const closed = await Promise.race([
          client.close().then(() => true, () => true),
          new Promise<false>((resolve) => setTimeout(resolve, CLOSE_GRACE_MS, false).unref()),
        ]);
        if (!closed && client.isOpen) client.destroy();
      } else if (client.isOpen) client.destroy();
    },
  };
}
