import { InMemoryLRUCache, KeyValueCacheSetOptions } from '@apollo/utils.keyvaluecache';
import { parse } from 'graphql';
import {
  DOCUMENT_STORE_BYTES,
  PERSISTED_QUERY_MEMORY_BYTES,
  createDocumentStore,
  createPersistedQueryCache,
} from '../../src/limits/query-caches';

const MB = 1_000_000;
const paddedQuery = (n: number, bytes = MB) => {
  const head = `{ __typename } # ${n} `;
  return head + 'x'.repeat(bytes - head.length);
};

describe('the parsed-document store', () => {
  it('counts the query text a document keeps alive, so 1 MB documents are evicted by total size', async () => {
    const store = createDocumentStore();
    const count = 40;
    for (let n = 0; n < count; n++) await store.set(`q${n}`, parse(paddedQuery(n)));

    const kept = store.keys().length;
    expect(kept).toBeLessThanOrEqual(DOCUMENT_STORE_BYTES / (2 * MB));
    expect(kept).toBeGreaterThan(0);
    expect(await store.get(`q${count - 1}`)).toBeDefined();
    expect(await store.get('q0')).toBeUndefined();
  });

  it('keeps many small documents', async () => {
    const store = createDocumentStore();
    for (let n = 0; n < 1000; n++) await store.set(`q${n}`, parse(`{ a${n}: __typename }`));
    expect(store.keys()).toHaveLength(1000);
  });
});

describe('the persisted-query store', () => {
  it('does not store a query larger than the entry cap', async () => {
    const cache = createPersistedQueryCache(undefined, 1000);
    await cache.set('big', 'x'.repeat(1001));
    await cache.set('fits', 'x'.repeat(1000));
    expect(await cache.get('big')).toBeUndefined();
    expect(await cache.get('fits')).toHaveLength(1000);
  });

  it('keeps process memory bounded by bytes without a shared store', async () => {
    const cache = createPersistedQueryCache(undefined, 2 * MB);
    for (let n = 0; n < 40; n++) await cache.set(`h${n}`, paddedQuery(n));
    let kept = 0;
    for (let n = 0; n < 40; n++) if (await cache.get(`h${n}`)) kept++;
    expect(kept).toBeLessThanOrEqual(PERSISTED_QUERY_MEMORY_BYTES / (2 * MB));
    expect(await cache.get('h39')).toBeDefined();
  });

  it('writes through to the shared store, passing the TTL, within the entry cap', async () => {
    const writes: { key: string; ttl?: number | null }[] = [];
    const shared = new (class extends InMemoryLRUCache<string> {
      override async set(key: string, value: string, options?: KeyValueCacheSetOptions): Promise<void> {
        writes.push({ key, ttl: options?.ttl });
        await super.set(key, value, options);
      }
    })();
    const cache = createPersistedQueryCache(shared, 100);
    await cache.set('a', 'query', { ttl: 86_400 });
    await cache.set('b', 'x'.repeat(101), { ttl: 86_400 });
    expect(writes).toEqual([{ key: 'a', ttl: 86_400 }]);
    expect(await cache.get('a')).toBe('query');
  });
});
