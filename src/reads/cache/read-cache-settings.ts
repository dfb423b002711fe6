/** README, "Reads beyond WeCom's quota": how long a cached schedule or calendar may answer at most. */
export interface ReadCacheSettings {
  /** READ_CACHE_TTL_MS: 0 turns the cache off. */
  ttlMs: number;
  /** Entries kept in process memory without CACHE_URL (least recently used go first). */
  maxEntries: number;
  /** Bytes of encoded entries kept in process memory without CACHE_URL. */
  maxBytes: number;
}

/** With callbacks, changes made in WeCom reach the cache within about a second; the TTL only bounds a lost one. */
export const DEFAULT_READ_CACHE_TTL_MS = 60_000;
/** Beyond this, a change whose callback was lost would stay invisible too long for anyone to rely on reads. */
export const MAX_READ_CACHE_TTL_MS = 600_000;
export const DEFAULT_READ_CACHE_MAX_ENTRIES = 10_000;
export const DEFAULT_READ_CACHE_MAX_BYTES = 64 * 1024 * 1024;

/**
 * The TTL in force: as configured when set (0: off); otherwise on with the default when WeCom calls back,
 * and off without callbacks (changes made in WeCom would reach the cache only when it expires).
 */
export function readCacheTtlMs(configured: number | undefined, callbacksOn: boolean): number {
  if (configured !== undefined) {
    if (!Number.isInteger(configured) || configured < 0 || configured > MAX_READ_CACHE_TTL_MS) {
      throw new RangeError(`the read cache TTL must be an integer between 0 and ${MAX_READ_CACHE_TTL_MS} ms`);
    }
    return configured;
  }
  return callbacksOn ? DEFAULT_READ_CACHE_TTL_MS : 0;
}
