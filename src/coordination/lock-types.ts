import type { Deadline } from '../http/deadline';

/** A held lock. `release` is safe to call twice and never throws (a lock it cannot release expires). */
export interface LockHandle {
  release(): Promise<void>;
  /** False once the lock is known to be lost (its lease expired before a renewal got through). */
  readonly held: boolean;
}

/**
 * A mutual-exclusion lock per key: in process, or in Redis shared by the fleet. Waiters take their
 * turn in arrival order within one process; across processes, in the order their polls land.
 */
export interface LockStore {
  /**
   * Waits for `key` until `deadline`. Rejects with LockWaitTimeoutError when the turn does not come
   * in time, LockStoreUnavailableError when the store cannot be reached; nothing is held then.
   */
  acquire(key: string, deadline: Deadline): Promise<LockHandle>;
}

/** The turn did not come before the deadline. */
export class LockWaitTimeoutError extends Error {
  constructor(readonly key: string) {
    super(`lock ${key} was not free before the deadline`);
    this.name = 'LockWaitTimeoutError';
  }
}

/** The store (Redis) cannot be reached: nobody can tell whether another instance holds the lock. */
export class LockStoreUnavailableError extends Error {
  constructor(reason: string) {
    super(`lock store unavailable: ${reason}`);
    this.name = 'LockStoreUnavailableError';
  }
}
