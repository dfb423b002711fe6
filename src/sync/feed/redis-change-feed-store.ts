import type { RedisClientType } from '@keyv/redis';
import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import { waitUntilReady, withinMs } from '../../cache/redis-commands';
import { ErrorCode } from '../../errors/error-codes';
import { GatewayError } from '../../errors/gateway-error';
import { ChangeFacts, RecordedChange } from '../change';
import { decodeChange, encodeChange } from '../change-codec';
import {
  ChangeFeedLimits,
  ChangeFeedStore,
  ChangeListener,
  CursorExpiredError,
  DEFAULT_FEED_MAX_BYTES,
  DEFAULT_FEED_MAX_CHANGES,
  GapListener,
  InvalidCursorError,
  digestsKept,
} from './change-feed-store';
import { RedisFeedCursor, compareCursors, compareIds, cursorOf, parseCursor } from './redis-feed-cursor';
import { RawEntry, RedisFeedKeys, appendScript, feedKeys, readScript, storedEntry } from './redis-feed-scripts';
import { RedisFeedTail, TailPosition } from './redis-feed-tail';

/** The oldest Redis the feed works with: exclusive XRANGE starts (`(id`) came in 6.2. */
export const MIN_REDIS_VERSION = '6.2.0';
/** An encoded change larger than this is refused (a schedule with WeCom's 1000 attendees is about 60 KiB). */
export const DEFAULT_MAX_ENTRY_BYTES = 1024 * 1024;

export interface RedisChangeFeedStoreOptions {
  /** The shared connection (SharedCache.redis). The store never opens or closes it; it only duplicates it to block on. */
  redis: RedisClientType;
  /** The WeCom app whose feed this is (wecomAppKey). */
  appKey: string;
  /** maxChanges: entries kept at most; maxBytes: bytes of their encoded changes kept at most (the newest is always kept). */
  limits?: Partial<ChangeFeedLimits>;
  logger?: Logger;
  /** Prepended to every key. @default 'wecom-gateway:feed:' */
  keyPrefix?: string;
  /** A command (or connecting) slower than this fails with CACHE_UNAVAILABLE. @default 1000 */
  commandTimeoutMs?: number;
  /** How long one blocking XREAD of the follower waits before checking its stream. @default 5000 */
  blockMs?: number;
  /** Changes encoded larger than this are refused. @default 1 MiB */
  maxEntryBytes?: number;
  /** CLIENT SETNAME of the follower's connection. @default 'wecom-gateway:feed-follower' */
  followerConnectionName?: string;
}

/** The change could not be recorded or read because Redis did not answer. */
export class ChangeFeedUnavailableError extends GatewayError {
  constructor(reason: string) {
    super(`The shared cache (CACHE_URL) is unreachable, so the change feed cannot be used right now; retry (${reason})`, ErrorCode.CacheUnavailable);
    this.name = 'ChangeFeedUnavailableError';
  }
}

export class ChangeTooLargeError extends Error {
  constructor(bytes: number, limit: number) {
    super(`a change of ${bytes} bytes is over the feed's limit of ${limit} bytes per change; not recorded`);
    this.name = 'ChangeTooLargeError';
  }
}

interface ReadAnswer {
  firstId: string;
  firstN: number;
  lastId: string;
  added: number;
  epoch: string;
  entries: RawEntry[];
}

/**
 * The feed with CACHE_URL: one Redis Stream per WeCom app, shared by every instance (README, "Staying
 * in sync"). An append is one Lua script (digest compare, XADD, digest kept, oldest entries trimmed to the caps); reads are
 * one script too, so a cursor is judged (kept, expired, foreign) against the same state its page is
 * read from. Each instance follows the stream with one blocking reader of its own (RedisFeedTail).
 */
export class RedisChangeFeedStore implements ChangeFeedStore {
  private readonly redis: RedisClientType;
  private readonly keys: RedisFeedKeys;
  private readonly maxChanges: number;
  private readonly maxBytes: number;
  private readonly commandTimeoutMs: number;
  private readonly maxEntryBytes: number;
  private readonly tail: RedisFeedTail;
  private versionChecked = false;

  constructor(private readonly options: RedisChangeFeedStoreOptions) {
    this.redis = options.redis;
    this.keys = feedKeys(options.keyPrefix ?? 'wecom-gateway:feed:', options.appKey);
    this.maxChanges = options.limits?.maxChanges ?? DEFAULT_FEED_MAX_CHANGES;
    this.maxBytes = options.limits?.maxBytes ?? DEFAULT_FEED_MAX_BYTES;
    this.commandTimeoutMs = options.commandTimeoutMs ?? 1000;
    this.maxEntryBytes = options.maxEntryBytes ?? DEFAULT_MAX_ENTRY_BYTES;
    this.tail = new RedisFeedTail({
      redis: this.redis,
      stream: this.keys.stream,
      headOf: (connection) => this.headPosition(connection),
      blockMs: options.blockMs ?? 5000,
      connectionName: options.followerConnectionName ?? 'wecom-gateway:feed-follower',
      logger: options.logger,
    });
  }

  /** The keys this store uses (tests and operators). */
  get redisKeys(): RedisFeedKeys {
    return { ...this.keys };
  }

  async append(facts: ChangeFacts, resourceKey: string, digest: string): Promise<RecordedChange | null> {
    const at = new Date();
    const encoded = encodeChange(facts, at);
    const bytes = Buffer.byteLength(encoded);
    if (bytes > this.maxEntryBytes) throw new ChangeTooLargeError(bytes, this.maxEntryBytes);
    const reply = (await this.command((redis) =>
      appendScript.run(
        redis,
        [this.keys.stream, this.keys.meta, this.keys.digests, this.keys.recency],
        [resourceKey, digest, randomBytes(6).toString('hex'), encoded, String(this.maxChanges), String(digestsKept(this.maxChanges)), String(this.maxBytes)],
      ),
    )) as [string, number, string] | null;
    if (!reply) return null;
    const [id, n, epoch] = reply;
    return { ...facts, at, cursor: cursorOf(epoch, Number(n), id) };
  }

  async read(after: string | null, limit: number): Promise<RecordedChange[]> {
    const cursor = after === null ? null : parseCursor(after);
    const answer = await this.readAfter(this.redis, cursor, Math.max(0, Math.floor(limit)));
    return answer.entries.map((raw) => {
      const entry = storedEntry(raw);
      return decodeChange(entry.encoded, cursorOf(entry.epoch, entry.n, entry.id));
    });
  }

  async head(): Promise<string | null> {
    const answer = await this.readAfter(this.redis, null, 0);
    return answer.epoch ? cursorOf(answer.epoch, answer.added, answer.lastId) : null;
  }

  subscribe(listener: ChangeListener, onGap?: GapListener): () => void {
    return this.tail.subscribe(listener, onGap);
  }

  compare(a: string, b: string): number {
    return compareCursors(a, b);
  }

  async checkCursor(cursor: string): Promise<void> {
    await this.readAfter(this.redis, parseCursor(cursor), 0);
  }

  /** Stops the follower (at once, even mid-XREAD). The shared connection is the cache's to close. */
  async close(): Promise<void> {
    await this.tail.close();
  }

  /** One atomic look: where `cursor` stands and up to `count` entries after it (after null: from the oldest kept). */
  private async readAfter(connection: RedisClientType, cursor: RedisFeedCursor | null, count: number): Promise<ReadAnswer> {
    const args = cursor ? [cursor.epoch, String(cursor.n), cursor.id, String(count)] : ['', '0', '', String(count)];
    const reply = (await this.command(() => readScript.run(connection, [this.keys.stream, this.keys.meta], args), connection)) as unknown[];
    if (reply[0] === 'expired') throw new CursorExpiredError();
    if (reply[0] === 'invalid') throw new InvalidCursorError();
    const [, firstId, firstN, lastId, added, epoch, entries] = reply as [string, string, number, string, number, string, RawEntry[]];
    const answer = { firstId, firstN: Number(firstN), lastId, added: Number(added), epoch, entries };
    if (cursor) {
      // Beyond the newest entry, or claiming an ordinal its id cannot have: not a cursor this feed gave.
      if (compareIds(cursor.id, lastId) > 0) throw new InvalidCursorError();
      if (compareIds(cursor.id, firstId) < 0 && cursor.n >= answer.firstN) throw new InvalidCursorError();
    }
    return answer;
  }

  private async headPosition(connection: RedisClientType): Promise<TailPosition> {
    const answer = await this.readAfter(connection, null, 0);
    return answer.epoch ? { id: answer.lastId, n: answer.added, epoch: answer.epoch } : { id: '0-0', n: 0, epoch: null };
  }

  /** Runs one command on a ready connection within the command timeout; Redis failing is CACHE_UNAVAILABLE. */
  private async command<T>(run: (redis: RedisClientType) => Promise<T>, connection: RedisClientType = this.redis): Promise<T> {
    let result: T;
    try {
      await waitUntilReady(connection, this.commandTimeoutMs);
      result = await withinMs(run(connection), this.commandTimeoutMs);
    } catch (error) {
      throw new ChangeFeedUnavailableError((error as Error).message);
    }
    if (!this.versionChecked && connection === this.redis) {
      this.versionChecked = true;
      void this.checkVersion();
    }
    return result;
  }

  /** Once, on the first answer: an older Redis fails the feed's scripts, so say so plainly. */
  private async checkVersion(): Promise<void> {
    try {
      const info = await withinMs(this.redis.info('server'), this.commandTimeoutMs);
      const version = /redis_version:([0-9.]+)/.exec(String(info))?.[1];
      if (version && !atLeast(version, MIN_REDIS_VERSION)) {
        this.options.logger?.error({ redisVersion: version, minimum: MIN_REDIS_VERSION }, `the change feed needs Redis ${MIN_REDIS_VERSION} or newer (CACHE_URL)`);
      }
    } catch (error) {
      this.versionChecked = false; // try again on a later answer
      this.options.logger?.debug({ reason: (error as Error).message }, 'Redis version not checked');
    }
  }
}

export function atLeast(version: string, minimum: string): boolean {
  const a = version.split('.').map(Number);
  const b = minimum.split('.').map(Number);
  for (let i = 0; i < 3; i++) {
    const [x, y] = [a[i] ?? 0, b[i] ?? 0];
    if (x !== y) return x > y;
  }
  return true;
}
