import { ChangeFacts, RecordedChange } from '../change';
import { GatewayError, UserInputError } from '../../errors/gateway-error';
import { ErrorCode } from '../../errors/error-codes';

/**
 * The change feed's storage (API.md, "The feed"): one ordered log per WeCom app, in process memory
 * or in a Redis Stream shared by the fleet. Cursors are opaque strings the store alone interprets.
 */
export interface ChangeFeedStore {
  /**
   * Appends the change unless the last state recorded for `resourceKey` has the same `digest`
   * (then null: nothing recorded). The comparison and the append are one atomic step. Callers keep a
   * resource's appends in order themselves (the recorder holds the resource's feed lock).
   */
  append(facts: ChangeFacts, resourceKey: string, digest: string): Promise<RecordedChange | null>;

  /**
   * Up to `limit` changes after `after` (null: from the oldest kept), oldest first.
   * Throws CursorExpiredError when changes after `after` were trimmed (or the cursor is from a feed
   * that no longer exists, such as a restarted process's), InvalidCursorError when it is not a cursor of this feed.
   */
  read(after: string | null, limit: number): Promise<RecordedChange[]>;

  /** The newest change's cursor; null while the feed is empty. */
  head(): Promise<string | null>;

  /**
   * `listener` receives every change appended from now on (by this process or, when shared, any
   * instance), in feed order, each once, except where `onGap` is called: then changes may have been
   * missed since the last one delivered (or since subscribing), and the subscriber reads the store
   * to catch up. A shared feed calls it when its follower started after the subscribe, lost its
   * connection while changes were trimmed, or found its stream lost and recreated; the in-memory
   * feed never does. Returns the unsubscribe function.
   */
  subscribe(listener: ChangeListener, onGap?: GapListener): () => void;

  /** Orders two cursors of this feed (negative: a before b). Throws InvalidCursorError for a foreign one. */
  compare(a: string, b: string): number;

  /** Throws InvalidCursorError / CursorExpiredError as `read` would, without reading. */
  checkCursor(cursor: string): Promise<void>;

  close(): Promise<void>;
}

export type ChangeListener = (change: RecordedChange) => void;
export type GapListener = () => void;

export interface ChangeFeedLimits {
  /** FEED_MAX_CHANGES: how many changes are kept; older cursors expire. */
  maxChanges: number;
  /** Bytes of the kept changes (encoded) at most; the newest change is kept whatever its size. */
  maxBytes: number;
}

export const DEFAULT_FEED_MAX_CHANGES = 100_000;
export const DEFAULT_FEED_MAX_BYTES = 256 * 1024 * 1024;

/** Digests of resources' last recorded states kept at least (more when FEED_MAX_CHANGES is larger): the least recently changed go first. */
export function digestsKept(maxChanges: number): number {
  return Math.max(10_000, maxChanges);
}

export class CursorExpiredError extends GatewayError {
  constructor() {
    super(
      'This cursor is older than what the change feed keeps (or from before a restart): read the current state again, then follow the feed from currentScheduleChangeCursor',
      ErrorCode.CursorExpired,
    );
    this.name = 'CursorExpiredError';
  }
}

export class InvalidCursorError extends UserInputError {
  constructor(field = 'after') {
    super(field, 'not a cursor of this change feed (pass a cursor or endCursor the gateway gave)');
    this.name = 'InvalidCursorError';
  }
}
