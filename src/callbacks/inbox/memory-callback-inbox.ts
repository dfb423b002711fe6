import { CallbackEvent } from '../callback-event';
import { CallbackInbox, DEFAULT_DEDUPE_TTL_MS, DEFAULT_MAX_UNPROCESSED, InboxEntry, InboxFullError, WorkSignal } from './callback-inbox';

export interface MemoryCallbackInboxOptions {
  /** @default 24 h */
  dedupeTtlMs?: number;
  /** Dedupe keys remembered at most (the oldest are forgotten first). @default 100,000 */
  maxDedupeKeys?: number;
  /** Unprocessed events at most; beyond, `add` rejects with InboxFullError (WeCom retries later). @default 100,000 */
  maxPending?: number;
}

/**
 * The inbox without Redis: a queue in process memory. Events not processed when the process ends
 * are lost (reconciliation finds their changes); bounded in events and in remembered deliveries.
 */
export class MemoryCallbackInbox implements CallbackInbox {
  /** Dedupe key -> when it is forgotten; a Map keeps insertion order, so the oldest come first. */
  private readonly seen = new Map<string, number>();
  private readonly queue: InboxEntry[] = [];
  private readonly taken = new Set<string>();
  private readonly signal = new WorkSignal();
  private nextId = 1;
  private readonly dedupeTtlMs: number;
  private readonly maxDedupeKeys: number;
  private readonly maxPending: number;

  constructor(options: MemoryCallbackInboxOptions = {}) {
    this.dedupeTtlMs = options.dedupeTtlMs ?? DEFAULT_DEDUPE_TTL_MS;
    this.maxDedupeKeys = options.maxDedupeKeys ?? 100_000;
    this.maxPending = options.maxPending ?? DEFAULT_MAX_UNPROCESSED;
  }

  async add(event: CallbackEvent, dedupeKey: string): Promise<'recorded' | 'duplicate'> {
    const now = Date.now();
    this.forgetExpired(now);
    const until = this.seen.get(dedupeKey);
    if (until !== undefined && until > now) return 'duplicate';
    if (this.queue.length + this.taken.size >= this.maxPending) throw new InboxFullError(this.maxPending);
    this.seen.delete(dedupeKey);
    this.seen.set(dedupeKey, now + this.dedupeTtlMs);
    while (this.seen.size > this.maxDedupeKeys) this.seen.delete(this.seen.keys().next().value!);
    this.queue.push({ id: String(this.nextId++), event });
    this.signal.notify();
    return 'recorded';
  }

  async take(max: number): Promise<InboxEntry[]> {
    const entries = this.queue.splice(0, max);
    for (const entry of entries) this.taken.add(entry.id);
    return entries;
  }

  async ack(id: string): Promise<void> {
    this.taken.delete(id);
  }

  nextWork(ms: number): Promise<void> {
    return this.queue.length > 0 ? Promise.resolve() : this.signal.wait(ms);
  }

  async pending(): Promise<number> {
    return this.queue.length + this.taken.size;
  }

  async close(): Promise<void> {
    // Nothing to let go of: no other instance shares this queue.
  }

  private forgetExpired(now: number): void {
    for (const [key, until] of this.seen) {
      if (until > now) break; // insertion order is expiry order (one TTL for all)
      this.seen.delete(key);
    }
  }
}
