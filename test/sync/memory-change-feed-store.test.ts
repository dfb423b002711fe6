import { CursorExpiredError } from '../../src/sync/feed/change-feed-store';
import { MemoryChangeFeedStore } from '../../src/sync/feed/memory-change-feed-store';
import { appendNumbered, changeFeedStoreSuite } from './change-feed-store.suite';

changeFeedStoreSuite('MemoryChangeFeedStore', {
  open: async (limits) => new MemoryChangeFeedStore(limits),
  beyond: (head) => head.replace(/\.(\d+)$/, (_, seq: string) => `.${Number(seq) + 1}`),
});

describe('MemoryChangeFeedStore when full', () => {
  // Appending to a full feed drops the oldest change without copying the ones kept: 200k appends to a
  // feed of 100k take seconds (about 12 s on a loaded 2-core machine), not the minutes (over 4) of
  // copying 100k entries each. The test's timeout is the only clock: it yields now and then so it can fire.
  it('keeps the newest maxChanges across many appends, expiring exactly the cursors whose successors were dropped', async () => {
    const store = new MemoryChangeFeedStore({ maxChanges: 100_000 });
    const cursors: string[] = [];
    for (let i = 0; i < 200_000; i++) {
      cursors.push((await appendNumbered(store, i)).cursor);
      if (i % 10_000 === 0) await new Promise(setImmediate);
    }
    const firstPage = await store.read(null, 3);
    expect(firstPage.map((change) => change.cursor)).toEqual(cursors.slice(100_000, 100_003));
    let kept = 0;
    for (let after: string | null = null; ; ) {
      const page = await store.read(after, 10_000);
      if (page.length === 0) break;
      expect(page[0].cursor).toBe(cursors[100_000 + kept]);
      kept += page.length;
      after = page[page.length - 1].cursor;
    }
    expect(kept).toBe(100_000);
    expect((await store.read(cursors[99_999], 1))[0].cursor).toBe(cursors[100_000]);
    await expect(store.read(cursors[99_998], 1)).rejects.toBeInstanceOf(CursorExpiredError);
    expect((await store.read(cursors[150_000], 2)).map((change) => change.cursor)).toEqual(cursors.slice(150_001, 150_003));
    expect(await store.head()).toBe(cursors[199_999]);
  }, 90_000);
});
