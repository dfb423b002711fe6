import type { Logger } from 'pino';
import { Calendar } from '../../domain/calendar';
import { Schedule } from '../../domain/schedule';
import { ChangeKind, RecordedChange, isScheduleKind } from '../../sync/change';
import { ChangeFeedStore } from '../../sync/feed/change-feed-store';
import { GatewayReads, ReadKind, ReadRequest } from '../gateway-reads';
import { decodeEntity, encodeEntity } from './cached-entity-codec';
import { ReadCacheStore } from './read-cache-store';

export type InvalidationSource = 'write' | 'feed' | 'gap';

/** What the cache tells metrics. */
export interface ReadCacheObserver {
  hits(kind: ReadKind, count: number): void;
  misses(kind: ReadKind, count: number): void;
  invalidations(source: InvalidationSource, count: number): void;
  /** Entries read but not stored: their id was invalidated while they were read. */
  fillsRefused(kind: ReadKind, count: number): void;
}

export interface ReadCacheOptions {
  store: ReadCacheStore;
  /** The app's change feed: every change drops its schedule's or calendar's entry, on every instance. */
  feed: ChangeFeedStore;
  logger: Logger;
  observer?: ReadCacheObserver;
}

/**
 * Look-ups by id answered from a cache kept fresh by changes (README, "Reads beyond WeCom's quota"),
 * over any other GatewayReads. Entries go when this gateway writes (before the write is answered) and
 * when any change reaches the feed (callbacks, reconciliation, other instances' writes); a gap in the
 * feed drops the app's whole cache. A fresh request skips the cache and stores what it read.
 */
export function createReadCache(inner: GatewayReads, options: ReadCacheOptions): GatewayReads {
  const { store, observer } = options;
  // The layer below first (a coalescer then lets no new look-up join a call sent before the change), then
  // the cache: a look-up that misses after this reads WeCom afresh, and one still reading stores nothing.
  const invalidate = async (source: InvalidationSource, kind: ReadKind, ids: readonly string[]) => {
    observer?.invalidations(source, ids.length);
    for (const id of ids) {
      await inner.written(kind, id).catch((error: Error) => options.logger.warn({ kind, id, reason: error.message }, 'read path: invalidation below the cache failed'));
    }
    await store.invalidate(kind, ids);
  };
  const invalidateAll = (source: InvalidationSource) => {
    observer?.invalidations(source, 1);
    return store.invalidateAll();
  };
  const unsubscribe = options.feed.subscribe(
    (change) => void invalidatedBy(change, invalidate, invalidateAll),
    () => {
      options.logger.info('read cache: changes may have been missed (feed gap); dropping the app\'s cached reads');
      void invalidateAll('gap');
    },
  );

  async function read<T extends Schedule | Calendar>(
    kind: ReadKind,
    ids: readonly string[],
    request: ReadRequest,
    fromWeCom: (ids: readonly string[]) => Promise<T[]>,
  ): Promise<T[]> {
    const lookup = await store.lookup(kind, ids, request.fresh);
    const cached: T[] = [];
    const missed: string[] = [];
    for (const id of ids) {
      const encoded = lookup.hits.get(id);
      const entity = encoded === undefined ? undefined : decoded<T>(kind, encoded, options.logger);
      if (entity) cached.push(entity);
      else missed.push(id);
    }
    if (cached.length > 0) observer?.hits(kind, cached.length);
    if (missed.length === 0) return cached;
    observer?.misses(kind, missed.length);
    let found: T[];
    try {
      found = await fromWeCom(missed);
    } catch (error) {
      await lookup.settle(null);
      throw error;
    }
    const { refused } = await lookup.settle(new Map(found.map((entity) => [entity.id, encodeEntity(entity)])));
    if (refused > 0) observer?.fillsRefused(kind, refused);
    return [...cached, ...found];
  }

  return {
    schedules: (ids, request) => read('schedule', ids, request, (missed) => inner.schedules(missed, request)),
    calendars: (ids, request) => read('calendar', ids, request, (missed) => inner.calendars(missed, request)),
    written: (kind, id) => invalidate('write', kind, [id]),
    async close() {
      unsubscribe();
      await inner.close();
      await store.close();
    },
  };
}

/** The entry a change makes stale; a deleted calendar takes its schedules with it, so everything goes. */
function invalidatedBy(
  change: RecordedChange,
  invalidate: (source: InvalidationSource, kind: ReadKind, ids: readonly string[]) => Promise<void>,
  invalidateAll: (source: InvalidationSource) => Promise<void>,
): Promise<void> {
  if (change.kind === ChangeKind.CALENDAR_DELETED) return invalidateAll('feed');
  if (isScheduleKind(change.kind)) return change.scheduleId ? invalidate('feed', 'schedule', [change.scheduleId]) : Promise.resolve();
  return change.calendarId ? invalidate('feed', 'calendar', [change.calendarId]) : Promise.resolve();
}

/** A cached entry that does not decode (written by another version, say) is a miss, never a failed read. */
function decoded<T>(kind: ReadKind, encoded: string, logger: Logger): T | undefined {
  try {
    return decodeEntity(kind, encoded) as T;
  } catch (error) {
    logger.warn({ kind, reason: (error as Error).message }, 'read cache: an entry did not decode; reading WeCom');
    return undefined;
  }
}
