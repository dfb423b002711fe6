import { randomBytes } from 'node:crypto';
import { ChangeFacts, RecordedChange } from '../change';
import { encodeChange } from '../change-codec';
import { ChangeFeedLimits, ChangeFeedStore, CursorExpiredError, DEFAULT_FEED_MAX_BYTES, DEFAULT_FEED_MAX_CHANGES, InvalidCursorError, digestsKept } from './change-feed-store';

interface Entry {
  seq: number;
  change: RecordedChange;
  bytes: number;
}

/** Trimmed entries left in place at least before the array is compacted. */
const COMPACT_AFTER = 1024;

const CURSOR = /^m1\.([a-z0-9]{1,16})\.([1-9][0-9]{0,15})$/;

/**
 * The feed without CACHE_URL: a bounded log in this process. Its cursors carry a random epoch, so
 * after a restart an old cursor is CURSOR_EXPIRED instead of silently pointing into a new log.
 */
export class MemoryChangeFeedStore implements ChangeFeedStore {
  private readonly epoch = randomBytes(6).toString('hex');
  /** The log from `oldest` on; the slots before it are trimmed entries, cleared and compacted away now and then. */
  private entries: (Entry | undefined)[] = [];
  private oldest = 0;
  private bytes = 0;
  private lastSeq = 0;
  /** Highest sequence number trimmed away: cursors below it have lost changes after them. */
  private trimmedThrough = 0;
  /** resource key -> digest of its last recorded state; Map order is recency (least recent first). */
  private readonly digests = new Map<string, string>();
  private readonly listeners = new Set<(change: RecordedChange) => void>();
  private readonly limits: ChangeFeedLimits;

  constructor(limits: Partial<ChangeFeedLimits> = {}) {
    this.limits = { maxChanges: DEFAULT_FEED_MAX_CHANGES, maxBytes: DEFAULT_FEED_MAX_BYTES, ...limits };
  }

  async append(facts: ChangeFacts, resourceKey: string, digest: string): Promise<RecordedChange | null> {
    if (this.digests.get(resourceKey) === digest) return null;
    this.digests.delete(resourceKey);
    this.digests.set(resourceKey, digest);
    if (this.digests.size > digestsKept(this.limits.maxChanges)) {
      this.digests.delete(this.digests.keys().next().value as string);
    }
    const seq = ++this.lastSeq;
    const at = new Date();
    const change: RecordedChange = { ...facts, at, cursor: this.cursorOf(seq) };
    const bytes = Buffer.byteLength(encodeChange(facts, at));
    this.entries.push({ seq, change, bytes });
    this.bytes += bytes;
    this.trim();
    for (const listener of [...this.listeners]) listener(change);
    return change;
  }

  async read(after: string | null, limit: number): Promise<RecordedChange[]> {
    const from = after === null ? this.trimmedThrough : this.checkedSeq(after);
    const first = this.entries[this.oldest]?.seq ?? this.lastSeq + 1;
    const start = this.oldest + Math.max(0, from + 1 - first);
    return this.entries.slice(start, start + Math.max(0, limit)).map((entry) => entry!.change);
  }

  async head(): Promise<string | null> {
    return this.lastSeq === 0 ? null : this.cursorOf(this.lastSeq);
  }

  subscribe(listener: (change: RecordedChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  compare(a: string, b: string): number {
    return this.parse(a) - this.parse(b);
  }

  async checkCursor(cursor: string): Promise<void> {
    this.checkedSeq(cursor);
  }

  async close(): Promise<void> {
    this.listeners.clear();
  }

  private trim(): void {
    while (
      this.entries.length - this.oldest > 1 &&
      (this.entries.length - this.oldest > this.limits.maxChanges || this.bytes > this.limits.maxBytes)
    ) {
      const dropped = this.entries[this.oldest]!;
      this.entries[this.oldest] = undefined; // its change can be collected now
      this.bytes -= dropped.bytes;
      this.trimmedThrough = dropped.seq;
      this.oldest += 1;
    }
    // Compacting only once the dead prefix is as long as what is kept: each entry is copied O(1) times.
    if (this.oldest >= COMPACT_AFTER && this.oldest * 2 >= this.entries.length) {
      this.entries = this.entries.slice(this.oldest);
      this.oldest = 0;
    }
  }

  private cursorOf(seq: number): string {
    return `m1.${this.epoch}.${seq}`;
  }

  private parse(cursor: string): number {
    const match = CURSOR.exec(cursor);
    if (!match) throw new InvalidCursorError();
    if (match[1] !== this.epoch) throw new CursorExpiredError();
    return Number(match[2]);
  }

  private checkedSeq(cursor: string): number {
    const seq = this.parse(cursor);
    if (seq > this.lastSeq) throw new InvalidCursorError();
    if (seq < this.trimmedThrough) throw new CursorExpiredError();
    return seq;
  }
}
