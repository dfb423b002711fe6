import { CursorExpiredError } from '../../src/sync/feed/change-feed-store';
import { MemoryChangeFeedStore } from '../../src/sync/feed/memory-change-feed-store';
import { appendNumbered, changeFeedStoreSuite } from './change-feed-store.suite';

changeFeedStoreSuite('MemoryChangeFeedStore', {
  open: async (limits) => new MemoryChangeFeedStore(limits),
  beyond: (head) => head.replace(/\.(\d+)$/, (_, seq: string) => `.${Number(seq) + 1}`),
});

describe('MemoryChangeFeedStore when full', () => {
  // Appending to a full feed drops the oldest change without copying the ones kept (measured once:
  // 200k appends to a feed of 100k took about 12 s on a loaded 2-core machine, against over 4 minutes
  // when every append copied the 100k kept). Here 40k appends to a feed of 20k check the behaviour.
  it('keeps the newest maxChanges across many appends, expiring exactly the cursors whose successors were dropped', async () => {
    const store = new MemoryChangeFeedStore({ maxChanges: 20_000 });
    const cursors: string[] = [];
    for (let i = 0; i < 40_000; i++) {
      cursors.push((await appendNumbered(store, i)).cursor);
      if (i % 10_000 === 0) await new Promise(setImmediate);
    }
    const firstPage = await store.read(null, 3);
    expect(firstPage.map((change) => change.cursor)).toEqual(cursors.slice(20_000, 20_003));
    let kept = 0;
    for (let after: string | null = null; ; ) {
      const page = await store.read(after, 10_000);
      if (page.length === 0) break;
      expect(page[0].cursor).toBe(cursors[20_000 + kept]);
      kept += page.length;
      after = page[page.length - 1].cursor;
    }
    expect(kept).toBe(20_000);
    expect((await store.read(cursors[19_999], 1))[0].cursor).toBe(cursors[20_000]);
    await expect(store.read(cursors[19_998], 1)).rejects.toBeInstanceOf(CursorExpiredError);
    expect((await store.read(cursors[30_000], 2)).map((change) => change.cursor)).toEqual(cursors.slice(30_001, 30_003));
    expect(await store.head()).toBe(cursors[39_999]);
  }, 30_000);
});
