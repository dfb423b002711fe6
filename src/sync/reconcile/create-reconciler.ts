import type { RedisClientType } from '@keyv/redis';
import type { Logger } from 'pino';
import { MemoryLockStore } from '../../coordination/lock-memory-store';
import { RedisLockStore } from '../../coordination/lock-redis-store';
import { WeComScheduleApi } from '../../datasources/wecom/schedule-api';
import { WeComClient } from '../../datasources/wecom/wecom-client';
import { SYNC_CALLER } from '../sync-feed';
import { MemoryReconcileState } from './memory-reconcile-state';
import { ReconcileObserver, Reconciler, ReconcilerOptions } from './reconciler';
import { RedisReconcileState } from './redis-reconcile-state';
import { SweepPacer, sweepShareOf } from './sweep-pacer';

export const RECONCILE_LEASE_PREFIX = 'wecom-gateway:reconcile-lease:';
/** The sweep's lease: an instance that dies mid-sweep holds the others up by this much at most. */
const LEASE_TTL_MS = 15_000;

export interface CreateReconcilerOptions {
  client: WeComClient;
  appKey: string;
  redis?: RedisClientType;
  recorder: ReconcilerOptions['recorder'];
  intervalMs: number;
  calendarIds: readonly string[];
  /** WECOM_CALLS_PER_MINUTE: the sweep takes at most SWEEP_BUDGET_SHARE of it per minute. */
  callsPerMinute: number;
  logger: Logger;
  observer?: ReconcileObserver;
}

/** The reconciler of one app: state and lease in Redis when the gateway has CACHE_URL, in process otherwise. */
export function createReconciler(options: CreateReconcilerOptions): Reconciler {
  const { redis, appKey, logger } = options;
  const state = redis ? new RedisReconcileState({ redis, appKey }) : new MemoryReconcileState();
  // Renewed for as long as a sweep may take: at most an interval (or a minute), then the next one continues.
  const lease = redis
    ? new RedisLockStore({ redis, keyPrefix: RECONCILE_LEASE_PREFIX, ttlMs: LEASE_TTL_MS, maxHoldMs: Math.max(options.intervalMs, 60_000), logger })
    : new MemoryLockStore();
  return new Reconciler({
    state,
    lease,
    leaseKey: appKey,
    scheduleApi: new WeComScheduleApi(options.client.forCaller({ caller: SYNC_CALLER })),
    recorder: options.recorder,
    intervalMs: options.intervalMs,
    calendarIds: options.calendarIds,
    pacer: new SweepPacer(sweepShareOf(options.callsPerMinute)),
    logger: logger.child({ component: 'reconcile' }),
    observer: options.observer,
  });
}
