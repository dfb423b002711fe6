import { CursorExpiredError, InvalidCursorError } from './change-feed-store';

/**
 * A cursor of the Redis feed: `r1.<epoch>.<n>.<ms>-<seq>`. The stream entry id (`<ms>-<seq>`) is where
 * reading resumes; `n` is the entry's ordinal in its stream (1, 2, 3, …), which tells whether entries
 * after it were trimmed (Redis's own XINFO does not: trimming leaves `max-deleted-entry-id` at 0-0);
 * the epoch names the stream, so a cursor of a stream that was lost (FLUSHALL, a restart without
 * persistence) is CURSOR_EXPIRED instead of pointing into a new stream.
 */
export interface RedisFeedCursor {
  epoch: string;
  n: number;
  ms: bigint;
  seq: bigint;
  /** The stream entry id, `<ms>-<seq>`. */
  id: string;
}

const CURSOR = /^r1\.([0-9a-f]{12})\.([1-9][0-9]{0,15})\.(0|[1-9][0-9]{0,19})-(0|[1-9][0-9]{0,19})$/;
const EPOCH = /^[0-9a-f]{12}$/;
const MAX_ID_PART = 2n ** 64n - 1n;

export function isFeedEpoch(value: string): boolean {
  return EPOCH.test(value);
}

export function cursorOf(epoch: string, n: number, id: string): string {
  return `r1.${epoch}.${n}.${id}`;
}

/** Strict: anything but a well-formed cursor (bounded parts, no leading zeros) is InvalidCursorError. */
export function parseCursor(cursor: string): RedisFeedCursor {
  const match = typeof cursor === 'string' && cursor.length <= 80 ? CURSOR.exec(cursor) : null;
  if (!match) throw new InvalidCursorError();
  const n = Number(match[2]);
  const ms = BigInt(match[3]);
  const seq = BigInt(match[4]);
  // The largest id has no successor to read from.
  if (!Number.isSafeInteger(n) || ms > MAX_ID_PART || seq > MAX_ID_PART || (ms === MAX_ID_PART && seq === MAX_ID_PART)) {
    throw new InvalidCursorError();
  }
  return { epoch: match[1], n, ms, seq, id: `${match[3]}-${match[4]}` };
}

/** Orders two stream entry ids (`<ms>-<seq>`). */
export function compareIds(a: string, b: string): number {
  const [aMs, aSeq] = a.split('-').map(BigInt);
  const [bMs, bSeq] = b.split('-').map(BigInt);
  if (aMs !== bMs) return aMs < bMs ? -1 : 1;
  return aSeq === bSeq ? 0 : aSeq < bSeq ? -1 : 1;
}

/** Cursors of two different streams cannot be ordered: one of them is of a feed that no longer exists. */
export function compareCursors(a: string, b: string): number {
  const first = parseCursor(a);
  const second = parseCursor(b);
  if (first.epoch !== second.epoch) throw new CursorExpiredError();
  return compareIds(first.id, second.id);
}
