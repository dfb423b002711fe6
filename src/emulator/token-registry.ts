import { randomBytes } from 'node:crypto';
import type { AppIdentity } from './app-identity';
import { WeComError } from './wecom-errors';

type TokenState = 'valid' | 'expired' | 'revoked';

interface IssuedToken {
  readonly value: string;
  readonly owner: AppIdentity;
  readonly expiresAtMs: number;
  /** Set by the test controls; otherwise the state follows the clock. */
  forcedState?: 'expired' | 'revoked';
}

export interface TokenGrant {
  access_token: string;
  expires_in: number;
}

/**
 * Access tokens per app (WECOM.md section 1). While an app's latest token is valid, gettoken returns it again
 * with the remaining lifetime (older doc wording); afterwards a fresh one with the full TTL. Real time is used
 * so tests can run with a 1-second TTL.
 */
export class TokenRegistry {
  private readonly issued = new Map<string, IssuedToken>();
  private readonly latestByApp = new Map<string, IssuedToken>();

  constructor(
    private readonly ttlSeconds: number,
    private readonly now: () => number = Date.now,
  ) {
    if (!Number.isFinite(ttlSeconds) || ttlSeconds <= 0) throw new RangeError('tokenTtlSeconds must be > 0');
  }

  obtain(owner: AppIdentity): TokenGrant {
    const latest = this.latestByApp.get(owner.key);
    if (latest && this.stateOf(latest) === 'valid') {
      return { access_token: latest.value, expires_in: Math.ceil((latest.expiresAtMs - this.now()) / 1000) };
    }
    const fresh: IssuedToken = { value: newTokenValue(), owner, expiresAtMs: this.now() + this.ttlSeconds * 1000 };
    this.issued.set(fresh.value, fresh);
    this.latestByApp.set(owner.key, fresh);
    return { access_token: fresh.value, expires_in: this.ttlSeconds };
  }

  /** Resolves the URL `access_token` to its app, or throws 41001 / 40014 / 42001. */
  authenticate(token: string | undefined): AppIdentity {
    if (!token) throw new WeComError(41001);
    const issued = this.issued.get(token);
    if (!issued) throw new WeComError(40014);
    const state = this.stateOf(issued);
    if (state === 'revoked') throw new WeComError(40014);
    if (state === 'expired') throw new WeComError(42001);
    return issued.owner;
  }

  expireAll(): void {
    this.forceAll('expired');
  }

  revokeAll(): void {
    this.forceAll('revoked');
  }

  private forceAll(state: 'expired' | 'revoked'): void {
    for (const token of this.issued.values()) token.forcedState = state;
  }

  private stateOf(token: IssuedToken): TokenState {
    if (token.forcedState) return token.forcedState;
    return this.now() >= token.expiresAtMs ? 'expired' : 'valid';
  }
}

/** Real tokens are opaque strings of ~64-512 url-safe chars; 64 random bytes give 86 chars. */
function newTokenValue(): string {
  return randomBytes(64).toString('base64url');
}
