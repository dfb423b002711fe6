import { randomUUID } from 'node:crypto';
import { deadlineIn } from '../../src/http/deadline';
import { LockStore, LockWaitTimeoutError } from '../../src/coordination/lock-types';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The behaviour every LockStore must have, run against each store (the keyv test-suite pattern).
 * `stores()` gives two stores over the same backing (two instances of a fleet; the same store twice
 * for the in-process one). Keys are random per test, so runs never meet in a shared Redis.
 */
export function lockStoreSuite(name: string, stores: () => [LockStore, LockStore]): void {
  describe(`${name}: the LockStore contract`, () => {
    const key = () => `suite:${randomUUID()}`;

    it('lets one holder at a time run a read-modify-write, and gives each of 20 concurrent waiters its turn', async () => {
      const [first, second] = stores();
      const k = key();
      let counter = 0;
      let inside = 0;
      let mostInside = 0;
      const turns = Array.from({ length: 20 }, async (_, index) => {
        const handle = await (index % 2 ? first : second).acquire(k, deadlineIn(15_000));
        mostInside = Math.max(mostInside, ++inside);
        const read = counter;
        await sleep(5); // a real gap between the read and the write, where a lost update would happen
        counter = read + 1;
        inside--;
        await handle.release();
      });
      await Promise.all(turns);
      expect(counter).toBe(20);
      expect(mostInside).toBe(1);
    });

    it('grants a free lock at once, even with no time left to wait', async () => {
      const [store] = stores();
      const handle = await store.acquire(key(), Date.now());
      expect(handle.held).toBe(true);
      await handle.release();
      expect(handle.held).toBe(false);
    });

    it('refuses a waiter whose turn does not come before its deadline, and that waiter never takes the lock later', async () => {
      const [first, second] = stores();
      const k = key();
      const holder = await first.acquire(k, deadlineIn(1000));
      const started = Date.now();
      await expect(second.acquire(k, deadlineIn(150))).rejects.toBeInstanceOf(LockWaitTimeoutError);
      expect(Date.now() - started).toBeGreaterThanOrEqual(140);
      await holder.release();
      // Free again at once: the timed-out waiter did not slip in after the release.
      const next = await second.acquire(k, Date.now());
      await next.release();
    });

    it('hands the lock to a waiter as soon as the holder releases it', async () => {
      const [first, second] = stores();
      const k = key();
      const holder = await first.acquire(k, deadlineIn(1000));
      const waiting = second.acquire(k, deadlineIn(5000));
      await sleep(50);
      const released = Date.now();
      await holder.release();
      const next = await waiting;
      expect(Date.now() - released).toBeLessThan(500);
      await next.release();
    });

    it('keeps different keys apart', async () => {
      const [first, second] = stores();
      const a = await first.acquire(key(), deadlineIn(1000));
      const b = await second.acquire(key(), Date.now());
      await Promise.all([a.release(), b.release()]);
    });

    it('ignores a second release: it never frees the lock for its next holder', async () => {
      const [first, second] = stores();
      const k = key();
      const holder = await first.acquire(k, deadlineIn(1000));
      const waiting = second.acquire(k, deadlineIn(5000));
      await holder.release();
      const next = await waiting;
      await holder.release();
      await expect(first.acquire(k, deadlineIn(100))).rejects.toBeInstanceOf(LockWaitTimeoutError);
      await next.release();
    });
  });
}
