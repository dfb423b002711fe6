import type { RedisClientType } from '@keyv/redis';
import type { Logger } from 'pino';
import { FallbackCallBudgetStore } from './fallback-call-budget-store';
import { MemoryCallBudgetStore } from './memory-call-budget-store';
import { RedisCallBudgetStore } from './redis-call-budget-store';
import { BudgetRefusal, WeComCallBudget } from './wecom-call-budget';

export interface CallBudgetOptions {
  /** @default 6000 */
  callsPerMinute?: number;
  /** @default unset: no per-caller share */
  callerCallsPerMinute?: number;
  /** @default 60000 */
  blockMs?: number;
  /** Prefix of the budget's Redis keys (tests use a unique one). @default 'wecom-gateway:budget:' */
  keyPrefix?: string;
  /** A Redis round trip slower than this falls back to the process. @default 300 */
  storeTimeoutMs?: number;
  onRefusal?: (reason: BudgetRefusal, api: string) => void;
}

/** The budget for one app: counted in Redis when the gateway has a connection (the fleet), else in process. */
export function createCallBudget(
  appKey: string,
  redis: RedisClientType | undefined,
  logger: Logger,
  options: CallBudgetOptions = {},
): WeComCallBudget {
  const memory = new MemoryCallBudgetStore();
  const store = redis
    ? new FallbackCallBudgetStore({
        primary: new RedisCallBudgetStore({ redis, prefix: options.keyPrefix }),
        fallback: memory,
        logger,
        timeoutMs: options.storeTimeoutMs,
      })
    : memory;
  return new WeComCallBudget({
    appKey,
    store,
    callsPerMinute: options.callsPerMinute ?? 6000,
    callerCallsPerMinute: options.callerCallsPerMinute,
    blockMs: options.blockMs,
    logger,
    onRefusal: options.onRefusal,
  });
}
