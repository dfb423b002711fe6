import type { Logger } from 'pino';
import { WeComInterceptor } from '../datasources/wecom/wecom-interceptor';
import { CircuitOpenError } from '../errors/circuit-open-error';
import { WeComUnavailableError } from '../errors/gateway-error';
import { remainingMs } from '../http/deadline';
import { BreakerState, CircuitBreaker, Clock } from './circuit-breaker';

/** WeCom's "system busy": the one errcode that says WeCom itself is failing (WECOM.md 6). */
const WECOM_BUSY = -1;

export interface WeComBreakersOptions {
  /** Consecutive failed attempts that open an API's breaker (WECOM_BREAKER_FAILURES). @default 5 */
  failureThreshold?: number;
  /** Time open before a trial call, and between trials (WECOM_BREAKER_COOLDOWN_MS). @default 4000 */
  cooldownMs?: number;
  /** @default Date.now */
  clock?: Clock;
  logger: Logger;
  /** Told of every change of an API's breaker (metrics). */
  onStateChange?: (api: string, state: BreakerState) => void;
}

/** What the rest of the gateway may see of the breakers: read-only. */
export interface BreakerStates {
  /** The state of one API's breaker ('closed' for an API not called yet). */
  state(api: string): BreakerState;
  /** Every API called so far and its breaker's state. */
  states(): Record<string, BreakerState>;
}

/**
 * One circuit breaker per WeCom API (endpoint path), so a failing API does not stop the others. Only
 * WeCom's own failures count: no answer (timeout, reset, refused), HTTP 5xx, an unparseable answer and
 * errcode -1. Business errcodes (404-like 9xxxx, permissions 6xxxx, token 4xxxx, rate limits 45009/45033,
 * which the call budget handles) are answers: WeCom is up. Endpoints come from our code, never from
 * callers, so the map is bounded by the APIs the gateway uses.
 */
export class WeComBreakers implements BreakerStates {
  private readonly breakers = new Map<string, CircuitBreaker>();
  private readonly failureThreshold: number;
  private readonly cooldownMs: number;

  constructor(private readonly options: WeComBreakersOptions) {
    this.failureThreshold = options.failureThreshold ?? 5;
    this.cooldownMs = options.cooldownMs ?? 4000;
  }

  state(api: string): BreakerState {
    return this.breakers.get(api)?.state ?? 'closed';
  }

  states(): Record<string, BreakerState> {
    return Object.fromEntries([...this.breakers].map(([api, breaker]) => [api, breaker.state]));
  }

  /**
   * Wraps each attempt (a retry is an attempt of its own, so a read retried into a dead WeCom counts
   * each failure, and its next retry is refused once the breaker opens: CircuitOpenError is not retried).
   * Outermost, before the call budget: a refused call spends no budget.
   */
  interceptor(): WeComInterceptor {
    return (next) => async (attempt) => {
      const breaker = this.breakerFor(attempt.endpoint);
      const admission = breaker.admit();
      if (!admission.admitted) throw new CircuitOpenError(attempt.endpoint, admission.retryAfterMs);
      // With no time left the transport gives up before sending: that says nothing about WeCom.
      const hadTime = remainingMs(attempt.deadline) > 0;
      let answer;
      try {
        answer = await next(attempt);
      } catch (error) {
        if (error instanceof WeComUnavailableError && hadTime) breaker.recordFailure(admission);
        else breaker.recordNeutral(admission); // refused further in (the budget): not sent
        throw error;
      }
      if (answer.errcode === WECOM_BUSY) breaker.recordFailure(admission);
      else breaker.recordSuccess();
      return answer;
    };
  }

  private breakerFor(api: string): CircuitBreaker {
    let breaker = this.breakers.get(api);
    if (!breaker) {
      breaker = new CircuitBreaker({
        failureThreshold: this.failureThreshold,
        cooldownMs: this.cooldownMs,
        clock: this.options.clock,
        onStateChange: (state) => this.changed(api, state),
      });
      this.breakers.set(api, breaker);
    }
    return breaker;
  }

  private changed(api: string, state: BreakerState): void {
    const { logger } = this.options;
    if (state === 'open') logger.warn({ endpoint: api, cooldownMs: this.cooldownMs }, 'WeCom circuit breaker opened: calls to this API are refused');
    else if (state === 'closed') logger.info({ endpoint: api }, 'WeCom circuit breaker closed: WeCom answers again');
    this.options.onStateChange?.(api, state);
  }
}
