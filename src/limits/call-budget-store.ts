/**
 * Where the WeCom call budget keeps its counts: process memory or Redis, behind one interface (the keyv
 * pattern: one interface, several stores, one shared test suite). A store knows nothing of apps, APIs or
 * callers: it keeps sliding logs of calls under keys, and blocks.
 */

/** One sliding window: at most `limit` units in any `windowMs` interval under `key`. */
export interface BudgetWindow {
  key: string;
  limit: number;
}

export interface TakeRequest {
  /** While this key is blocked, nothing is taken. */
  blockKey: string;
  /** A unit is taken from every window or from none (atomically). */
  windows: readonly BudgetWindow[];
  /** @default 60000 in the budget; stores take it as given. */
  windowMs: number;
}

export type TakeResult =
  | { granted: true }
  | {
      granted: false;
      /** ms until a unit frees (or the block ends); always >= 1. */
      retryAfterMs: number;
      /** 'block', or the index in `windows` of the window that was full. */
      refusedBy: 'block' | number;
    };

export interface CallBudgetStore {
  /** Takes one unit from every window, or none when the block is on or one window is full. */
  take(request: TakeRequest): Promise<TakeResult>;
  /** Blocks `blockKey` for `ms` from now (a later block replaces an earlier one). */
  block(blockKey: string, ms: number): Promise<void>;
}

/** A store's clock; injectable so tests can step time. */
export type Clock = () => number;

export const refused = (retryAfterMs: number, refusedBy: 'block' | number): TakeResult => ({
  granted: false,
  retryAfterMs: Math.max(1, Math.ceil(retryAfterMs)),
  refusedBy,
});
