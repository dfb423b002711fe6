/**
 * A canned answer that replaces normal processing of one request, or (`lose-answer`) a request that
 * is processed normally and whose answer is lost: the connection is reset instead.
 */
export type InjectedAnswer =
  | { kind: 'errcode'; errcode: number; detail?: string }
  | { kind: 'http'; status: number }
  | { kind: 'lose-answer' }
  | { kind: 'hold-answer' };

interface Waiter {
  resolve: (proceed: boolean) => void;
  timer?: NodeJS.Timeout;
}

/**
 * Fault injection for tests, keyed by URL path: queued failures, latency, and hanging requests.
 * Failures are taken when a request is received (so "the next N calls" counts arrivals); hang and latency
 * are applied afterwards, before the answer is produced.
 */
export class TestControls {
  /** Per path, in order: an answer to inject, or null for a call let through unchanged. */
  private readonly injected = new Map<string, (InjectedAnswer | null)[]>();
  private readonly latencyByPath = new Map<string, number>();
  /** Per path: ids whose presence in a call's id list makes the whole call answer an errcode. */
  private readonly failingIds = new Map<string, Map<string, number>>();
  private defaultLatencyMs = 0;
  private hangAll = false;
  private readonly hungPaths = new Set<string>();
  private readonly hangWaiters = new Set<Waiter>();
  private readonly sleepWaiters = new Set<Waiter>();
  private shutDown = false;

  /**
   * Queues `times` answers for `path`, after letting `afterCalls` calls of it through unchanged
   * (e.g. fail the second chunk of a multi-call write); successive calls of failNext/failNextHttp
   * queue in order, so `afterCalls` counts from the end of what is already queued.
   */
  inject(path: string, answer: InjectedAnswer, times = 1, afterCalls = 0): void {
    if (!Number.isInteger(times) || times < 0) throw new RangeError('times must be a non-negative integer');
    if (!Number.isInteger(afterCalls) || afterCalls < 0) throw new RangeError('afterCalls must be a non-negative integer');
    if (times === 0) return;
    const queue = this.injected.get(path) ?? [];
    for (let i = 0; i < afterCalls; i += 1) queue.push(null);
    for (let i = 0; i < times; i += 1) queue.push(answer);
    this.injected.set(path, queue);
  }

  /** The injected answer for this arrival, or undefined when it is to be processed normally. */
  takeInjected(path: string): InjectedAnswer | undefined {
    const queue = this.injected.get(path);
    const answer = queue?.shift();
    if (queue && queue.length === 0) this.injected.delete(path);
    return answer ?? undefined;
  }

  /** From now on, every call of `path` whose id list holds `id` answers `errcode` (0: stop). */
  failCallsWithId(path: string, id: string, errcode: number): void {
    const ids = this.failingIds.get(path) ?? new Map<string, number>();
    if (errcode === 0) ids.delete(id);
    else ids.set(id, errcode);
    this.failingIds.set(path, ids);
  }

  /** The errcode for a call of `path` with these ids, if one of them is set to fail. */
  errcodeForIds(path: string, ids: readonly unknown[]): number | undefined {
    const failing = this.failingIds.get(path);
    if (!failing || failing.size === 0) return undefined;
    for (const id of ids) if (typeof id === 'string' && failing.has(id)) return failing.get(id);
    return undefined;
  }

  /** With a path: that path only (overrides the default). Without: the default; 0 without a path resets all. */
  setLatency(ms: number, path?: string): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError('latency must be >= 0 ms');
    if (path !== undefined) {
      this.latencyByPath.set(path, ms);
      return;
    }
    this.defaultLatencyMs = ms;
    if (ms === 0) this.latencyByPath.clear();
  }

  hang(path?: string): void {
    if (path === undefined) this.hangAll = true;
    else this.hungPaths.add(path);
  }

  /** Stops hanging; requests already held proceed (in arrival order). */
  release(): void {
    this.hangAll = false;
    this.hungPaths.clear();
    this.settle(this.hangWaiters, true);
  }

  /** Waits for hang/latency. Resolves false when the emulator closed meanwhile (then nothing is answered). */
  async holdBeforeAnswer(path: string): Promise<boolean> {
    if (this.shutDown) return false;
    if (this.hangAll || this.hungPaths.has(path)) {
      if (!(await this.waitIn(this.hangWaiters))) return false;
    }
    const latency = this.latencyByPath.get(path) ?? this.defaultLatencyMs;
    if (latency > 0) return this.waitIn(this.sleepWaiters, latency);
    return !this.shutDown;
  }

  /** Waits for release() (an answer processed already, held back). Resolves false when the emulator closed meanwhile. */
  holdUntilRelease(): Promise<boolean> {
    return this.shutDown ? Promise.resolve(false) : this.waitIn(this.hangWaiters);
  }

  /** Called by close(): every held request is dropped and its timer cleared. */
  shutdown(): void {
    this.shutDown = true;
    this.settle(this.hangWaiters, false);
    this.settle(this.sleepWaiters, false);
  }

  private waitIn(waiters: Set<Waiter>, timeoutMs?: number): Promise<boolean> {
    return new Promise<boolean>((resolve) => {
      const waiter: Waiter = { resolve };
      if (timeoutMs !== undefined) {
        waiter.timer = setTimeout(() => {
          waiters.delete(waiter);
          resolve(!this.shutDown);
        }, timeoutMs);
      }
      waiters.add(waiter);
    });
  }

  private settle(waiters: Set<Waiter>, proceed: boolean): void {
    const pending = [...waiters];
    waiters.clear();
    for (const waiter of pending) {
      if (waiter.timer) clearTimeout(waiter.timer);
      waiter.resolve(proceed);
    }
  }
}
