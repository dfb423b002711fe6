import { ErrorCode } from './error-codes';
import { GatewayError } from './gateway-error';

/**
 * WECOM_RATE_LIMITED without a WeCom call: the gateway's own budget is spent, or WeCom blocked the API
 * (45009) and the fleet waits for the block to end. `retryAfterSeconds` says when to come back (>= 1).
 */
export class RateLimitedError extends GatewayError {
  readonly retryAfterSeconds: number;

  constructor(message: string, retryAfterMs: number, extra: Record<string, unknown> = {}) {
    const retryAfterSeconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
    super(message, ErrorCode.RateLimited, { retryAfterSeconds, ...extra });
    this.name = 'RateLimitedError';
    this.retryAfterSeconds = retryAfterSeconds;
  }
}
