import type { RedisClientType } from '@keyv/redis';
import type { Logger } from 'pino';
import { waitUntilReady, withinMs } from '../../cache/redis-commands';
import { RecordedChange } from '../change';
import { decodeChange } from '../change-codec';
import { ChangeListener, GapListener } from './change-feed-store';
import { cursorOf } from './redis-feed-cursor';
import { RawEntry, storedEntry } from './redis-feed-scripts';

/** Where the tail stands: the last entry it delivered (or the head it started from). */
export interface TailPosition {
  id: string;
  n: number;
  /** null: there was no stream. */
  epoch: string | null;
}

export interface RedisFeedTailOptions {
  /** The shared connection; the tail blocks on a duplicate of it, never on it. */
  redis: RedisClientType;
  stream: string;
  /** The feed's head, read on the given connection. */
  headOf(connection: RedisClientType): Promise<TailPosition>;
  /** How long one XREAD blocks before the tail checks that the stream is still the one it follows. */
  blockMs: number;
  /** CLIENT SETNAME of the blocking connection (seen in CLIENT LIST). */
  connectionName: string;
  logger?: Logger;
}

const BATCH = 200;
const READY_WAIT_MS = 2000;
/** How much longer than its BLOCK time an XREAD may take before its connection is taken for dead. */
const BLOCK_MARGIN_MS = 2000;

/**
 * Follows the shared stream with one blocking XREAD loop on a connection of its own (token reads and
 * locks on the shared one never wait behind it), and fans each entry out to this process's listeners,
 * in order, once. Entries carry consecutive ordinals and their stream's epoch, so a discontinuity
 * (entries trimmed while the tail was disconnected or behind, the stream lost and recreated) is seen
 * and told to the listeners as a gap: they read the store to catch up (or learn their cursor expired).
 * The first listeners get a gap too: changes between their subscribe and the tail's start are not live.
 */
export class RedisFeedTail {
  private readonly listeners = new Set<{ onChange: ChangeListener; onGap?: GapListener }>();
  private reader: RedisClientType | undefined;
  private running: Promise<void> | undefined;
  private closed = false;
  /** Ends the current wait (for a connection, before a retry) at once when closing. */
  private interrupt: (() => void) | undefined;
  private failing = false;

  constructor(private readonly options: RedisFeedTailOptions) {}

  subscribe(onChange: ChangeListener, onGap?: GapListener): () => void {
    const listener = { onChange, onGap };
    this.listeners.add(listener);
    if (!this.running && !this.closed) this.running = this.run();
    return () => this.listeners.delete(listener);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.interrupt?.();
    this.listeners.clear();
    // Cuts a blocked XREAD at once (a polite QUIT would queue behind it).
    if (this.reader?.isOpen) this.reader.destroy();
    await this.running;
  }

  private async run(): Promise<void> {
    let reader = this.newReader();
    let position: TailPosition | undefined;
    while (!this.closed) {
      try {
        if (!reader.isReady) await this.interruptible(waitUntilReady(reader, READY_WAIT_MS));
        if (!position) {
          position = await this.options.headOf(reader);
          this.gap();
        }
        // Bounded: on a half-open connection (a NAT or firewall forgot it) the reply would never come
        // and nothing would fail until TCP keepalive gives up, minutes later.
        const reply = (await withinMs(
          reader.sendCommand(['XREAD', 'COUNT', String(BATCH), 'BLOCK', String(this.options.blockMs), 'STREAMS', this.options.stream, position.id]),
          this.options.blockMs + BLOCK_MARGIN_MS,
          'change feed XREAD',
        )) as [string, RawEntry[]][] | null;
        if (this.failing) {
          this.failing = false;
          this.options.logger?.info('change feed: following the shared stream again');
        }
        if (reply === null) {
          position = await this.recheck(reader, position);
          continue;
        }
        for (const raw of reply[0]?.[1] ?? []) position = this.deliver(raw, position);
      } catch (error) {
        if (this.closed) break;
        if (!this.failing) {
          this.failing = true;
          this.options.logger?.warn({ reason: (error as Error).message }, 'change feed: cannot follow the shared stream; retrying');
        }
        // A command failing on a connection that still looks ready (no answer in time): the socket may be
        // dead without knowing it. Replace it; reading on from `position` misses nothing (or sees the gap).
        if (reader.isReady) {
          reader.destroy();
          reader = this.newReader();
        }
        await this.interruptible(sleep(250)).catch(() => undefined);
      }
    }
    if (reader.isOpen) reader.destroy();
  }

  private newReader(): RedisClientType {
    const reader = this.options.redis.duplicate({ name: this.options.connectionName });
    reader.on('error', () => undefined); // reconnects by itself; failures are logged by the loop
    this.reader = reader;
    return reader;
  }

  /** Idle: a stream recreated with ids below the position would never answer; follow the new one. */
  private async recheck(reader: RedisClientType, position: TailPosition): Promise<TailPosition> {
    const head = await this.options.headOf(reader);
    if (head.epoch === position.epoch) return position;
    this.gap();
    return head;
  }

  private deliver(raw: RawEntry, position: TailPosition): TailPosition {
    const entry = storedEntry(raw);
    const continuous = position.epoch === null ? entry.n === 1 : entry.epoch === position.epoch && entry.n === position.n + 1;
    if (!continuous) this.gap();
    if (this.listeners.size > 0) {
      let change: RecordedChange;
      try {
        change = decodeChange(entry.encoded, cursorOf(entry.epoch, entry.n, entry.id));
      } catch (error) {
        // Not ours to repair: skip it rather than stall every follower on it.
        this.options.logger?.error({ id: entry.id, reason: (error as Error).message }, 'change feed: an entry does not decode; skipped');
        return { id: entry.id, n: entry.n, epoch: entry.epoch };
      }
      for (const listener of [...this.listeners]) {
        try {
          listener.onChange(change);
        } catch (error) {
          this.options.logger?.error({ err: error }, 'change feed listener failed');
        }
      }
    }
    return { id: entry.id, n: entry.n, epoch: entry.epoch };
  }

  private gap(): void {
    for (const listener of [...this.listeners]) listener.onGap?.();
  }

  /** `work`, or a rejection as soon as close() is called (one wait at a time; nothing piles up on a long-lived promise). */
  private interruptible<T>(work: Promise<T>): Promise<T> {
    work.catch(() => undefined);
    return new Promise<T>((resolve, reject) => {
      const interrupt = () => reject(new Error('change feed closed'));
      this.interrupt = interrupt;
      if (this.closed) interrupt();
      work.then(resolve, reject).finally(() => {
        if (this.interrupt === interrupt) this.interrupt = undefined;
      });
    });
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
