import { MemoryIdempotencyStore } from '../../src/coordination/idempotency-memory-store';
import { idempotencyStoreSuite } from './idempotency-store.suite';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

describe('MemoryIdempotencyStore', () => {
  const store = new MemoryIdempotencyStore();
  idempotencyStoreSuite(() => store, sleep);

  it('stays within maxEntries by dropping the oldest finished records, never pending or unknown ones', async () => {
    const small = new MemoryIdempotencyStore({ maxEntries: 3 });
    await small.claim('pending', { state: 'pending', token: 'p', digest: 'd', leaseUntil: Date.now() + 60_000 }, 60_000);
    await small.claim('unknown', { state: 'unknown', token: 'u', digest: 'd' }, 60_000);
    await small.claim('done-1', { state: 'done', token: 'a', digest: 'd', result: '{}' }, 60_000);
    await small.claim('done-2', { state: 'done', token: 'b', digest: 'd', result: '{}' }, 60_000);
    expect(await small.get('done-1')).toBeUndefined();
    expect(await small.get('done-2')).toBeDefined();
    expect(await small.get('pending')).toBeDefined();
    expect(await small.get('unknown')).toBeDefined();
  });

  it('stays within maxBytes however large the stored answers are, dropping the oldest finished ones first', async () => {
    const store = new MemoryIdempotencyStore({ maxBytes: 1024 * 1024 });
    const answer = JSON.stringify({ description: 'x'.repeat(100_000) }); // about a schedule with a long description
    for (let i = 0; i < 50; i++) {
      await store.claim(`k${i}`, { state: 'pending', token: `t${i}`, digest: 'd', leaseUntil: Date.now() + 60_000 }, 60_000);
      await store.replace(`k${i}`, `t${i}`, { state: 'done', token: `t${i}`, digest: 'd', result: answer });
    }
    expect(store.sizeBytes).toBeLessThanOrEqual(1024 * 1024);
    expect(await store.get('k0')).toBeUndefined();
    expect((await store.get('k49'))?.state).toBe('done');
  });
});
