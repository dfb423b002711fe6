import type { RedisClientType } from '@keyv/redis';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Logger } from 'pino';
import { waitUntilReady, withinMs } from '../../cache/redis-commands';
import { RedisScript } from '../../sync/feed/redis-feed-scripts';
import { CallbackEvent } from '../callback-event';
import { CallbackInbox, DEFAULT_DEDUPE_TTL_MS, DEFAULT_MAX_UNPROCESSED, InboxEntry, InboxFullError, WorkSignal } from './callback-inbox';

export const CALLBACK_INBOX_PREFIX = 'wecom-gateway:callback-inbox:';
const GROUP = 'processors';

/**
 * "Seen before?", "room left?" and "append" in one atomic step: a delivery is in the stream exactly
 * when its dedupe key is set, so a failure between them can never leave a key without its event.
 * Acknowledged entries are deleted at once, so the stream's length is the unprocessed backlog; at the
 * cap the event is refused ('full': WeCom gets a 503 and delivers it again), never trimmed away.
 * KEYS stream, dedupe key; ARGV event, dedupe TTL ms, cap. Returns the entry id, nil (duplicate) or 'full'.
 */
const ADD = new RedisScript(`
if redis.call('EXISTS', KEYS[2]) == 1 then return false end
if redis.call('XLEN', KEYS[1]) >= tonumber(ARGV[3]) then return 'full' end
redis.call('SET', KEYS[2], '1', 'PX', ARGV[2])
return redis.call('XADD', KEYS[1], '*', 'event', ARGV[1])`);

/**
 * The heartbeat of entries this consumer is working on: each one still pending for it is claimed
 * again by it (XCLAIM … JUSTID: idle time back to 0, delivery count unchanged), so XAUTOCLAIM elsewhere
 * never finds it idle while its owner lives. One another consumer took over meanwhile is left alone.
 * KEYS stream; ARGV group, consumer, ids. Returns the ids no longer this consumer's.
 */
const HEARTBEAT = new RedisScript(`
local lost = {}
for i = 3, #ARGV do
  if #redis.call('XPENDING', KEYS[1], ARGV[1], ARGV[i], ARGV[i], 1, ARGV[2]) > 0 then
    redis.call('XCLAIM', KEYS[1], ARGV[1], ARGV[2], 0, ARGV[i], 'JUSTID')
  else
    lost[#lost + 1] = ARGV[i]
  end
end
return lost`);

export interface RedisCallbackInboxOptions {
  redis: RedisClientType;
  /** The WeCom app (wecomAppKey): each app's inbox is its own stream. */
  appKey: string;
  logger: Logger;
  /**
   * An entry taken by a consumer and idle this long is taken over by another (it died); a living
   * consumer resets the idle time of what it works on every third of this. The same across the fleet. @default 30000
   */
  claimIdleMs?: number;
  /** @default 24 h */
  dedupeTtlMs?: number;
  /** Unprocessed events at most (acknowledged ones are deleted at once); beyond, `add` rejects with InboxFullError. @default 100,000 */
  maxUnprocessed?: number;
  /** Connecting and each command are bounded: WeCom must get an answer within 1 s. @default 300 and 500 */
  connectWaitMs?: number;
  commandTimeoutMs?: number;
}

/**
 * The inbox shared by the fleet: a Redis Stream with one consumer group. An event is added with
 * XADD (with its dedupe key, SET NX with a TTL, in the same script); any instance takes it with
 * XREADGROUP, and XACK + XDEL once done. While an instance works on an entry it keeps it fresh (see
 * HEARTBEAT); an entry taken by an instance that died stays pending in the group, goes idle, and is
 * taken over with XAUTOCLAIM once idle for `claimIdleMs`.
 */
export class RedisCallbackInbox implements CallbackInbox {
  private readonly redis: RedisClientType;
  private readonly stream: string;
  private readonly seenPrefix: string;
  private readonly consumer = `${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`;
  private readonly signal = new WorkSignal();
  private readonly claimIdleMs: number;
  private readonly dedupeTtlMs: number;
  private readonly maxUnprocessed: number;
  private readonly connectWaitMs: number;
  private readonly commandTimeoutMs: number;
  private groupReady = false;
  private claimCursor = '0-0';
  private lastClaimAt = 0;
  /** Taken by this consumer and not acknowledged yet: kept fresh by the heartbeat. */
  private readonly held = new Set<string>();
  private heartbeat?: NodeJS.Timeout;
  private beating = false;
  private closed = false;

  constructor(private readonly options: RedisCallbackInboxOptions) {
    this.redis = options.redis;
    this.stream = `${CALLBACK_INBOX_PREFIX}${options.appKey}`;
    this.seenPrefix = `wecom-gateway:callback-seen:${options.appKey}:`;
    this.claimIdleMs = options.claimIdleMs ?? 30_000;
    this.dedupeTtlMs = options.dedupeTtlMs ?? DEFAULT_DEDUPE_TTL_MS;
    this.maxUnprocessed = options.maxUnprocessed ?? DEFAULT_MAX_UNPROCESSED;
    this.connectWaitMs = options.connectWaitMs ?? 300;
    this.commandTimeoutMs = options.commandTimeoutMs ?? 500;
  }

  async add(event: CallbackEvent, dedupeKey: string): Promise<'recorded' | 'duplicate'> {
    const id = await this.command(
      (redis) => ADD.run(redis, [this.stream, this.seenPrefix + dedupeKey], [JSON.stringify(event), String(this.dedupeTtlMs), String(this.maxUnprocessed)]),
      'callback inbox add',
    );
    if (id === null) return 'duplicate';
    if (id === 'full') throw new InboxFullError(this.maxUnprocessed);
    this.signal.notify();
    return 'recorded';
  }

  async take(max: number): Promise<InboxEntry[]> {
    await this.ensureGroup();
    const entries: InboxEntry[] = [];
    if (Date.now() - this.lastClaimAt >= Math.min(this.claimIdleMs, 5_000)) {
      this.lastClaimAt = Date.now();
      const claimed = await this.command(
        (redis) => redis.xAutoClaim(this.stream, GROUP, this.consumer, this.claimIdleMs, this.claimCursor, { COUNT: max }),
        'callback inbox claim',
      );
      this.claimCursor = claimed.nextId;
      for (const message of claimed.messages) if (message) entries.push(...(await this.entryOf(message.id, message.message)));
      if (entries.length > 0) this.options.logger.info({ entries: entries.length }, 'callback events left by another instance taken over');
    }
    if (entries.length >= max) return entries;
    const read = await this.command(
      (redis) => redis.xReadGroup(GROUP, this.consumer, { key: this.stream, id: '>' }, { COUNT: max - entries.length }),
      'callback inbox read',
    );
    for (const message of messagesOf(read)) entries.push(...(await this.entryOf(message.id, message.message)));
    for (const entry of entries) this.held.add(entry.id);
    if (entries.length > 0) this.startHeartbeat();
    return entries;
  }

  async ack(id: string): Promise<void> {
    // Let go of it even when the ack fails: left idle, it is taken over (and found unchanged) later.
    this.held.delete(id);
    await this.command((redis) => redis.multi().xAck(this.stream, GROUP, id).xDel(this.stream, id).exec(), 'callback inbox ack');
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.heartbeat);
    this.heartbeat = undefined;
    this.held.clear(); // left pending: idle from now on, so another instance takes them over
  }

  nextWork(ms: number): Promise<void> {
    return this.signal.wait(ms);
  }

  async pending(): Promise<number> {
    return Number(await this.command((redis) => redis.xLen(this.stream), 'callback inbox length'));
  }

  private startHeartbeat(): void {
    if (this.heartbeat || this.closed) return;
    this.heartbeat = setInterval(() => void this.beat(), Math.max(1, Math.floor(this.claimIdleMs / 3)));
    this.heartbeat.unref();
  }

  /** Resets the idle time of the held entries (at most one beat at a time; a failed one is retried at the next). */
  private async beat(): Promise<void> {
    if (this.beating || this.held.size === 0) return;
    this.beating = true;
    try {
      const ids = [...this.held];
      for (let at = 0; at < ids.length; at += 500) {
        const lost = (await this.command(
          (redis) => HEARTBEAT.run(redis, [this.stream], [GROUP, this.consumer, ...ids.slice(at, at + 500)]),
          'callback inbox heartbeat',
        )) as string[];
        for (const id of lost) this.held.delete(id);
        if (lost.length > 0) this.options.logger.warn({ entries: lost.length }, 'callback events this instance works on were taken over by another (this one stalled longer than claimIdleMs)');
      }
    } catch (error) {
      this.options.logger.warn({ reason: (error as Error).message }, 'the callback inbox heartbeat failed; trying again');
    } finally {
      this.beating = false;
    }
  }

  private async ensureGroup(): Promise<void> {
    if (this.groupReady) return;
    try {
      await this.command((redis) => redis.xGroupCreate(this.stream, GROUP, '0', { MKSTREAM: true }), 'callback inbox group');
    } catch (error) {
      if (!/BUSYGROUP/.test((error as Error).message)) throw error;
    }
    this.groupReady = true;
  }

  /** An entry whose event cannot be read (not ours) is acknowledged and dropped, never retried forever. */
  private async entryOf(id: string, fields: Record<string, unknown>): Promise<InboxEntry[]> {
    try {
      const event = JSON.parse(String(fields.event)) as CallbackEvent;
      if (typeof event?.event !== 'string' || typeof event.calendarId !== 'string') throw new Error('not an event');
      return [{ id, event }];
    } catch {
      this.options.logger.error({ id }, 'a callback inbox entry is not an event: dropped');
      await this.ack(id);
      return [];
    }
  }

  private async command<T>(run: (redis: RedisClientType) => Promise<T>, what: string): Promise<T> {
    await waitUntilReady(this.redis, this.connectWaitMs);
    try {
      return await withinMs(run(this.redis), this.commandTimeoutMs, what);
    } catch (error) {
      if (/NOGROUP/.test((error as Error).message)) this.groupReady = false; // the stream was deleted: recreate
      throw error;
    }
  }
}

type StreamMessage = { id: string; message: Record<string, unknown> };

/** XREADGROUP's reply, whichever shape the client gives it (a list of streams, or a map by key). */
function messagesOf(reply: unknown): StreamMessage[] {
  if (!reply) return [];
  const streams = Array.isArray(reply) ? reply : Object.values(reply as object);
  return streams.flatMap((stream) => {
    const messages = (stream as { messages?: unknown }).messages ?? stream;
    return Array.isArray(messages) ? (messages.filter(Boolean) as StreamMessage[]) : [];
  });
}
