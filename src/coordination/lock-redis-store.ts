import type { RedisClientType } from '@keyv/redis';
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { Deadline, remainingMs } from '../http/deadline';
import { MemoryLockStore } from './lock-memory-store';
import { waitUntilReady, withinMs } from '../cache/redis-commands';
import { LockHandle, LockStore, LockStoreUnavailableError, LockWaitTimeoutError } from './lock-types';

export interface RedisLockStoreOptions {
  redis: RedisClientType;
  /** Prepended to every key, e.g. 'wecom-gateway:lock:'. */
  keyPrefix: string;
  /** Lease of a lock, renewed every third of it while held: a dead holder frees it within this. @default 5000 */
  ttlMs?: number;
  /** Renewal stops after this: a holder stuck longer loses the lock one lease later. @default 60000 */
  maxHoldMs?: number;
  /** A Redis command (or connecting) slower than this counts as Redis unavailable. @default 1000 */
  commandTimeoutMs?: number;
  /** Polling of a taken lock: jittered delays growing from 5 ms to this. @default 50 */
  maxPollDelayMs?: number;
  logger?: Logger;
}

// Compare-and-delete / compare-and-extend: only the holder's own token may release or renew.
const RELEASE = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";
const RENEW = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end";

/**
 * A lock shared by every instance on one Redis: `SET key token NX PX ttl`, released by a Lua
 * compare-and-delete, renewed while held. Waiters of one process queue in process first (first come,
 * first served), so only one of them polls Redis per key; across processes, polls with jittered,
 * growing delays take turns. Redis unreachable: LockStoreUnavailableError, never a guess.
 */
export class RedisLockStore implements LockStore {
  private readonly local = new MemoryLockStore();
  private readonly ttlMs: number;
  private readonly maxHoldMs: number;
  private readonly commandTimeoutMs: number;
  private readonly maxPollDelayMs: number;

  constructor(private readonly options: RedisLockStoreOptions) {
    this.ttlMs = options.ttlMs ?? 5000;
    this.maxHoldMs = options.maxHoldMs ?? 60_000;
    this.commandTimeoutMs = options.commandTimeoutMs ?? 1000;
    this.maxPollDelayMs = options.maxPollDelayMs ?? 50;
  }

  async acquire(key: string, deadline: Deadline): Promise<LockHandle> {
    const local = await this.local.acquire(key, deadline);
    try {
      return await this.acquireShared(key, deadline, local);
    } catch (error) {
      await local.release();
      throw error;
    }
  }

  private async acquireShared(key: string, deadline: Deadline, local: LockHandle): Promise<LockHandle> {
    const redisKey = this.options.keyPrefix + key;
    const token = randomUUID();
    for (let attempt = 1; ; attempt++) {
      if (await this.trySet(redisKey, token)) return this.holding(redisKey, token, local);
      const left = remainingMs(deadline);
      if (left === 0) throw new LockWaitTimeoutError(key);
      // The last poll lands on the deadline itself rather than giving up early.
      await sleep(Math.min(this.pollDelayMs(attempt), left));
    }
  }

  private async trySet(redisKey: string, token: string): Promise<boolean> {
    try {
      const reply = await this.command((redis) =>
        redis.set(redisKey, token, { condition: 'NX', expiration: { type: 'PX', value: this.ttlMs } }),
      );
      return reply === 'OK';
    } catch (error) {
      // A SET that timed out may still have landed: free it rather than block others for a lease.
      void this.command((redis) => redis.eval(RELEASE, { keys: [redisKey], arguments: [token] })).catch(() => undefined);
      throw error;
    }
  }

  private holding(redisKey: string, token: string, local: LockHandle): LockHandle {
    let released = false;
    const renewal = this.renewWhileHeld(redisKey, token);
    return {
      get held() {
        return !renewal.lost && !released;
      },
      release: async () => {
        if (released) return;
        released = true;
        renewal.stop();
        try {
          await this.command((redis) => redis.eval(RELEASE, { keys: [redisKey], arguments: [token] }));
        } catch (error) {
          this.options.logger?.warn({ key: redisKey, reason: (error as Error).message }, 'lock release failed; it expires with its lease');
        } finally {
          await local.release();
        }
      },
    };
  }

  /** Extends the lease every third of it, up to maxHoldMs; `lost` once Redis says the lock is no longer ours. */
  private renewWhileHeld(redisKey: string, token: string): { readonly lost: boolean; stop(): void } {
    const since = Date.now();
    const state = { lost: false, stopped: false };
    const timer = setInterval(() => void renew(), Math.max(10, Math.floor(this.ttlMs / 3)));
    timer.unref();
    const stop = () => {
      state.stopped = true;
      clearInterval(timer);
    };
    const renew = async () => {
      if (Date.now() - since > this.maxHoldMs) {
        stop();
        this.options.logger?.warn({ key: redisKey }, 'lock held longer than allowed; no longer renewed');
        return;
      }
      try {
        const reply = await this.command((redis) => redis.eval(RENEW, { keys: [redisKey], arguments: [token, String(this.ttlMs)] }));
        if (reply !== 1 && !state.stopped) {
          state.lost = true;
          stop();
          this.options.logger?.warn({ key: redisKey }, 'lock lease expired while held');
        }
      } catch {
        // Redis briefly away: the lease still runs; the next renewal tries again.
      }
    };
    return {
      get lost() {
        return state.lost;
      },
      stop,
    };
  }

  /** Runs one command on a ready connection within the command timeout; any failure means unavailable. */
  private async command<T>(run: (redis: RedisClientType) => Promise<T>): Promise<T> {
    const { redis } = this.options;
    try {
      await waitUntilReady(redis, this.commandTimeoutMs);
      return await withinMs(run(redis), this.commandTimeoutMs);
    } catch (error) {
      throw new LockStoreUnavailableError((error as Error).message);
    }
  }

  /** Full jitter over a bound growing from 5 ms: waiters of different instances do not poll in lockstep. */
  private pollDelayMs(attempt: number): number {
    const bound = Math.min(this.maxPollDelayMs, 5 * 2 ** Math.min(attempt, 10));
    return 1 + Math.floor(Math.random() * bound);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
