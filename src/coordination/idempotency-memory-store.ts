import { IdempotencyRecord, IdempotencyStore } from './idempotency-store';

interface Entry {
  record: IdempotencyRecord;
  expiresAt: number;
  /** What the record costs in memory (its answer dominates: a schedule can be ~100 KB). */
  bytes: number;
}

export interface MemoryIdempotencyStoreOptions {
  /** Records kept; past it, expired ones go first, then the oldest finished ones. @default 10000 */
  maxEntries?: number;
  /** Memory the records may take, answers included; past it, the same order of eviction. @default 32 MiB */
  maxBytes?: number;
  /** For tests. @default Date.now */
  now?: () => number;
}

/**
 * The store of a single instance (no CACHE_URL). Operations run synchronously between awaits, so a
 * claim is atomic within the process. Bounded: a caller cannot grow it without limit with fresh keys.
 */
export class MemoryIdempotencyStore implements IdempotencyStore {
  private readonly entries = new Map<string, Entry>();
  private readonly maxEntries: number;
  private readonly maxBytes: number;
  private readonly now: () => number;
  private bytes = 0;

  constructor(options: MemoryIdempotencyStoreOptions = {}) {
    this.maxEntries = options.maxEntries ?? 10_000;
    this.maxBytes = options.maxBytes ?? 32 * 1024 * 1024;
    this.now = options.now ?? Date.now;
  }

  async claim(key: string, record: IdempotencyRecord, ttlMs: number): Promise<IdempotencyRecord | undefined> {
    const existing = this.live(key);
    if (existing) return copy(existing.record);
    this.set(key, { record: copy(record), expiresAt: this.now() + ttlMs, bytes: sizeOf(key, record) });
    this.makeRoom();
    return undefined;
  }

  /** Memory the records take now (for tests and metrics). */
  get sizeBytes(): number {
    return this.bytes;
  }

  async get(key: string): Promise<IdempotencyRecord | undefined> {
    const entry = this.live(key);
    return entry && copy(entry.record);
  }

  async replace(key: string, token: string, next: IdempotencyRecord): Promise<boolean> {
    const entry = this.live(key);
    if (!entry || entry.record.token !== token) return false;
    this.set(key, { ...entry, record: copy(next), bytes: sizeOf(key, next) });
    this.makeRoom();
    return true;
  }

  async release(key: string, token: string): Promise<void> {
    if (this.live(key)?.record.token === token) this.delete(key);
  }

  private live(key: string): Entry | undefined {
    const entry = this.entries.get(key);
    if (entry && entry.expiresAt <= this.now()) {
      this.delete(key);
      return undefined;
    }
    return entry;
  }

  private set(key: string, entry: Entry): void {
    this.bytes += entry.bytes - (this.entries.get(key)?.bytes ?? 0);
    this.entries.set(key, entry);
  }

  private delete(key: string): void {
    this.bytes -= this.entries.get(key)?.bytes ?? 0;
    this.entries.delete(key);
  }

  private full(): boolean {
    return this.entries.size > this.maxEntries || this.bytes > this.maxBytes;
  }

  private makeRoom(): void {
    if (!this.full()) return;
    const now = this.now();
    for (const [key, entry] of this.entries) if (entry.expiresAt <= now) this.delete(key);
    // Oldest first (insertion order), finished ones only: dropping a pending or unknown record would
    // let a retry create blindly. A dropped finished key creates again if repeated (README).
    for (const [key, entry] of this.entries) {
      if (!this.full()) return;
      if (entry.record.state === 'done') this.delete(key);
    }
  }
}

/** UTF-16 strings: two bytes a character, plus a little for the entry itself. */
const sizeOf = (key: string, record: IdempotencyRecord): number => 2 * (key.length + JSON.stringify(record).length) + 64;

const copy = (record: IdempotencyRecord): IdempotencyRecord => ({ ...record });
