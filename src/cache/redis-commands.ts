import type { RedisClientType } from '@keyv/redis';

/** One pending 'ready' wait per client, however many callers wait (no listener pile-up). */
const readyWaits = new WeakMap<RedisClientType, Promise<void>>();

/**
 * Resolves once the shared connection is ready, connecting it if nobody has yet (Keyv connects
 * lazily, and a write may come before any token read). Rejects after `timeoutMs`: while Redis is
 * down the connection keeps reconnecting in the background and callers learn it at once.
 */
export async function waitUntilReady(redis: RedisClientType, timeoutMs: number): Promise<void> {
  if (redis.isReady) return;
  if (!redis.isOpen) redis.connect().catch(() => undefined); // failures surface as "not ready" below
  let waiting = readyWaits.get(redis);
  if (!waiting) {
    waiting = new Promise<void>((resolve) => redis.once('ready', () => resolve())).finally(() => readyWaits.delete(redis));
    readyWaits.set(redis, waiting);
  }
  await withinMs(waiting, timeoutMs, 'Redis not connected');
}

/** `operation`, or a rejection after `ms`; a late failure of the operation is dropped. */
export function withinMs<T>(operation: Promise<T>, ms: number, what = 'Redis command'): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
  });
  operation.catch(() => undefined);
  return Promise.race([operation, timeout]).finally(() => clearTimeout(timer));
}
