import { RecordedChange } from '../change';
import { ChangeFeedStore } from './change-feed-store';

export interface FollowOptions {
  /** Replay what followed this cursor first; null: only changes recorded from now on. */
  after: string | null;
  /**
   * Which changes the follower wants (a calendar's, say); the others are not delivered. They still pass
   * through the live buffer (and count towards maxBuffered): skipping one moves the follower's place past it.
   */
  accept?: (change: RecordedChange) => boolean;
  /** Live changes held for a slow consumer before it falls back to reading the store. @default 1000 */
  maxBuffered?: number;
}

const PAGE = 500;

/**
 * Replays the feed after a cursor, then goes live, with no gap and no repeat at the seam: it listens
 * before it reads, and drops live changes at or before the last one it delivered. A consumer that
 * falls behind reads the store again instead of growing the buffer.
 */
export async function followChanges(store: ChangeFeedStore, options: FollowOptions): Promise<AsyncIterableIterator<RecordedChange>> {
  const follower = new ChangeFollower(store, options);
  try {
    await follower.start();
  } catch (error) {
    await follower.return();
    throw error;
  }
  return follower;
}

class ChangeFollower implements AsyncIterableIterator<RecordedChange> {
  private live: RecordedChange[] = [];
  private ready: RecordedChange[] = [];
  private last: string | null;
  /** Changes may be in the store that are not in `live`: read the store after `last`. */
  private behind: boolean;
  private closed = false;
  private wake: (() => void) | undefined;
  private readonly unsubscribe: () => void;
  private readonly accept: (change: RecordedChange) => boolean;
  private readonly maxBuffered: number;

  constructor(
    private readonly store: ChangeFeedStore,
    options: FollowOptions,
  ) {
    this.last = options.after;
    this.behind = options.after !== null;
    this.accept = options.accept ?? (() => true);
    this.maxBuffered = options.maxBuffered ?? 1000;
    this.unsubscribe = store.subscribe(
      (change) => {
        if (this.closed) return;
        if (this.live.length >= this.maxBuffered) this.fallBehind();
        else this.live.push(change);
        this.wake?.();
      },
      // The store may have missed changes for us (a shared feed's follower reconnecting, say): read them.
      () => {
        if (this.closed) return;
        this.fallBehind();
        this.wake?.();
      },
    );
  }

  /** Checks the cursor; without one, fixes "now" as the newest change (listening already started). */
  async start(): Promise<void> {
    if (this.last !== null) return this.store.checkCursor(this.last);
    // An empty feed (null): everything appended from now on is new, and a fallen-behind read starts at
    // the oldest. `behind` is left as it is: a gap or an overflow during this await still needs its read.
    this.last = await this.store.head();
  }

  async next(): Promise<IteratorResult<RecordedChange>> {
    while (!this.closed) {
      const ready = this.ready.shift();
      if (ready) return { value: ready, done: false };
      if (this.behind) {
        this.behind = false;
        const page = await this.store.read(this.last, PAGE);
        if (this.closed) break;
        for (const change of page) this.deliverable(change);
        if (page.length === PAGE) this.behind = true;
        continue;
      }
      const change = this.live.shift();
      if (change) {
        this.deliverable(change);
        continue;
      }
      await new Promise<void>((resolve) => (this.wake = resolve));
      this.wake = undefined;
    }
    return { value: undefined, done: true };
  }

  async return(): Promise<IteratorResult<RecordedChange>> {
    this.closed = true;
    this.unsubscribe();
    this.live = [];
    this.ready = [];
    this.wake?.();
    return { value: undefined, done: true };
  }

  async throw(error: unknown): Promise<IteratorResult<RecordedChange>> {
    await this.return();
    throw error;
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<RecordedChange> {
    return this;
  }

  /** What is buffered may not follow on from `last`: drop it and read the store after `last` instead. */
  private fallBehind(): void {
    this.live = [];
    this.behind = true;
  }

  private deliverable(change: RecordedChange): void {
    if (this.last !== null && this.store.compare(change.cursor, this.last) <= 0) return;
    this.last = change.cursor;
    if (this.accept(change)) this.ready.push(change);
  }
}
