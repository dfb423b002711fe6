import type { RedisClientType } from '@keyv/redis';
import { waitUntilReady, withinMs } from '../cache/redis-commands';
import { IdempotencyRecord, IdempotencyStore, parseRecord } from './idempotency-store';

// Each script reads and writes one key in one step: atomic for the whole fleet.
const CLAIM = `
local current = redis.call('GET', KEYS[1])
if current then return current end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return false`;

const REPLACE = `
local current = redis.call('GET', KEYS[1])
if not current or cjson.decode(current).token ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[2], 'KEEPTTL')
return 1`;

const RELEASE = `
local current = redis.call('GET', KEYS[1])
if current and cjson.decode(current).token == ARGV[1] then redis.call('DEL', KEYS[1]) end
return 0`;

export interface RedisIdempotencyStoreOptions {
  /** Prepended to every key (tests use a random one). @default '' */
  prefix?: string;
  /** How long a command waits for a connection that is being (re)established. @default 500 */
  connectWaitMs?: number;
  /** How long one command may take: a hung Redis (connected, silent) must not hold a create. @default 1000 */
  commandTimeoutMs?: number;
}

/**
 * Records in Redis, shared by every instance with the same CACHE_URL. Uses the shared cache's one
 * connection (no offline queue); every command is bounded in time, so while Redis is unreachable or
 * hung every method rejects quickly (CACHE_UNAVAILABLE for the caller).
 */
export class RedisIdempotencyStore implements IdempotencyStore {
  private readonly prefix: string;
  private readonly connectWaitMs: number;
  private readonly commandTimeoutMs: number;

  constructor(
    private readonly client: RedisClientType,
    options: RedisIdempotencyStoreOptions = {},
  ) {
    this.prefix = options.prefix ?? '';
    this.connectWaitMs = options.connectWaitMs ?? 500;
    this.commandTimeoutMs = options.commandTimeoutMs ?? 1000;
  }

  async claim(key: string, record: IdempotencyRecord, ttlMs: number): Promise<IdempotencyRecord | undefined> {
    const reply = await this.eval(CLAIM, key, [JSON.stringify(record), String(Math.max(1, Math.ceil(ttlMs)))]);
    return parseRecord(reply as string | null);
  }

  async get(key: string): Promise<IdempotencyRecord | undefined> {
    await waitUntilReady(this.client, this.connectWaitMs);
    return parseRecord(await withinMs(this.client.get(this.prefix + key), this.commandTimeoutMs, 'idempotency record'));
  }

  async replace(key: string, token: string, next: IdempotencyRecord): Promise<boolean> {
    return (await this.eval(REPLACE, key, [token, JSON.stringify(next)])) === 1;
  }

  async release(key: string, token: string): Promise<void> {
    await this.eval(RELEASE, key, [token]);
  }

  private async eval(script: string, key: string, args: string[]): Promise<unknown> {
    await waitUntilReady(this.client, this.connectWaitMs);
    const command = this.client.eval(script, { keys: [this.prefix + key], arguments: args });
    return withinMs(command, this.commandTimeoutMs, 'idempotency record');
  }
}
