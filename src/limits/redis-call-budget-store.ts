import type { RedisClientType } from '@keyv/redis';
import { createHash, randomUUID } from 'node:crypto';
import { CallBudgetStore, Clock, TakeRequest, TakeResult, refused } from './call-budget-store';

/**
 * One round trip, atomic: refuse while the block key lives; drop units older than the window from
 * every sliding log (a sorted set scored by time); refuse when one log is full, naming when its
 * oldest needed unit leaves; otherwise add one unit to every log. Time is the caller's (tests) or
 * Redis's own TIME, so instances with skewed clocks still share one timeline.
 *
 * KEYS[1] block, KEYS[2..] logs; ARGV[1] now ms or '', ARGV[2] window ms, ARGV[3] member, ARGV[4..] limits.
 * Returns {1} or {0, retryAfterMs, 0 for the block | 1-based log index}.
 */
const TAKE_SCRIPT = `
local now = tonumber(ARGV[1])
if not now then
  local t = redis.call('TIME')
  now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
local window = tonumber(ARGV[2])
local blocked = redis.call('PTTL', KEYS[1])
if blocked > 0 then return {0, blocked, 0} end
for i = 2, #KEYS do
  redis.call('ZREMRANGEBYSCORE', KEYS[i], '-inf', now - window)
  local limit = tonumber(ARGV[i + 2])
  local count = redis.call('ZCARD', KEYS[i])
  if count >= limit then
    local unit = redis.call('ZRANGE', KEYS[i], count - limit, count - limit, 'WITHSCORES')
    return {0, tonumber(unit[2]) + window - now, i - 1}
  end
end
for i = 2, #KEYS do
  redis.call('ZADD', KEYS[i], now, ARGV[3])
  redis.call('PEXPIRE', KEYS[i], window)
end
return {1}
`;
const TAKE_SHA = createHash('sha1').update(TAKE_SCRIPT).digest('hex');

export interface RedisCallBudgetStoreOptions {
  redis: RedisClientType;
  /** Prepended to every key (tests use a unique one). @default 'wecom-gateway:budget:' */
  prefix?: string;
  /** Unset: Redis's own clock. */
  clock?: Clock;
}

/**
 * The fleet's store: the sliding logs and blocks live in Redis, shared by every instance on the same
 * CACHE_URL. Commands fail fast while Redis is disconnected (the connection has no offline queue);
 * the fallback store decides what happens then.
 */
export class RedisCallBudgetStore implements CallBudgetStore {
  private readonly redis: RedisClientType;
  private readonly prefix: string;
  private readonly clock?: Clock;
  /** Unique per store and call, so two units taken in the same ms are two members of the set. */
  private readonly instance = randomUUID();
  private sequence = 0;

  constructor(options: RedisCallBudgetStoreOptions) {
    this.redis = options.redis;
    this.prefix = options.prefix ?? 'wecom-gateway:budget:';
    this.clock = options.clock;
  }

  async take(request: TakeRequest): Promise<TakeResult> {
    this.ensureOpen();
    const keys = [request.blockKey, ...request.windows.map((window) => window.key)].map((key) => this.prefix + key);
    const args = [
      this.clock ? String(this.clock()) : '',
      String(request.windowMs),
      `${this.instance}:${++this.sequence}`,
      ...request.windows.map((window) => String(window.limit)),
    ];
    const reply = (await this.evalTake(keys, args)) as number[];
    if (reply[0] === 1) return { granted: true };
    return refused(Number(reply[1]), reply[2] === 0 ? 'block' : Number(reply[2]) - 1);
  }

  async block(blockKey: string, ms: number): Promise<void> {
    this.ensureOpen();
    await this.redis.set(this.prefix + blockKey, '1', { PX: Math.max(1, Math.ceil(ms)) });
  }

  /** EVALSHA saves sending the script each time; after a Redis restart it is loaded again. */
  private async evalTake(keys: string[], args: string[]): Promise<unknown> {
    try {
      return await this.redis.evalSha(TAKE_SHA, { keys, arguments: args });
    } catch (error) {
      if (!String((error as Error).message).startsWith('NOSCRIPT')) throw error;
      return this.redis.eval(TAKE_SCRIPT, { keys, arguments: args });
    }
  }

  /** The shared connection is opened by the token cache; a closed one is not ours to open. */
  private ensureOpen(): void {
    if (!this.redis.isReady) throw new Error('Redis is not connected');
  }
}
