import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { IdempotencyRecord, IdempotencyStore, idempotencyRecordKey } from '../coordination/idempotency-store';
import { CacheUnavailableError } from '../coordination/lock-errors';
import { IDEMPOTENCY_KEY_MAX_CHARS } from '../domain/idempotency-key';
import { ErrorCode } from '../errors/error-codes';
import { GatewayError, UserInputError } from '../errors/gateway-error';

/** How long a key is remembered (API.md: 24 hours), counted from the first request. */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;

export interface IdempotencySettings {
  store: IdempotencyStore;
  /** How long a first request counts as in progress; past it, its owner is presumed dead. */
  leaseMs: number;
  /** How long a repeat waits for the first request before answering CONFLICT. */
  waitMs: number;
}

/** One create, as the guard needs it. */
export interface GuardedCreate<T> {
  /** The caller's idempotency key. */
  key: string;
  /** Digest of the normalised input (create-fingerprints.ts). */
  digest: string;
  create(): Promise<T>;
  /** Whether `create` failed in a way that may hide an applied write (WeCom's answer was lost). */
  isOutcomeUnknown(error: unknown): boolean;
  /** After a lost answer: what the create made, found in WeCom; a reason when it cannot be found. */
  recover(): Promise<{ found: T } | { reason: string }>;
  encode(result: T): string;
  decode(text: string): T;
}

/** WECOM_UNAVAILABLE with outcomeUnknown: the write may or may not have been applied. */
export class OutcomeUnknownError extends GatewayError {
  constructor(detail: string) {
    super(
      `WeCom's answer to the create was lost, so it may or may not have been applied (${detail}). Retrying with the same idempotencyKey looks for it again and never creates a second one.`,
      ErrorCode.Unavailable,
      { outcomeUnknown: true },
    );
    this.name = 'OutcomeUnknownError';
  }
}

/**
 * "Nothing twice" for creates (API.md, "Writes"): per app, caller and key, the first request claims
 * the key atomically and creates; a repeat answers the stored answer of the first (a replay: the
 * first result, not the current state), waits while the first is in progress, and is refused when its
 * input differs. A certain failure frees the key; a lost answer is never followed by a blind create.
 */
export class IdempotencyGuard {
  constructor(
    private readonly settings: IdempotencySettings,
    private readonly scope: { appKey: string; callerName: string },
    private readonly logger: Logger,
  ) {}

  async run<T>(op: GuardedCreate<T>): Promise<T> {
    checkKey(op.key);
    const recordKey = idempotencyRecordKey(this.scope.appKey, this.scope.callerName, op.key);
    const token = randomUUID();
    const waitUntil = Date.now() + this.settings.waitMs;
    for (let pause = 20; ; pause = Math.min(pause * 1.5, 250)) {
      const claim: IdempotencyRecord = { state: 'pending', token, digest: op.digest, leaseUntil: Date.now() + this.settings.leaseMs };
      const existing = await this.store((store) => store.claim(recordKey, claim, IDEMPOTENCY_TTL_MS));
      if (!existing) return this.first(op, recordKey, token);
      if (existing.digest !== op.digest) {
        throw new UserInputError('idempotencyKey', 'was already used with a different input (within 24 hours); use a new key for a new create');
      }
      if (existing.state === 'done') return op.decode(existing.result);
      if (existing.state === 'unknown' || existing.leaseUntil <= Date.now()) return this.recover(op, recordKey, existing.token);
      if (Date.now() + pause > waitUntil) {
        throw new GatewayError('A request with this idempotencyKey is still in progress; retry with the same key', ErrorCode.Conflict);
      }
      await new Promise((resolve) => setTimeout(resolve, pause));
    }
  }

  /** The request that owns the key: creates, then records the answer (or frees the key on a certain failure). */
  private async first<T>(op: GuardedCreate<T>, recordKey: string, token: string): Promise<T> {
    let result: T;
    try {
      result = await op.create();
    } catch (error) {
      if (!op.isOutcomeUnknown(error)) {
        await this.afterWrite(() => this.settings.store.release(recordKey, token), 'free');
        throw error;
      }
      await this.afterWrite(() => this.settings.store.replace(recordKey, token, { state: 'unknown', token, digest: op.digest }), 'mark unknown');
      throw new OutcomeUnknownError((error as Error).message);
    }
    const done: IdempotencyRecord = { state: 'done', token, digest: op.digest, result: op.encode(result) };
    await this.afterWrite(() => this.settings.store.replace(recordKey, token, done), 'record');
    return result;
  }

  /** A repeat after a lost answer (or a dead owner): answers what WeCom holds, never creates. */
  private async recover<T>(op: GuardedCreate<T>, recordKey: string, ownerToken: string): Promise<T> {
    let found: { found: T } | { reason: string };
    try {
      found = await op.recover();
    } catch (error) {
      found = { reason: `looking for it failed: ${(error as Error).message}` };
    }
    if ('reason' in found) throw new OutcomeUnknownError(found.reason);
    const done: IdempotencyRecord = { state: 'done', token: ownerToken, digest: op.digest, result: op.encode(found.found) };
    await this.afterWrite(() => this.settings.store.replace(recordKey, ownerToken, done), 'record');
    return found.found;
  }

  /** Store calls before WeCom is called: Redis down means CACHE_UNAVAILABLE, and nothing is written. */
  private async store<R>(call: (store: IdempotencyStore) => Promise<R>): Promise<R> {
    try {
      return await call(this.settings.store);
    } catch (error) {
      this.logger.warn({ reason: (error as Error).message }, 'idempotency store unavailable');
      throw new CacheUnavailableError('the idempotency key cannot be checked');
    }
  }

  /**
   * Store calls after WeCom was called: the answer stands even if it cannot be recorded (an error
   * would invite a retry). An unrecorded pending record turns into "unknown" when its lease ends, so
   * a repeat then searches rather than creates.
   */
  private async afterWrite(call: () => Promise<unknown>, what: string): Promise<void> {
    try {
      await call();
    } catch (error) {
      this.logger.warn({ reason: (error as Error).message, what }, 'idempotency record not updated');
    }
  }
}

function checkKey(key: string): void {
  if (key.length === 0) throw new UserInputError('idempotencyKey', 'must not be empty');
  if (key.length > IDEMPOTENCY_KEY_MAX_CHARS) {
    throw new UserInputError('idempotencyKey', `must be at most ${IDEMPOTENCY_KEY_MAX_CHARS} characters`);
  }
}
