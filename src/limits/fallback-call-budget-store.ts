import type { Logger } from 'pino';
import { CallBudgetStore, TakeRequest, TakeResult } from './call-budget-store';
import { withinMs } from '../cache/redis-commands';

export interface FallbackCallBudgetStoreOptions {
  primary: CallBudgetStore;
  fallback: CallBudgetStore;
  logger: Logger;
  /** A primary operation slower than this counts as failed. @default 300 */
  timeoutMs?: number;
  /** After a failure the primary is left alone this long, so a hung Redis costs one timeout per pause. @default 1000 */
  pauseMs?: number;
}

/**
 * The shared store (Redis) with the process as its fallback: while Redis is unreachable or slow, the
 * budget is counted in this process alone (API.md: "token and limiter fall back to the process"), so
 * reads go on, each instance within its own budget. Blocks are always recorded in both.
 */
export class FallbackCallBudgetStore implements CallBudgetStore {
  private readonly timeoutMs: number;
  private readonly pauseMs: number;
  private pausedUntil = 0;
  private degraded = false;

  constructor(private readonly options: FallbackCallBudgetStoreOptions) {
    this.timeoutMs = options.timeoutMs ?? 300;
    this.pauseMs = options.pauseMs ?? 1000;
  }

  async take(request: TakeRequest): Promise<TakeResult> {
    if (Date.now() >= this.pausedUntil) {
      try {
        const result = await this.withinTimeout(this.options.primary.take(request));
        this.recovered();
        return result;
      } catch (error) {
        this.failed('take', error);
      }
    }
    return this.options.fallback.take(request);
  }

  async block(blockKey: string, ms: number): Promise<void> {
    await this.options.fallback.block(blockKey, ms);
    try {
      await this.withinTimeout(this.options.primary.block(blockKey, ms));
    } catch (error) {
      this.failed('block', error);
    }
  }

  private failed(operation: string, error: unknown): void {
    this.pausedUntil = Date.now() + this.pauseMs;
    if (this.degraded) return;
    this.degraded = true;
    this.options.logger.warn(
      { operation, reason: (error as Error)?.message },
      'WeCom call budget: shared store unavailable, counting in this process until it is back',
    );
  }

  private recovered(): void {
    if (!this.degraded) return;
    this.degraded = false;
    this.options.logger.info('WeCom call budget: shared store is back');
  }

  private withinTimeout<T>(operation: Promise<T>): Promise<T> {
    return withinMs(operation, this.timeoutMs, 'call budget store');
  }
}
