import { MemoryChangeFeedStore } from '../../src/sync/feed/memory-change-feed-store';
import { changeFeedStoreSuite } from './change-feed-store.suite';

changeFeedStoreSuite('MemoryChangeFeedStore', {
  open: async (limits) => new MemoryChangeFeedStore(limits),
  beyond: (head) => head.replace(/\.(\d+)$/, (_, seq: string) => `.${Number(seq) + 1}`),
});
