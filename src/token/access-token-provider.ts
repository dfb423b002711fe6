import type { Keyv } from 'keyv';
import type { Logger } from 'pino';
import { LockHandle, LockStore, LockStoreUnavailableError, LockWaitTimeoutError } from '../coordination/lock-types';
import { ErrorCode } from '../errors/error-codes';
import { WeComApiError, WeComUnavailableError } from '../errors/gateway-error';
import { BackoffOptions, DEFAULT_BACKOFF, backoffDelayMs } from '../http/backoff';
import { Deadline, sleepWithin } from '../http/deadline';
import { tokenCacheKey } from './token-cache-key';
import { AppCredentials, FetchedToken } from './fetch-access-token';
import { withinMs } from '../cache/redis-commands';

interface CachedToken {
  token: string;
  /** ms since epoch after which the token is no longer handed out (WeCom expiry minus the margin). */
  expiresAt: number;
}

export interface AccessTokenProviderOptions {
  credentials: AppCredentials;
  /** Shared store (memory, or Redis shared by all instances). Must be created with `throwOnErrors: true`. */
  cache: Keyv<CachedToken>;
  /** The gettoken call. */
  fetchToken: (deadline: Deadline) => Promise<FetchedToken>;
  logger: Logger;
  /** A token is retired this long before WeCom's expiry. Capped at a tenth of the lifetime. @default 300 */
  safetyMarginSeconds?: number;
  /** Retries of gettoken on busy/unreachable WeCom (gettoken is safe to repeat). */
  backoff?: BackoffOptions;
  /** A cache operation slower than this counts as failed, so a stalled Redis cannot stall requests. @default 500 */
  cacheTimeoutMs?: number;
  /**
   * After gettoken rejects the corp id or secret, callers get the same error without a new gettoken
   * for this long: repeated bad-secret calls get the gateway's IP blocked by WeCom for an hour. @default 10000
   */
  authFailureCooldownMs?: number;
  /**
   * The fleet's gettoken lock (Redis, with CACHE_URL): one instance fetches, the others wait for its
   * token. Unset: the single flight in this process is the only coordination.
   */
  fetchLock?: LockStore;
}

/**
 * Hands out the app's access token: fetched once, shared by concurrent callers (single flight),
 * cached in Keyv for its lifetime minus a margin, and dropped when WeCom rejects it.
 *
 * A copy of the last good token is also kept in process: it saves a cache round trip per call and,
 * when the shared cache fails, lets the gateway keep working on its own token instead of
 * calling gettoken on every request (WeCom rate-limits and then blocks that).
 */
export class AccessTokenProvider {
  private readonly key: string;
  private readonly marginSeconds: number;
  private readonly backoff: BackoffOptions;
  private readonly cacheTimeoutMs: number;
  private local: CachedToken | undefined;
  private inFlight: Promise<string> | undefined;
  private authFailure: { error: WeComApiError; until: number } | undefined;
  /**
   * Tokens WeCom rejected lately. While an invalidation is still deleting one from the shared cache,
   * a concurrent refresh could read it back and hand it out again; these are never handed out.
   */
  private readonly rejected: string[] = [];

  constructor(private readonly options: AccessTokenProviderOptions) {
    this.key = tokenCacheKey(options.credentials.corpId, options.credentials.corpSecret);
    this.marginSeconds = options.safetyMarginSeconds ?? 300;
    this.backoff = options.backoff ?? DEFAULT_BACKOFF;
    this.cacheTimeoutMs = options.cacheTimeoutMs ?? 500;
  }

  async getToken(deadline: Deadline): Promise<string> {
    if (this.local && this.local.expiresAt > Date.now()) return this.local.token;
    if (this.authFailure && this.authFailure.until > Date.now()) throw this.authFailure.error;
    this.inFlight ??= this.refresh(deadline).finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  /** Drops `rejected` wherever it is still the current token; a newer token fetched meanwhile stays. */
  async invalidate(rejected: string): Promise<void> {
    if (!this.rejected.includes(rejected)) this.rejected.push(rejected);
    if (this.rejected.length > 8) this.rejected.shift();
    if (this.local?.token === rejected) this.local = undefined;
    try {
      const cached = await this.withinCacheTimeout(this.options.cache.get(this.key));
      if (cached?.token === rejected) await this.withinCacheTimeout(this.options.cache.delete(this.key));
    } catch (error) {
      this.logCacheFailure('invalidate', error);
    }
  }

  private async refresh(deadline: Deadline): Promise<string> {
    const shared = await this.usableShared();
    if (shared) return shared;
    const lock = await this.takeFetchLock(deadline);
    try {
      // Whoever held the lock before us may have fetched and cached a token meanwhile.
      const fetchedMeanwhile = lock ? await this.usableShared() : undefined;
      return fetchedMeanwhile ?? (await this.fetchAndStore(deadline));
    } finally {
      await lock?.release();
    }
  }

  /** The shared cache's token, adopted in process, when it is valid and not one WeCom rejected. */
  private async usableShared(): Promise<string | undefined> {
    const shared = await this.readShared();
    if (!shared || shared.expiresAt <= Date.now() || this.rejected.includes(shared.token)) return undefined;
    this.local = shared;
    return shared.token;
  }

  /**
   * The fleet-wide right to call gettoken. Redis unreachable: undefined, and this process fetches on
   * its own (reads go on while Redis is down). No turn before the deadline: WECOM_UNAVAILABLE.
   */
  private async takeFetchLock(deadline: Deadline): Promise<LockHandle | undefined> {
    if (!this.options.fetchLock) return undefined;
    try {
      return await this.options.fetchLock.acquire(this.key, deadline);
    } catch (error) {
      if (error instanceof LockWaitTimeoutError) {
        throw new WeComUnavailableError('another instance was fetching the access token and did not finish in time', 'gettoken');
      }
      if (!(error instanceof LockStoreUnavailableError)) throw error;
      this.logCacheFailure('fetch lock', error);
      return undefined;
    }
  }

  private async fetchAndStore(deadline: Deadline): Promise<string> {
    const fetched = await this.fetchWithRetries(deadline).catch((error: unknown) => this.failRefresh(error));
    const lifetimeSeconds = fetched.expiresInSeconds - Math.min(this.marginSeconds, fetched.expiresInSeconds / 10);
    const entry: CachedToken = { token: fetched.accessToken, expiresAt: Date.now() + lifetimeSeconds * 1000 };
    this.local = entry;
    await this.writeShared(entry, lifetimeSeconds * 1000);
    this.options.logger.info({ expiresInSeconds: fetched.expiresInSeconds }, 'fetched a new WeCom access token');
    return entry.token;
  }

  private failRefresh(error: unknown): never {
    if (error instanceof WeComApiError && error.code === ErrorCode.AuthFailed) {
      this.authFailure = { error, until: Date.now() + (this.options.authFailureCooldownMs ?? 10_000) };
      this.options.logger.error({ errcode: error.errcode }, 'WeCom rejected the configured corp id or secret (gettoken)');
    } else {
      const errcode = error instanceof WeComApiError ? error.errcode : undefined;
      this.options.logger.warn({ errcode, reason: (error as Error).message }, 'fetching a WeCom access token failed');
    }
    throw error;
  }

  private async fetchWithRetries(deadline: Deadline): Promise<FetchedToken> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.options.fetchToken(deadline);
      } catch (error) {
        if (attempt >= this.backoff.maxAttempts || !isTransient(error)) throw error;
        const waited = await sleepWithin(backoffDelayMs(attempt, this.backoff), deadline);
        if (!waited) throw error;
      }
    }
  }

  private async readShared(): Promise<CachedToken | undefined> {
    try {
      return await this.withinCacheTimeout(this.options.cache.get(this.key));
    } catch (error) {
      this.logCacheFailure('read', error);
      return undefined;
    }
  }

  private async writeShared(entry: CachedToken, ttlMs: number): Promise<void> {
    try {
      await this.withinCacheTimeout(this.options.cache.set(this.key, entry, ttlMs));
    } catch (error) {
      this.logCacheFailure('write', error);
    }
  }

  private withinCacheTimeout<T>(operation: Promise<T>): Promise<T> {
    return withinMs(operation, this.cacheTimeoutMs, 'token cache');
  }

  private logCacheFailure(operation: string, error: unknown): void {
    this.options.logger.warn(
      { operation, err: { name: (error as Error)?.name, message: (error as Error)?.message } },
      'token cache unavailable; using the token held in this process',
    );
  }
}

function isTransient(error: unknown): boolean {
  if (error instanceof WeComUnavailableError) return true;
  return error instanceof WeComApiError && error.rule.transient === true;
}

export type { CachedToken };
