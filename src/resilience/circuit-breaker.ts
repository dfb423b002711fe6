export type BreakerState = 'closed' | 'open' | 'half-open';

export type Clock = () => number;

export interface CircuitBreakerOptions {
  /** Consecutive failures that open the breaker (WECOM_BREAKER_FAILURES). */
  failureThreshold: number;
  /** How long it stays open before a trial call may go, and the spacing of trials (WECOM_BREAKER_COOLDOWN_MS). */
  cooldownMs: number;
  /** @default Date.now */
  clock?: Clock;
  /** Told of every change of state (metrics, logs). */
  onStateChange?: (state: BreakerState) => void;
}

/** Whether a call may go: a trial is the one call let through to probe a WeCom that failed. */
export type Admission = { admitted: true; trial: boolean } | { admitted: false; retryAfterMs: number };

/**
 * A circuit breaker for one upstream API, in process:
 * - closed: every call goes; `failureThreshold` failures in a row (no success between) open it;
 * - open: every call is refused at once until the cool-down ends;
 * - half-open: one trial call per cool-down period goes, the others are refused; a success closes it,
 *   a failed trial opens it again for a full cool-down.
 * A trial still hanging after a cool-down does not hold the breaker: the next call becomes a new trial,
 * so a WeCom that comes back is noticed within one cool-down plus one call, whatever the timeout.
 * Any success closes it, also one from a call let through before it opened: WeCom answered.
 */
export class CircuitBreaker {
  private current: BreakerState = 'closed';
  private failures = 0;
  /** While open or half-open: when the next trial may go. */
  private nextTrialAt = 0;
  private readonly clock: Clock;

  constructor(private readonly options: CircuitBreakerOptions) {
    if (!Number.isInteger(options.failureThreshold) || options.failureThreshold < 1) {
      throw new RangeError('failureThreshold must be an integer >= 1');
    }
    if (!Number.isFinite(options.cooldownMs) || options.cooldownMs <= 0) throw new RangeError('cooldownMs must be > 0');
    this.clock = options.clock ?? Date.now;
  }

  /** The state now (an open breaker whose cool-down ended reads half-open). */
  get state(): BreakerState {
    this.promote(this.clock());
    return this.current;
  }

  /** Called before each call: refuses while open, and lets one trial per cool-down through while half-open. */
  admit(): Admission {
    const now = this.clock();
    this.promote(now);
    if (this.current === 'closed') return { admitted: true, trial: false };
    if (now < this.nextTrialAt) return { admitted: false, retryAfterMs: this.nextTrialAt - now };
    this.nextTrialAt = now + this.options.cooldownMs;
    return { admitted: true, trial: true };
  }

  /** WeCom answered (whatever the errcode, but busy): it is reachable again. */
  recordSuccess(): void {
    this.failures = 0;
    this.moveTo('closed');
  }

  /** WeCom did not answer usably. Only trials count while open or half-open: late failures of older calls tell nothing new. */
  recordFailure(admission: { trial: boolean }): void {
    const now = this.clock();
    this.promote(now);
    if (this.current === 'closed') {
      this.failures += 1;
      if (this.failures >= this.options.failureThreshold) this.open(now);
      return;
    }
    if (admission.trial) this.open(now);
  }

  /** The call ended without telling anything about WeCom (refused further in, never sent): a trial slot is given back. */
  recordNeutral(admission: { trial: boolean }): void {
    if (admission.trial && this.current !== 'closed') this.nextTrialAt = Math.min(this.nextTrialAt, this.clock());
  }

  private open(now: number): void {
    this.failures = 0;
    this.nextTrialAt = now + this.options.cooldownMs;
    this.moveTo('open');
  }

  private promote(now: number): void {
    if (this.current === 'open' && now >= this.nextTrialAt) this.moveTo('half-open');
  }

  private moveTo(state: BreakerState): void {
    if (this.current === state) return;
    this.current = state;
    this.options.onStateChange?.(state);
  }
}
