import { IdempotencyRecord, IdempotencyStore } from './idempotency-store';

interface Entry {
  record: IdempotencyRecord;
  expiresAt: number;
}

export interface MemoryIdempotencyStoreOptions {
  /** Records kept; past it, expired ones go first, then the oldest finished ones. @default 10000 */
  maxEntries?: number;
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
  private readonly now: () => number;

  constructor(options: MemoryIdempotencyStoreOptions = {}) {
    this.maxEntries = options.maxEntries ?? 10_000;
    this.now = options.now ?? Date.now;
  }

  async claim(key: string, record: IdempotencyRecord, ttlMs: number): Promise<IdempotencyRecord | undefined> {
    const existing = this.live(key);
    if (existing) return copy(existing.record);
    this.makeRoom();
    this.entries.set(key, { record: copy(record), expiresAt: this.now() + ttlMs });
    return undefined;
  }

  async get(key: string): Promise<IdempotencyRecord | undefined> {
    const entry = this.live(key);
    return entry && copy(entry.record);
  }

  async replace(key: string, token: string, next: IdempotencyRecord): Promise<boolean> {
    const entry = this.live(key);
    if (!entry || entry.record.token !== token) return false;
    entry.record = copy(next);
    return true;
  }

  async release(key: string, token: string): Promise<void> {
    if (this.live(key)?.record.token === token) this.entries.delete(key);
  }

  private live(key: string): Entry | undefined {
    const entry = this.entries.get(key);
    if (entry && entry.expiresAt <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }

  private makeRoom(): void {
    if (this.entries.size < this.maxEntries) return;
    const now = this.now();
    for (const [key, entry] of this.entries) if (entry.expiresAt <= now) this.entries.delete(key);
    // Oldest first (insertion order), finished ones only: dropping a pending or unknown record would
    // let a retry create blindly. A dropped finished key creates again if repeated (README).
    for (const [key, entry] of this.entries) {
      if (this.entries.size < this.maxEntries) return;
      if (entry.record.state === 'done') this.entries.delete(key);
    }
  }
}

const copy = (record: IdempotencyRecord): IdempotencyRecord => ({ ...record });
