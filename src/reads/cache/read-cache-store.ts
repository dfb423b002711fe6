import { ReadKind } from '../gateway-reads';

/**
 * Where cached schedules and calendars live (encoded), for one WeCom app. Every method copes with its
 * store failing by itself (a cache that is down is a cache that misses): none of them throws.
 */
export interface ReadCacheStore {
  /**
   * The cached entries among `ids` (none when `fresh`), and a reservation to store what is read for
   * the others: a fill lands only for ids not invalidated since this look-up began.
   */
  lookup(kind: ReadKind, ids: readonly string[], fresh: boolean): Promise<CacheLookup>;
  /** Drops these entries, and refuses the fills of every look-up of them still reading. */
  invalidate(kind: ReadKind, ids: readonly string[]): Promise<void>;
  /** Drops every entry of the app (and refuses every fill in progress): changes may have been missed. */
  invalidateAll(): Promise<void>;
  close(): Promise<void>;
}

export interface CacheLookup {
  /** id -> encoded entity, for the ids the cache answers. */
  hits: Map<string, string>;
  /**
   * Stores what WeCom answered for the ids missed (`found`: id -> encoded; the rest were not found and
   * are not cached), or gives the reservation up (`null`: the read failed).
   */
  settle(found: Map<string, string> | null): Promise<FillOutcome>;
}

export interface FillOutcome {
  stored: number;
  /** Entries not stored because their id was invalidated (or the app's cache dropped) while they were read. */
  refused: number;
}

export const NOTHING_FILLED: FillOutcome = { stored: 0, refused: 0 };

/** A look-up that found nothing and will store nothing (the store is unavailable). */
export const BYPASS_LOOKUP: CacheLookup = { hits: new Map(), settle: async () => NOTHING_FILLED };
