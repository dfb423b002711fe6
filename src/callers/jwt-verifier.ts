import { createPublicKey, createSecretKey } from 'node:crypto';
import { JWTPayload, JWTVerifyGetKey, KeyLike, createRemoteJWKSet, jwtVerify } from 'jose';
import { Caller, Scope } from './caller';
import { JWKS_ALGORITHMS, JwtSettings, SECRET_ALGORITHMS, algorithmsForPublicKey } from './auth-settings';

/** The result of a failed check: jose's error code, for our logs only (never shown to the caller). */
export class JwtRejected extends Error {
  constructor(readonly reason: string) {
    super(`JWT rejected: ${reason}`);
    this.name = 'JwtRejected';
  }
}

const KNOWN_SCOPES = new Set<string>(Object.values(Scope));

/**
 * Verifies JWTs with jose: signature with the configured key (algorithms restricted to that key's
 * kind), exp/nbf with a clock tolerance, iss and aud when configured. A JWKS is fetched lazily,
 * cached, and fetched again when a token names an unknown kid (at most once per cooldown).
 */
export class JwtVerifier {
  private readonly key: KeyLike | Uint8Array | JWTVerifyGetKey;
  private readonly algorithms: string[];

  constructor(private readonly settings: JwtSettings) {
    const source = settings.key;
    if (source.kind === 'secret') {
      this.key = createSecretKey(Buffer.from(source.secret, 'utf8'));
      this.algorithms = SECRET_ALGORITHMS;
    } else if (source.kind === 'public-key') {
      const key = createPublicKey(source.pem);
      this.key = key;
      this.algorithms = algorithmsForPublicKey(key);
    } else {
      this.key = createRemoteJWKSet(new URL(source.url), {
        cooldownDuration: settings.jwksCooldownMs ?? 30_000,
        cacheMaxAge: 10 * 60_000,
        timeoutDuration: 5_000,
      });
      this.algorithms = JWKS_ALGORITHMS;
    }
  }

  /** The caller a valid token names; throws JwtRejected otherwise. */
  async verify(token: string): Promise<Caller> {
    let payload: JWTPayload;
    const clockTolerance = this.settings.clockToleranceSeconds ?? 30;
    try {
      const options = {
        algorithms: this.algorithms,
        issuer: this.settings.issuer,
        audience: this.settings.audience,
        clockTolerance,
        // A token without exp would stay valid forever once issued (or leaked).
        requiredClaims: ['exp'],
      };
      // The overloads differ only in the key's type; both paths check the same options.
      ({ payload } =
        typeof this.key === 'function' ? await jwtVerify(token, this.key, options) : await jwtVerify(token, this.key, options));
    } catch (error) {
      throw new JwtRejected((error as { code?: string }).code ?? 'ERR_JWT_INVALID');
    }
    // jose accepted exp (required) up to clockTolerance ago: the token is accepted until then.
    return callerFromClaims(payload, (payload.exp! + clockTolerance) * 1000);
  }
}

/** The calling application (azp, client_id) names the caller; a user token falls back to sub. */
function callerFromClaims(payload: JWTPayload, expiresAt: number): Caller {
  const name = [payload.azp, payload.client_id, payload.sub].find((value) => typeof value === 'string' && value.trim() !== '');
  if (typeof name !== 'string') throw new JwtRejected('NO_CALLER_CLAIM');
  return Object.freeze({ name, kind: 'jwt' as const, scopes: scopesFromClaims(payload), expiresAt });
}

/** `scope` is a space-separated string (RFC 8693); `scp` a list (or a string, as some issuers send it). */
function scopesFromClaims(payload: JWTPayload): ReadonlySet<Scope> {
  const raw: unknown[] = [];
  if (typeof payload.scope === 'string') raw.push(...payload.scope.split(' '));
  if (Array.isArray(payload.scp)) raw.push(...payload.scp);
  else if (typeof payload.scp === 'string') raw.push(...payload.scp.split(' '));
  return new Set(raw.filter((scope): scope is Scope => typeof scope === 'string' && KNOWN_SCOPES.has(scope)));
}
