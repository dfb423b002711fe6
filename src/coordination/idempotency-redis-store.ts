import type { RedisClientType } from '@keyv/redis';
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
}

/**
 * Records in Redis, shared by every instance with the same CACHE_URL. Uses the shared cache's one
 * connection (no offline queue): while Redis is unreachable every method rejects quickly.
 */
export class RedisIdempotencyStore implements IdempotencyStore {
  private readonly prefix: string;
  private readonly connectWaitMs: number;
  private connecting?: Promise<void>;

  constructor(
    private readonly client: RedisClientType,
    options: RedisIdempotencyStoreOptions = {},
  ) {
    this.prefix = options.prefix ?? '';
    this.connectWaitMs = options.connectWaitMs ?? 500;
  }

  async claim(key: string, record: IdempotencyRecord, ttlMs: number): Promise<IdempotencyRecord | undefined> {
    const reply = await this.eval(CLAIM, key, [JSON.stringify(record), String(Math.max(1, Math.ceil(ttlMs)))]);
    return parseRecord(reply as string | null);
  }

  async get(key: string): Promise<IdempotencyRecord | undefined> {
    const client = await this.ready();
    return parseRecord(await client.get(this.prefix + key));
  }

  async replace(key: string, token: string, next: IdempotencyRecord): Promise<boolean> {
    return (await this.eval(REPLACE, key, [token, JSON.stringify(next)])) === 1;
  }

  async release(key: string, token: string): Promise<void> {
    await this.eval(RELEASE, key, [token]);
  }

  private async eval(script: string, key: string, args: string[]): Promise<unknown> {
    const client = await this.ready();
    return client.eval(script, { keys: [this.prefix + key], arguments: args });
  }

  /** The connection is opened lazily (by whichever user of it comes first) and may be reconnecting. */
  private async ready(): Promise<RedisClientType> {
    const client = this.client;
    if (client.isReady) return client;
    // One wait shared by every command arriving meanwhile (one listener, not one per request).
    this.connecting ??= this.waitForReady().finally(() => {
      this.connecting = undefined;
    });
    await this.connecting;
    if (!client.isReady) throw new Error('Redis is not reachable');
    return client;
  }

  private waitForReady(): Promise<void> {
    const client = this.client;
    if (!client.isOpen) client.connect().catch(() => undefined); // reported by the caller, as not ready in time
    return new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        client.off('ready', done);
        resolve();
      };
      const timer = setTimeout(done, this.connectWaitMs);
      client.on('ready', done);
    });
  }
}
