import { CallBudgetStore, Clock, TakeRequest, TakeResult, refused } from './call-budget-store';

export interface MemoryCallBudgetStoreOptions {
  /** @default Date.now */
  clock?: Clock;
  /** Empty logs and ended blocks are dropped every this many takes, so old callers do not pile up. @default 1000 */
  sweepEvery?: number;
}

/**
 * A sliding log per key in process memory: the time of every unit taken within the window. Exact over
 * any interval of the window's length (a unit is refused while `limit` units lie within the last
 * `windowMs`), at the cost of one timestamp per unit (6,000 numbers per API at the default budget).
 */
export class MemoryCallBudgetStore implements CallBudgetStore {
  private readonly clock: Clock;
  private readonly sweepEvery: number;
  private readonly logs = new Map<string, number[]>();
  private readonly blocks = new Map<string, number>();
  private lastWindowMs = 60_000;
  private takes = 0;

  constructor(options: MemoryCallBudgetStoreOptions = {}) {
    this.clock = options.clock ?? Date.now;
    this.sweepEvery = options.sweepEvery ?? 1000;
  }

  async take(request: TakeRequest): Promise<TakeResult> {
    const now = this.clock();
    this.lastWindowMs = request.windowMs;
    if (++this.takes % this.sweepEvery === 0) this.sweep(now);
    const blockedUntil = this.blocks.get(request.blockKey);
    if (blockedUntil !== undefined && blockedUntil > now) return refused(blockedUntil - now, 'block');
    const logs = request.windows.map((window) => this.prunedLog(window.key, now, request.windowMs));
    for (const [index, window] of request.windows.entries()) {
      const log = logs[index];
      // The unit that must leave the window before one is free again (limit may have been lowered).
      if (log.length >= window.limit) return refused(log[log.length - window.limit] + request.windowMs - now, index);
    }
    for (const log of logs) log.push(Math.max(now, log[log.length - 1] ?? now)); // kept sorted if the clock steps back
    return { granted: true };
  }

  async block(blockKey: string, ms: number): Promise<void> {
    this.blocks.set(blockKey, this.clock() + ms);
  }

  /** The log of `key` without the units that left the window (times <= now - windowMs). */
  private prunedLog(key: string, now: number, windowMs: number): number[] {
    let log = this.logs.get(key);
    if (!log) {
      log = [];
      this.logs.set(key, log);
    }
    let expired = 0;
    while (expired < log.length && log[expired] <= now - windowMs) expired += 1;
    if (expired > 0) log.splice(0, expired);
    return log;
  }

  private sweep(now: number): void {
    for (const key of [...this.logs.keys()]) {
      if (this.prunedLog(key, now, this.lastWindowMs).length === 0) this.logs.delete(key);
    }
    for (const [key, until] of this.blocks) if (until <= now) this.blocks.delete(key);
  }
}
