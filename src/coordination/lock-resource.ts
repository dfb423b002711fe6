import { createHash } from 'node:crypto';
import { deadlineIn } from '../http/deadline';
import { CacheUnavailableError, WriteConflictError } from './lock-errors';
import { LockStore, LockStoreUnavailableError, LockWaitTimeoutError } from './lock-types';

/** A resource's writes ('schedule', 'calendar'), or the recording of its changes in the feed ('…-feed'). */
export type LockedResourceKind = 'schedule' | 'calendar' | 'schedule-feed' | 'calendar-feed';

/** What `work` holds: it asks right before the WeCom write whether the lock is still its own. */
export interface LockLease {
  /**
   * Throws CONFLICT when the lease was lost (a renewal did not get through before it expired, so
   * another writer may hold the resource now): the write is then not sent, and nothing was written.
   */
  assertHeld(): void;
}

/** Runs one read-merge-write of a schedule or calendar while no other write to it runs (fleet-wide with Redis). */
export interface ResourceLock {
  /**
   * `work` runs holding the resource's lock, which is released afterwards, whatever happens. The
   * turn not coming within the wait budget is CONFLICT; Redis unreachable is CACHE_UNAVAILABLE.
   * In both cases `work` never ran.
   */
  run<T>(kind: LockedResourceKind, id: string, work: (lease: LockLease) => Promise<T>): Promise<T>;
}

export interface ResourceLockOptions {
  store: LockStore;
  /** The WeCom app: two apps' schedules never share a lock. */
  appKey: string;
  /** How long a write waits for its turn. */
  waitMs: number;
  /** Told how long each write waited for its turn, and how the wait ended (metrics). */
  onWait?: LockWaitObserver;
}

export type LockWaitObserver = (seconds: number, outcome: 'acquired' | 'conflict' | 'unavailable') => void;

export function createResourceLock({ store, appKey, waitMs, onWait }: ResourceLockOptions): ResourceLock {
  return {
    async run(kind, id, work) {
      const started = performance.now();
      const waited = () => (performance.now() - started) / 1000;
      const handle = await store.acquire(lockKey(appKey, kind, id), deadlineIn(waitMs)).catch((error: unknown) => {
        if (error instanceof LockWaitTimeoutError) {
          onWait?.(waited(), 'conflict');
          throw new WriteConflictError(kind.startsWith('schedule') ? 'Schedule' : 'Calendar', id);
        }
        if (error instanceof LockStoreUnavailableError) {
          onWait?.(waited(), 'unavailable');
          throw new CacheUnavailableError(`the write lock of ${kind} ${id} cannot be taken`);
        }
        throw error;
      });
      onWait?.(waited(), 'acquired');
      const lease: LockLease = {
        assertHeld() {
          if (!handle.held) throw new WriteConflictError(kind.startsWith('schedule') ? 'Schedule' : 'Calendar', id);
        },
      };
      try {
        return await work(lease);
      } finally {
        await handle.release();
      }
    },
  };
}

/** app + kind + id; an id is caller input, so a long one goes in as a digest (bounded key size). */
export function lockKey(appKey: string, kind: LockedResourceKind, id: string): string {
  const idPart = id.length <= 128 ? id : `sha256:${createHash('sha256').update(id).digest('hex')}`;
  return `${appKey}:${kind}:${idPart}`;
}
