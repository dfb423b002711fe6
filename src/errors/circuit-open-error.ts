import { ErrorCode } from './error-codes';
import { GatewayError } from './gateway-error';

/**
 * WECOM_UNAVAILABLE without a WeCom call: the API's circuit breaker is open after repeated failures.
 * Not a WeComUnavailableError on purpose: nothing was sent, so the client does not retry it and an
 * idempotent create knows its outcome (nothing written). `retryAfterSeconds` (>= 1) is the time until
 * the breaker lets a trial call through.
 */
export class CircuitOpenError extends GatewayError {
  readonly retryAfterSeconds: number;
  readonly endpoint: string;

  constructor(endpoint: string, retryAfterMs: number) {
    const retryAfterSeconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
    super(
      `WeCom is unavailable: ${endpoint} failed repeatedly, so the gateway does not call it for now (WeCom ${endpoint})`,
      ErrorCode.Unavailable,
      { retryAfterSeconds, circuitOpen: true },
    );
    this.name = 'CircuitOpenError';
    this.endpoint = endpoint;
    this.retryAfterSeconds = retryAfterSeconds;
  }
}
