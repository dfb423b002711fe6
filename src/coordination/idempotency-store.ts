import { createHash } from 'node:crypto';

/**
 * What the fleet remembers of one idempotency key. Every record carries the token of the request
 * that wrote it, so a change is made only by the request that owns the record (compare-and-set).
 * - pending: the first request is creating; others wait for it until `leaseUntil` (epoch ms), after
 *   which the owner is presumed dead and the outcome unknown;
 * - unknown: the first request's create may or may not have been applied (WeCom's answer was lost);
 * - done: the create succeeded; `result` is the answer it got (JSON, see idempotent-create.ts).
 */
export type IdempotencyRecord =
  | { state: 'pending'; token: string; digest: string; leaseUntil: number }
  | { state: 'unknown'; token: string; digest: string }
  | { state: 'done'; token: string; digest: string; result: string };

/**
 * Records keyed by idempotency key, each kept for its TTL from the first claim. Implemented in
 * process memory and in Redis (shared by the fleet); both pass test/coordination/idempotency-store.suite.ts.
 * Every method of the Redis store rejects while Redis is unreachable.
 */
export interface IdempotencyStore {
  /**
   * Atomically stores `record` under `key` if there is none, for `ttlMs`: answers undefined when it
   * did (the caller owns the key), else the record already there.
   */
  claim(key: string, record: IdempotencyRecord, ttlMs: number): Promise<IdempotencyRecord | undefined>;
  get(key: string): Promise<IdempotencyRecord | undefined>;
  /** Replaces the record only if its token is `token`, keeping its expiry; false when it was not. */
  replace(key: string, token: string, next: IdempotencyRecord): Promise<boolean>;
  /** Deletes the record only if its token is `token`. */
  release(key: string, token: string): Promise<void>;
}

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/**
 * The store key of one caller's idempotency key within one WeCom app: the caller's name and key are
 * hashed together (any characters, bounded length), the app key stays readable for operators.
 */
export function idempotencyRecordKey(appKey: string, callerName: string, idempotencyKey: string): string {
  return `idempotency:${appKey}:${sha256(JSON.stringify([callerName, idempotencyKey]))}`;
}

export function parseRecord(text: string | null | undefined): IdempotencyRecord | undefined {
  if (!text) return undefined;
  return JSON.parse(text) as IdempotencyRecord;
}
