import { ErrorCode } from '../errors/error-codes';
import { GatewayError } from '../errors/gateway-error';

/** Another write to the same resource held it past this write's deadline: nothing written, safe to retry. */
export class WriteConflictError extends GatewayError {
  constructor(kind: string, id: string) {
    super(
      `${kind} ${id} is being changed by another request and did not become free in time; nothing was written, retry`,
      ErrorCode.Conflict,
    );
    this.name = 'WriteConflictError';
  }
}

/** Redis (CACHE_URL) is unreachable, so a write lock or an idempotency record cannot be taken: nothing written. */
export class CacheUnavailableError extends GatewayError {
  constructor(what: string) {
    super(`The shared cache (CACHE_URL) is unreachable, so ${what}; nothing was written. Reads still work`, ErrorCode.CacheUnavailable);
    this.name = 'CacheUnavailableError';
  }
}
