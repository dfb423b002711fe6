import { ChangeFacts, ChangeKind, ChangeSource, RecordedChange } from '../../src/sync/change';
import { ChangeFeedLimits, ChangeFeedStore, CursorExpiredError, InvalidCursorError } from '../../src/sync/feed/change-feed-store';
import { followChanges } from '../../src/sync/feed/follow-changes';
import { encodeChange } from '../../src/sync/change-codec';

/** A calendar change; `i` makes its state (and digest) unique unless a test repeats it. */
export function calendarFacts(i: number, calendarId = `cal-${i}`): ChangeFacts {
  return {
    kind: ChangeKind.CALENDAR_UPDATED,
    scheduleId: null,
    calendarId,
    schedule: null,
    calendar: {
      id: calendarId,
      summary: `Rooms ${i}`,
      color: '#112233',
      description: null,
      admins: ['alice'],
      shares: [],
      isPublic: false,
      publicRange: null,
      isCorpCalendar: false,
      isDefault: null,
    },
    source: ChangeSource.WECOM,
    userId: 'alice',
    caller: null,
  };
}

/** Appends change `i` for its own resource, with a digest of its own: always recorded. */
export async function appendNumbered(store: ChangeFeedStore, i: number): Promise<RecordedChange> {
  const recorded = await store.append(calendarFacts(i), `calendar:cal-${i}`, `digest-${i}`);
  if (!recorded) throw new Error(`change ${i} was not recorded`);
  return recorded;
}

export async function waitFor(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/**
 * Subscribes a listener and appends warm-up changes until one arrives live: from then on the store
 * follows its log (a shared store's follower starts asynchronously; changes before that are a gap).
 */
export async function followingStore(store: ChangeFeedStore): Promise<() => void> {
  let arrived = false;
  const unsubscribe = store.subscribe(() => (arrived = true));
  for (let i = 0; !arrived; i++) {
    await appendNumbered(store, 900_000 + i);
    await waitFor(() => arrived, 'a warm-up change', 200).catch(() => undefined);
    if (i > 100) throw new Error('the store never delivered a change live');
  }
  return unsubscribe;
}

async function rejection(work: Promise<unknown>): Promise<unknown> {
  try {
    await work;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

export interface FeedUnderTest {
  /** A new, empty feed (its own keys in a shared Redis). */
  open(limits?: Partial<ChangeFeedLimits>): Promise<ChangeFeedStore>;
  /** A cursor of the same feed beyond `head` (what the feed never gave). */
  beyond(head: string): string;
}

/** The behaviour every ChangeFeedStore must have, run against each store (like the lock store suite). */
export function changeFeedStoreSuite(name: string, feed: FeedUnderTest): void {
  describe(`${name}: the ChangeFeedStore contract`, () => {
    let opened: ChangeFeedStore[] = [];
    const open = async (limits?: Partial<ChangeFeedLimits>) => {
      const store = await feed.open(limits);
      opened.push(store);
      return store;
    };
    afterEach(async () => {
      await Promise.all(opened.map((store) => store.close()));
      opened = [];
    });

    it('reads back what was appended, in order, equal to what was appended, and the head is the newest', async () => {
      const store = await open();
      expect(await store.head()).toBeNull();
      expect(await store.read(null, 10)).toEqual([]);
      const appended = [];
      for (let i = 0; i < 5; i++) appended.push(await appendNumbered(store, i));
      const read = await store.read(null, 10);
      expect(read).toEqual(appended);
      expect(read[0].at).toBeInstanceOf(Date);
      expect(read[0]).toMatchObject(calendarFacts(0));
      for (let i = 1; i < read.length; i++) expect(store.compare(read[i - 1].cursor, read[i].cursor)).toBeLessThan(0);
      expect(store.compare(read[3].cursor, read[1].cursor)).toBeGreaterThan(0);
      expect(store.compare(read[2].cursor, read[2].cursor)).toBe(0);
      expect(await store.head()).toBe(appended[4].cursor);
    });

    it('pages with after and a limit, after being exclusive', async () => {
      const store = await open();
      const cursors = [];
      for (let i = 0; i < 7; i++) cursors.push((await appendNumbered(store, i)).cursor);
      const page = async (after: string | null, limit: number) => (await store.read(after, limit)).map((change) => change.cursor);
      expect(await page(null, 3)).toEqual(cursors.slice(0, 3));
      expect(await page(cursors[2], 3)).toEqual(cursors.slice(3, 6));
      expect(await page(cursors[5], 3)).toEqual(cursors.slice(6));
      expect(await page(cursors[6], 3)).toEqual([]);
      expect(await page(cursors[0], 0)).toEqual([]);
    });

    it('records a resource’s state only when it differs from the last one recorded for that resource', async () => {
      const store = await open();
      const a = calendarFacts(1, 'cal-a');
      expect(await store.append(a, 'calendar:cal-a', 'd1')).not.toBeNull();
      expect(await store.append(a, 'calendar:cal-a', 'd1')).toBeNull();
      // The same digest for another resource is another resource's state.
      expect(await store.append(calendarFacts(1, 'cal-b'), 'calendar:cal-b', 'd1')).not.toBeNull();
      expect(await store.append(a, 'calendar:cal-a', 'd2')).not.toBeNull();
      // Back to an earlier state is a change: only the last recorded state counts.
      expect(await store.append(a, 'calendar:cal-a', 'd1')).not.toBeNull();
      expect(await store.read(null, 10)).toHaveLength(4);
    });

    it('refuses cursors it never gave with InvalidCursorError (BAD_USER_INPUT), reading nothing', async () => {
      const store = await open();
      const head = (await appendNumbered(store, 1)).cursor;
      const foreign = ['nonsense', '', 'm1.', 'r1.', `${head}x`, ` ${head}`, 'x'.repeat(100_000), feed.beyond(head), 'm1.abc.1', 'r1.0123456789ab.1.1-0'];
      for (const cursor of foreign) {
        const error = await rejection(store.read(cursor, 10));
        // A cursor of another feed of the same kind may also be an expired one of this feed.
        if (cursor === 'm1.abc.1' || cursor === 'r1.0123456789ab.1.1-0') {
          expect(error instanceof InvalidCursorError || error instanceof CursorExpiredError).toBe(true);
          continue;
        }
        expect(error).toBeInstanceOf(InvalidCursorError);
        expect((error as InvalidCursorError).extensions.code).toBe('BAD_USER_INPUT');
        await expect(store.checkCursor(cursor)).rejects.toBeInstanceOf(InvalidCursorError);
        if (cursor !== feed.beyond(head)) expect(() => store.compare(cursor, head)).toThrow(InvalidCursorError);
      }
      await expect(store.checkCursor(head)).resolves.toBeUndefined();
    });

    it('keeps at least maxChanges: a cursor whose successors were trimmed is CURSOR_EXPIRED, the last trimmed one still reads on', async () => {
      const store = await open({ maxChanges: 10 });
      const cursors = [];
      for (let i = 0; i < 400; i++) cursors.push((await appendNumbered(store, i)).cursor);
      const kept = (await store.read(null, 1000)).map((change) => change.cursor);
      expect(kept.length).toBeGreaterThanOrEqual(10);
      expect(kept.length).toBeLessThan(400);
      expect(kept).toEqual(cursors.slice(cursors.length - kept.length));
      const oldest = cursors.length - kept.length;
      // Nothing after the newest trimmed change was lost: it still reads on from the oldest kept.
      expect((await store.read(cursors[oldest - 1], 2)).map((change) => change.cursor)).toEqual(kept.slice(0, 2));
      for (const cursor of [cursors[oldest - 2], cursors[0]]) {
        const error = await rejection(store.read(cursor, 10));
        expect(error).toBeInstanceOf(CursorExpiredError);
        expect((error as CursorExpiredError).extensions.code).toBe('CURSOR_EXPIRED');
        await expect(store.checkCursor(cursor)).rejects.toBeInstanceOf(CursorExpiredError);
      }
      await expect(store.checkCursor(kept[0])).resolves.toBeUndefined();
      expect(await store.head()).toBe(cursors[399]);
    });

    it('keeps at most maxBytes of changes (the newest always), expiring exactly the cursors whose successors were trimmed', async () => {
      const store = await open({ maxBytes: 4000 });
      const appended: { cursor: string; bytes: number }[] = [];
      for (let i = 0; i < 60; i++) {
        const change = await appendNumbered(store, i);
        appended.push({ cursor: change.cursor, bytes: Buffer.byteLength(encodeChange(calendarFacts(i), change.at)) });
      }
      const kept = (await store.read(null, 1000)).map((change) => change.cursor);
      const oldest = appended.length - kept.length;
      expect(kept).toEqual(appended.slice(oldest).map((entry) => entry.cursor));
      const keptBytes = appended.slice(oldest).reduce((sum, entry) => sum + entry.bytes, 0);
      expect(keptBytes).toBeLessThanOrEqual(4000);
      expect(keptBytes + appended[oldest - 1].bytes).toBeGreaterThan(4000); // no more trimmed than needed
      expect((await store.read(appended[oldest - 1].cursor, 1))[0].cursor).toBe(kept[0]);
      await expect(store.read(appended[oldest - 2].cursor, 1)).rejects.toBeInstanceOf(CursorExpiredError);

      // A change larger than the cap is kept, alone; the next one trims it.
      const big = calendarFacts(1000);
      big.calendar!.description = 'x'.repeat(5000);
      const bigChange = await store.append(big, 'calendar:cal-1000', 'big');
      expect((await store.read(null, 1000)).map((change) => change.cursor)).toEqual([bigChange!.cursor]);
      const after = await appendNumbered(store, 1001);
      expect((await store.read(null, 1000)).map((change) => change.cursor)).toEqual([after.cursor]);
      expect((await store.read(bigChange!.cursor, 10)).map((change) => change.cursor)).toEqual([after.cursor]);
    });

    it('delivers every change appended after subscribing to each listener, in order, once, without gaps', async () => {
      const store = await open();
      const unsubscribeWarmUp = await followingStore(store);
      const first: string[] = [];
      const second: string[] = [];
      let gaps = 0;
      const unsubscribeFirst = store.subscribe((change) => first.push(change.cursor), () => gaps++);
      store.subscribe((change) => second.push(change.cursor), () => gaps++);
      const appended: string[] = [];
      const appendMany = async (from: number) => {
        for (let i = from; i < from + 15; i++) appended.push((await appendNumbered(store, i)).cursor);
      };
      await Promise.all([appendMany(0), appendMany(100)]);
      appended.sort((a, b) => store.compare(a, b));
      await waitFor(() => second.length >= appended.length, 'the appends');
      expect(first).toEqual(appended);
      expect(second).toEqual(appended);
      expect(gaps).toBe(0);
      unsubscribeFirst();
      const later = (await appendNumbered(store, 500)).cursor;
      await waitFor(() => second.includes(later), 'the later change');
      expect(first).toEqual(appended);
      unsubscribeWarmUp();
    });

    it('follows with after: replays, then goes live, with no gap and no repeat at the seam while appends go on', async () => {
      const store = await open();
      const appended: string[] = [];
      for (let i = 0; i < 40; i++) appended.push((await appendNumbered(store, i)).cursor);
      const after = appended[19];
      let followersStarted = false;
      // Each writer goes on for 100 appends after the followers started: their replay and their live
      // phase both overlap appends, however the machine schedules them.
      const writer = async (from: number) => {
        let afterStart = 0;
        for (let i = from; afterStart < 100; i++) {
          appended.push((await appendNumbered(store, i)).cursor);
          if (followersStarted) afterStart += 1;
          await new Promise(setImmediate); // let the followers' reads interleave (the memory store answers at once)
        }
      };
      const writers = Promise.all([writer(10_000), writer(20_000), writer(30_000)]);
      await waitFor(() => appended.length >= 60, 'some concurrent appends');
      const replayed = await followChanges(store, { after });
      const live = await followChanges(store, { after: null });
      followersStarted = true;
      await writers;
      const last = (await appendNumbered(store, 9999)).cursor;
      appended.push(last);
      appended.sort((a, b) => store.compare(a, b));

      const drain = async (follower: AsyncIterableIterator<RecordedChange>) => {
        const got: string[] = [];
        const until = Date.now() + 20_000;
        while (got[got.length - 1] !== last) {
          if (Date.now() > until) throw new Error(`follower stuck after ${got.length} changes`);
          const next = await follower.next();
          if (next.done) break;
          got.push(next.value.cursor);
        }
        await follower.return!();
        return got;
      };
      const [fromCursor, fromNow] = await Promise.all([drain(replayed), drain(live)]);
      expect(fromCursor).toEqual(appended.slice(appended.indexOf(after) + 1));
      // Live only: from some change on (whatever the head was when it started), every one, once.
      expect(fromNow.length).toBeGreaterThan(0);
      expect(fromNow).toEqual(appended.slice(appended.indexOf(fromNow[0])));
    });
  });
}
