import { InMemoryLRUCache, KeyValueCache, KeyValueCacheSetOptions } from '@apollo/utils.keyvaluecache';
import type { DocumentNode } from 'graphql';

/** Parsed documents kept by Apollo, by their estimated size in memory. */
export const DOCUMENT_STORE_BYTES = 32 * 1024 * 1024;
/** Persisted query texts kept in process memory (without CACHE_URL). */
export const PERSISTED_QUERY_MEMORY_BYTES = 16 * 1024 * 1024;
/** How long a persisted query is kept (in Redis, and in memory). */
export const PERSISTED_QUERY_TTL_SECONDS = 24 * 60 * 60;

/**
 * Apollo's parsed-document cache, bounded by real size. Apollo's default sizes a document by its
 * JSON, which leaves out the query text that every node's `loc` keeps alive: a 1 MB query padded
 * with a comment counted as a few bytes, and a few hundred of them exhausted memory. Here the text
 * counts twice (a string may take two bytes a character) and the nodes and tokens ~4× their JSON.
 */
export function createDocumentStore(maxBytes = DOCUMENT_STORE_BYTES): InMemoryLRUCache<DocumentNode> {
  return new InMemoryLRUCache<DocumentNode>({
    maxSize: maxBytes,
    sizeCalculation: (document) => 2 * (document.loc?.source.body.length ?? 0) + 4 * JSON.stringify(document).length + 1,
  });
}

/** Refuses to store entries larger than `maxEntryBytes` (a client then simply sends the query again). */
class EntrySizeCap implements KeyValueCache<string> {
  constructor(
    private readonly inner: KeyValueCache<string>,
    private readonly maxEntryBytes: number,
  ) {}

  async set(key: string, value: string, options?: KeyValueCacheSetOptions): Promise<void> {
    if (Buffer.byteLength(value, 'utf8') > this.maxEntryBytes) return;
    await this.inner.set(key, value, options);
  }

  get(key: string): Promise<string | undefined> {
    return this.inner.get(key);
  }

  delete(key: string): Promise<boolean | void> {
    return this.inner.delete(key);
  }
}

/**
 * The store of automatic persisted queries: the shared (Redis) store when there is one, entries
 * expiring after PERSISTED_QUERY_TTL_SECONDS (Apollo passes the TTL on each write); otherwise an LRU
 * in process memory bounded by bytes. Either way no entry is larger than `maxEntryBytes`.
 */
export function createPersistedQueryCache(shared: KeyValueCache<string> | undefined, maxEntryBytes: number): KeyValueCache<string> {
  const store =
    shared ?? new InMemoryLRUCache<string>({ maxSize: PERSISTED_QUERY_MEMORY_BYTES, sizeCalculation: (text) => 2 * text.length + 1 });
  return new EntrySizeCap(store, maxEntryBytes);
}
