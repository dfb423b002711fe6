import { randomUUID } from 'node:crypto';
import { MemoryLockStore } from '../../src/coordination/lock-memory-store';
import { deadlineIn } from '../../src/http/deadline';
import { lockStoreSuite } from './lock-suite';

describe('MemoryLockStore', () => {
  let store: MemoryLockStore;
  beforeEach(() => {
    store = new MemoryLockStore();
  });

  lockStoreSuite('MemoryLockStore', () => [store, store]);

  it('serves waiters first come, first served', async () => {
    const key = randomUUID();
    const order: number[] = [];
    const holder = await store.acquire(key, deadlineIn(1000));
    const waiters = [1, 2, 3, 4].map(async (n) => {
      const handle = await store.acquire(key, deadlineIn(1000));
      order.push(n);
      await handle.release();
    });
    await holder.release();
    await Promise.all(waiters);
    expect(order).toEqual([1, 2, 3, 4]);
  });

  it('forgets a key once nobody holds or waits for it', async () => {
    const key = randomUUID();
    const holder = await store.acquire(key, deadlineIn(1000));
    await expect(store.acquire(key, deadlineIn(20))).rejects.toThrow();
    await holder.release();
    expect(store.activeKeys).toBe(0);
  });
});
