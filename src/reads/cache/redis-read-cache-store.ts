import type { RedisClientType } from '@keyv/redis';
import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import { withinMs } from '../../cache/redis-commands';
import { ReadKind } from '../gateway-reads';
import { BYPASS_LOOKUP, CacheLookup, FillOutcome, NOTHING_FILLED, ReadCacheStore } from './read-cache-store';

/**
 * Values under an entity's key: `e|<generation>|<json>` (an entry) or `l|<generation>|<token>` (a lease:
 * a look-up is reading it). The look-up takes a lease on each key it misses; an invalidation deletes the
 * key (entry or lease); a fill stores only where its own lease is still there and the app's generation
 * has not moved (a gap in the feed replaces it). So a read that began before a change cannot store what it read.
 * Generations are random, never counted: one lost (evicted) and made again cannot bring old entries back.
 */
const LOOKUP = `
local gen = redis.call('GET', KEYS[1])
if not gen then
  gen = ARGV[2]
  redis.call('SET', KEYS[1], gen)
end
local out = {gen}
for i = 2, #KEYS do
  local v = redis.call('GET', KEYS[i])
  local answer = 'n'
  if v and ARGV[1] == '0' and string.sub(v, 1, 2) == 'e|' then
    local sep = string.find(v, '|', 3, true)
    if sep and string.sub(v, 3, sep - 1) == gen then answer = 'h' .. string.sub(v, sep + 1) end
  end
  if answer == 'n' and (not v or ARGV[1] == '1' or string.sub(v, 1, 2) == 'e|' or string.sub(v, 3, 2 + #gen + 1) ~= gen .. '|') then
    redis.call('SET', KEYS[i], 'l|' .. gen .. '|' .. ARGV[2], 'PX', ARGV[3])
    answer = 'l'
  end
  out[i] = answer
end
return out`;

/** ARGV: token, ttl, generation of the look-up, then one value per key ('' : not found, give the lease up). */
const FILL = `
local gen = redis.call('GET', KEYS[1])
local lease = 'l|' .. ARGV[3] .. '|' .. ARGV[1]
local stored, refused = 0, 0
for i = 2, #KEYS do
  local value = ARGV[i + 2]
  if gen and gen == ARGV[3] and redis.call('GET', KEYS[i]) == lease then
    if value == '' then
      redis.call('DEL', KEYS[i])
    else
      redis.call('SET', KEYS[i], 'e|' .. gen .. '|' .. value, 'PX', ARGV[2])
      stored = stored + 1
    end
  elseif value ~= '' then
    refused = refused + 1
  end
end
return {stored, refused}`;

export interface RedisReadCacheStoreOptions {
  /** The shared connection (SharedCache.redis); never opened or closed here. */
  redis: RedisClientType;
  appKey: string;
  ttlMs: number;
  logger: Logger;
  /** Prepended to every key. @default 'wecom-gateway:reads:' */
  keyPrefix?: string;
  /** A cache command slower than this counts as a failure (the read goes to WeCom). @default 250 */
  commandTimeoutMs?: number;
  /** How long a look-up's lease lasts: a read slower than this stores nothing. @default 60000 */
  leaseMs?: number;
  /** After a failure, how long the cache is skipped before it is tried again. @default 1000 */
  retryAfterMs?: number;
  /** Told of each command that failed (metrics). */
  onError?: () => void;
}

/** Invalidations that could not be sent are kept (up to this many keys) and sent before the cache is used again. */
const MAX_PENDING_INVALIDATIONS = 10_000;

/**
 * The cache with CACHE_URL: one Redis key per cached schedule or calendar, shared by the fleet, each
 * with the TTL. Redis failing never fails a read: the look-up bypasses, and the cache is skipped for a
 * moment. An invalidation that could not be sent is retried before the cache answers anything again
 * (too many of them: the app's whole cache is dropped), so a lost DEL never leaves a stale entry served.
 */
export class RedisReadCacheStore implements ReadCacheStore {
  private readonly redis: RedisClientType;
  private readonly prefix: string;
  private readonly timeoutMs: number;
  private readonly leaseMs: number;
  private readonly retryAfterMs: number;
  private skipUntil = 0;
  private readonly pending = new Set<string>();
  private pendingAll = false;

  constructor(private readonly options: RedisReadCacheStoreOptions) {
    this.redis = options.redis;
    this.prefix = `${options.keyPrefix ?? 'wecom-gateway:reads:'}${options.appKey}:`;
    this.timeoutMs = options.commandTimeoutMs ?? 250;
    this.leaseMs = options.leaseMs ?? 60_000;
    this.retryAfterMs = options.retryAfterMs ?? 1000;
  }

  async lookup(kind: ReadKind, ids: readonly string[], fresh: boolean): Promise<CacheLookup> {
    if (ids.length === 0 || !(await this.usable())) return BYPASS_LOOKUP;
    const keys = ids.map((id) => this.keyOf(kind, id));
    const token = newToken();
    let answer: string[];
    try {
      answer = (await this.command(['EVAL', LOOKUP, String(keys.length + 1), this.generationKey(), ...keys, fresh ? '1' : '0', token, String(this.leaseMs)])) as string[];
    } catch (error) {
      this.failed(error, 'look-up');
      return BYPASS_LOOKUP;
    }
    const generation = answer[0];
    const hits = new Map<string, string>();
    const leased: string[] = [];
    ids.forEach((id, index) => {
      const value = answer[index + 1];
      if (value.startsWith('h')) hits.set(id, value.slice(1));
      else if (value === 'l') leased.push(id);
    });
    return { hits, settle: (found) => this.fill(kind, leased, found, token, generation) };
  }

  async invalidate(kind: ReadKind, ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    const keys = ids.map((id) => this.keyOf(kind, id));
    try {
      await this.command(['DEL', ...keys]);
    } catch (error) {
      this.failed(error, 'invalidation');
      this.remember(keys);
    }
  }

  async invalidateAll(): Promise<void> {
    try {
      await this.command(['SET', this.generationKey(), newToken()]);
    } catch (error) {
      this.failed(error, 'invalidation of the whole app');
      this.pendingAll = true;
    }
  }

  async close(): Promise<void> {
    this.pending.clear();
  }

  private async fill(kind: ReadKind, ids: string[], found: Map<string, string> | null, token: string, generation: string): Promise<FillOutcome> {
    if (ids.length === 0) return NOTHING_FILLED;
    const values = ids.map((id) => found?.get(id) ?? '');
    try {
      const [stored, refused] = (await this.command([
        'EVAL', FILL, String(ids.length + 1), this.generationKey(), ...ids.map((id) => this.keyOf(kind, id)),
        token, String(this.options.ttlMs), generation, ...values,
      ])) as [number, number];
      return { stored, refused };
    } catch (error) {
      this.failed(error, 'fill');
      return NOTHING_FILLED;
    }
  }

  /** Not within a moment of a failure, and every invalidation owed has been sent. */
  private async usable(): Promise<boolean> {
    if (!this.redis.isReady || performance.now() < this.skipUntil) return false;
    if (!this.pendingAll && this.pending.size === 0) return true;
    const keys = [...this.pending];
    const all = this.pendingAll;
    try {
      if (all) await this.command(['SET', this.generationKey(), newToken()]);
      else await this.command(['DEL', ...keys]);
    } catch (error) {
      this.failed(error, 'invalidations owed');
      return false;
    }
    if (all) {
      this.pendingAll = false;
      this.pending.clear();
    } else for (const key of keys) this.pending.delete(key);
    this.options.logger.info({ keys: all ? 'all' : keys.length }, 'read cache: invalidations owed were sent');
    return true;
  }

  private remember(keys: string[]): void {
    if (this.pendingAll) return;
    for (const key of keys) this.pending.add(key);
    if (this.pending.size > MAX_PENDING_INVALIDATIONS) {
      this.pending.clear();
      this.pendingAll = true;
    }
  }

  private command(args: string[]): Promise<unknown> {
    return withinMs(this.redis.sendCommand(args), this.timeoutMs, 'read cache');
  }

  private failed(error: unknown, what: string): void {
    this.skipUntil = performance.now() + this.retryAfterMs;
    this.options.onError?.();
    this.options.logger.warn({ reason: (error as Error)?.message }, `read cache: ${what} failed; reading from WeCom meanwhile`);
  }

  private keyOf(kind: ReadKind, id: string): string {
    return `${this.prefix}${kind === 'schedule' ? 's' : 'c'}:${id}`;
  }

  private generationKey(): string {
    return `${this.prefix}generation`;
  }
}

function newToken(): string {
  return randomBytes(9).toString('base64url');
}
