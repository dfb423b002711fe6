import { createHash, timingSafeEqual } from 'node:crypto';
import { Caller, Scope } from './caller';
import type { ApiKeyEntry } from './auth-settings';

interface StoredKey {
  digest: Buffer;
  caller: Caller;
}

/**
 * Checks a presented API key against API_KEYS_FILE. Only sha256 digests are held. The presented key
 * is hashed and compared with every entry in constant time, without stopping at a match, so the
 * time taken tells nothing about which entry (or how much of one) matched.
 */
export class ApiKeyVerifier {
  private readonly keys: StoredKey[];

  constructor(entries: readonly ApiKeyEntry[]) {
    this.keys = entries.map((entry) => ({
      digest: Buffer.from(entry.sha256, 'hex'),
      caller: Object.freeze({ name: entry.name, kind: 'api-key' as const, scopes: new Set<Scope>(entry.scopes) }),
    }));
  }

  /** The caller the key belongs to, or undefined for an unknown key. */
  verify(key: string): Caller | undefined {
    const digest = createHash('sha256').update(key, 'utf8').digest();
    let found: Caller | undefined;
    for (const stored of this.keys) {
      // Both digests are 32 bytes, so timingSafeEqual never throws on length.
      const match = timingSafeEqual(digest, stored.digest);
      found = match ? stored.caller : found;
    }
    return found;
  }
}
