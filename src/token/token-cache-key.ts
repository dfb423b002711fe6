import { createHash } from 'node:crypto';

/**
 * Cache key of an app's token: corp id plus a digest of the app's secret. Two apps of one corp
 * have different secrets and must never share a token (WeCom answers 301002); the secret itself
 * never reaches the cache, whose keys are visible to anyone who can list Redis.
 */
export function tokenCacheKey(corpId: string, corpSecret: string): string {
  const appDigest = createHash('sha256').update(corpSecret).digest('hex').slice(0, 16);
  return `${corpId}:${appDigest}`;
}
