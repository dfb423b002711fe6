import { ReadKind } from '../gateway-reads';
import { CacheLookup, FillOutcome, ReadCacheStore } from './read-cache-store';

interface Entry {
  value: string;
  bytes: number;
  expiresAt: number;
}

/** One look-up's reservation: the keys invalidated since it began (or all of them). */
interface Reservation {
  stale: Set<string>;
  allStale: boolean;
}

export interface MemoryReadCacheStoreOptions {
  ttlMs: number;
  maxEntries: number;
  maxBytes: number;
  /** Milliseconds, monotonic. @default performance.now */
  now?: () => number;
}

/**
 * The cache without CACHE_URL: a least-recently-used map in this process, bounded by entries and bytes.
 * Look-ups in flight are registered per key, so an invalidation marks their fills refused (the same
 * rule as the Redis store's leases): a read that began before a change never stores what it read.
 */
export class MemoryReadCacheStore implements ReadCacheStore {
  /** Map order is recency: least recently used first. */
  private readonly entries = new Map<string, Entry>();
  private bytes = 0;
  private readonly reading = new Map<string, Set<Reservation>>();
  private readonly now: () => number;

  constructor(private readonly options: MemoryReadCacheStoreOptions) {
    this.now = options.now ?? (() => performance.now());
  }

  async lookup(kind: ReadKind, ids: readonly string[], fresh: boolean): Promise<CacheLookup> {
    const hits = new Map<string, string>();
    const reservation: Reservation = { stale: new Set(), allStale: false };
    const reserved = new Set<string>();
    for (const id of ids) {
      const key = keyOf(kind, id);
      const entry = fresh ? undefined : this.liveEntry(key);
      if (entry) {
        hits.set(id, entry.value);
        continue;
      }
      // A fresh read supersedes the reads in flight: what they store would be older than what it stores.
      if (fresh) for (const other of this.reading.get(key) ?? []) other.stale.add(key);
      let readers = this.reading.get(key);
      if (!readers) this.reading.set(key, (readers = new Set()));
      readers.add(reservation);
      reserved.add(key);
    }
    return { hits, settle: async (found) => this.settle(kind, reservation, reserved, found) };
  }

  async invalidate(kind: ReadKind, ids: readonly string[]): Promise<void> {
    for (const id of ids) {
      const key = keyOf(kind, id);
      this.drop(key);
      for (const reservation of this.reading.get(key) ?? []) reservation.stale.add(key);
    }
  }

  async invalidateAll(): Promise<void> {
    this.entries.clear();
    this.bytes = 0;
    for (const readers of this.reading.values()) for (const reservation of readers) reservation.allStale = true;
  }

  async close(): Promise<void> {
    this.entries.clear();
    this.bytes = 0;
  }

  /** Entries kept and their bytes (tests, and the bounds). */
  size(): { entries: number; bytes: number } {
    return { entries: this.entries.size, bytes: this.bytes };
  }

  private settle(kind: ReadKind, reservation: Reservation, keys: Set<string>, found: Map<string, string> | null): FillOutcome {
    const outcome = { stored: 0, refused: 0 };
    for (const key of keys) {
      const readers = this.reading.get(key);
      readers?.delete(reservation);
      if (readers?.size === 0) this.reading.delete(key);
    }
    for (const [id, value] of found ?? []) {
      const key = keyOf(kind, id);
      if (!keys.has(key)) continue;
      if (reservation.allStale || reservation.stale.has(key)) {
        outcome.refused += 1;
        continue;
      }
      this.store(key, value);
      outcome.stored += 1;
    }
    return outcome;
  }

  private liveEntry(key: string): Entry | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.now()) {
      this.drop(key);
      return undefined;
    }
    this.entries.delete(key); // most recently used now
    this.entries.set(key, entry);
    return entry;
  }

  private store(key: string, value: string): void {
    const bytes = value.length * 2 + key.length * 2; // UTF-16 in memory
    if (bytes > this.options.maxBytes) return;
    this.drop(key);
    this.entries.set(key, { value, bytes, expiresAt: this.now() + this.options.ttlMs });
    this.bytes += bytes;
    while (this.entries.size > this.options.maxEntries || this.bytes > this.options.maxBytes) {
      this.drop(this.entries.keys().next().value as string);
    }
  }

  private drop(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.bytes -= entry.bytes;
  }
}

function keyOf(kind: ReadKind, id: string): string {
  return `${kind}:${id}`;
}
