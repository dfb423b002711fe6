import { Deadline, remainingMs } from '../http/deadline';
import { LockHandle, LockStore, LockWaitTimeoutError } from './lock-types';

interface Turn {
  /** Hands the lock to this turn (called when it reaches the head of the queue). */
  grant(): void;
}

/**
 * Locks held in this process: per key, a first-come first-served queue whose head holds the lock.
 * A holder cannot outlive the process, so there is no lease; a holder's work is bounded by its own
 * timeouts (WeCom calls), and a waiter gives up at its deadline.
 */
export class MemoryLockStore implements LockStore {
  private readonly queues = new Map<string, Turn[]>();

  acquire(key: string, deadline: Deadline): Promise<LockHandle> {
    const queue = this.queues.get(key);
    if (!queue) {
      this.queues.set(key, [{ grant: () => undefined }]);
      return Promise.resolve(this.handle(key));
    }
    if (remainingMs(deadline) === 0) return Promise.reject(new LockWaitTimeoutError(key));
    return new Promise<LockHandle>((resolve, reject) => {
      const turn: Turn = {
        grant: () => {
          clearTimeout(timer);
          resolve(this.handle(key));
        },
      };
      const timer = setTimeout(() => {
        const index = queue.indexOf(turn);
        // Index 0 is the holder: granted already, so the timer was cleared; defensive only.
        if (index > 0) queue.splice(index, 1);
        reject(new LockWaitTimeoutError(key));
      }, remainingMs(deadline));
      queue.push(turn);
    });
  }

  /** Keys held or waited for (tests check that nothing leaks). */
  get activeKeys(): number {
    return this.queues.size;
  }

  private handle(key: string): LockHandle {
    let released = false;
    return {
      get held() {
        return !released;
      },
      release: async () => {
        if (released) return;
        released = true;
        this.passOn(key);
      },
    };
  }

  private passOn(key: string): void {
    const queue = this.queues.get(key);
    if (!queue) return;
    queue.shift();
    const next = queue[0];
    if (next) next.grant();
    else this.queues.delete(key);
  }
}
