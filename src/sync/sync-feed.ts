import type { RedisClientType } from '@keyv/redis';
import type { Logger } from 'pino';
import { WeComCalendarApi } from '../datasources/wecom/calendar-api';
import { WeComScheduleApi } from '../datasources/wecom/schedule-api';
import { WeComClient } from '../datasources/wecom/wecom-client';
import { createCalendarLoader } from '../loaders/calendar-loader';
import { createScheduleLoader } from '../loaders/schedule-loader';
import { LockStore } from '../coordination/lock-types';
import { createResourceLock } from '../coordination/lock-resource';
import { ChangeRecorder, ChangeRecorderOptions } from './change-recorder';
import { ChangeFeedLimits, ChangeFeedStore } from './feed/change-feed-store';
import { MemoryChangeFeedStore } from './feed/memory-change-feed-store';
import { RedisChangeFeedStore } from './feed/redis-change-feed-store';

/**
 * How long a recording's read waits for others to share its schedule/get: at most 100 calls a second
 * for the feed however many events arrive (500 changes a second would otherwise be 3x WeCom's quota),
 * for 10 ms more delay per change.
 */
const RECORDING_BATCH_WINDOW_MS = 10;

/** The caller name the gateway's own sync reads are counted under (metrics, the per-caller budget). */
export const SYNC_CALLER = 'wecom-sync';

export interface ChangeFeedOptions {
  client: WeComClient;
  appKey: string;
  logger: Logger;
  locks: LockStore;
  /** How long a recording waits for its resource's feed lock. */
  lockWaitMs: number;
  limits?: Partial<ChangeFeedLimits>;
  /** The shared connection (CACHE_URL): the feed is then the fleet's Redis Stream; unset, it lives in this process. */
  redis?: RedisClientType;
  onCalendarSeen?: ChangeRecorderOptions['onCalendarSeen'];
  onCalendarDeleted?: ChangeRecorderOptions['onCalendarDeleted'];
  onOutcome?: ChangeRecorderOptions['onOutcome'];
}

export interface ChangeFeed {
  store: ChangeFeedStore;
  recorder: ChangeRecorder;
}

/** The feed of one WeCom app and its recorder, created once per process. */
export function createChangeFeed(options: ChangeFeedOptions): ChangeFeed {
  const store: ChangeFeedStore = options.redis
    ? new RedisChangeFeedStore({ redis: options.redis, appKey: options.appKey, limits: options.limits, logger: options.logger })
    : new MemoryChangeFeedStore(options.limits);
  const calls = options.client.forCaller({ caller: SYNC_CALLER });
  const recorder = new ChangeRecorder({
    store,
    locks: createResourceLock({ store: options.locks, appKey: options.appKey, waitMs: options.lockWaitMs }),
    readers: {
      // Events recorded together (each under its own feed lock, taken at slightly different times) share
      // a schedule/get: a burst of callbacks costs a call per window, not one per event.
      schedules: createScheduleLoader(new WeComScheduleApi(calls), { cache: false, batchWindowMs: RECORDING_BATCH_WINDOW_MS }),
      // One calendar per call: calendar/get answers 90459 for a whole batch if one of its calendars is
      // deleted, which would record the others as deleted too. Calendar changes are rare.
      calendars: createCalendarLoader(new WeComCalendarApi(calls), { cache: false, maxBatchSize: 1 }),
    },
    logger: options.logger,
    onCalendarSeen: options.onCalendarSeen,
    onCalendarDeleted: options.onCalendarDeleted,
    onOutcome: options.onOutcome,
  });
  return { store, recorder };
}
