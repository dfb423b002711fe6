import { KeyObject, createPublicKey } from 'node:crypto';
import { Scope } from './caller';

/** How callers may prove who they are (API.md, "Callers"). No method at all is AUTH=none. */
export type AuthMethod = 'api-key' | 'jwt';

/** One entry of API_KEYS_FILE: the key itself is never stored, only its sha256. */
export interface ApiKeyEntry {
  name: string;
  /** Lower-case hex sha256 of the key (64 characters). */
  sha256: string;
  scopes: Scope[];
}

/** The key that verifies JWTs: exactly one of the three kinds. */
export type JwtKeySource =
  | { kind: 'jwks'; url: string }
  | { kind: 'public-key'; pem: string }
  | { kind: 'secret'; secret: string };

export interface JwtSettings {
  key: JwtKeySource;
  issuer?: string;
  audience?: string;
  /** Leeway for exp / nbf / iat between our clock and the issuer's. @default 30 */
  clockToleranceSeconds?: number;
  /** After a JWKS fetch, no other fetch for this long, even for an unknown kid (jose's guard). @default 30000 */
  jwksCooldownMs?: number;
}

export interface AuthSettings {
  /** Empty: AUTH=none, every caller is `anonymous` with both scopes. */
  methods: AuthMethod[];
  apiKeys?: ApiKeyEntry[];
  jwt?: JwtSettings;
}

export const NO_AUTH: AuthSettings = Object.freeze({ methods: [] });

const KNOWN_SCOPES: readonly string[] = Object.values(Scope);
/** Names go into logs, audit lines and metric labels: keep them plain. */
const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:@-]{0,63}$/;

/** AUTH: `none`, `api-key`, `jwt`, or both comma-separated (any order). Throws with a message for the user. */
export function parseAuthMethods(raw: string): AuthMethod[] {
  const items = raw.split(',').map((item) => item.trim().toLowerCase()).filter(Boolean);
  if (items.length === 1 && items[0] === 'none') return [];
  const methods = new Set<AuthMethod>();
  for (const item of items) {
    if (item !== 'api-key' && item !== 'jwt') throw new Error('AUTH must be none, api-key, jwt or api-key,jwt');
    methods.add(item);
  }
  if (methods.size === 0) throw new Error('AUTH must be none, api-key, jwt or api-key,jwt');
  return [...methods];
}

/** The content of API_KEYS_FILE, checked entry by entry. Throws with a message naming the entry. */
export function parseApiKeys(text: string): ApiKeyEntry[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Error('is not valid JSON: expected [{ "name": …, "sha256": …, "scopes": [...] }]');
  }
  if (!Array.isArray(parsed) || parsed.length === 0) throw new Error('must be a non-empty JSON array of { name, sha256, scopes }');
  const entries = parsed.map((entry, index) => parseApiKeyEntry(entry, index));
  const seenNames = new Set<string>();
  const seenHashes = new Set<string>();
  for (const entry of entries) {
    if (seenNames.has(entry.name)) throw new Error(`names must be unique: "${entry.name}" appears twice`);
    if (seenHashes.has(entry.sha256)) throw new Error(`"${entry.name}" has the same sha256 as another entry: one key, one name`);
    seenNames.add(entry.name);
    seenHashes.add(entry.sha256);
  }
  return entries;
}

function parseApiKeyEntry(entry: unknown, index: number): ApiKeyEntry {
  const where = `entry ${index}`;
  if (!entry || typeof entry !== 'object' || Array.isArray(entry)) throw new Error(`${where} must be an object { name, sha256, scopes }`);
  const { name, sha256, scopes } = entry as Record<string, unknown>;
  if (typeof name !== 'string' || !NAME_PATTERN.test(name)) {
    throw new Error(`${where}: name must be 1-64 characters of letters, digits and . _ : @ - (it names the caller in logs)`);
  }
  if (typeof sha256 !== 'string' || !/^[0-9a-fA-F]{64}$/.test(sha256)) {
    throw new Error(`"${name}": sha256 must be the 64 hex characters of the key's sha256 (never the key itself)`);
  }
  if (!Array.isArray(scopes) || scopes.some((scope) => typeof scope !== 'string' || !KNOWN_SCOPES.includes(scope))) {
    throw new Error(`"${name}": scopes must be a list of ${KNOWN_SCOPES.join(', ')}`);
  }
  return { name, sha256: sha256.toLowerCase(), scopes: [...new Set(scopes as Scope[])] };
}

/** JWT_PUBLIC_KEY_FILE: a PEM public key (SPKI). A private key is refused rather than silently derived from. */
export function parsePublicKeyPem(pem: string): KeyObject {
  if (/PRIVATE KEY/.test(pem)) throw new Error('holds a private key: give the public key (openssl pkey -in key.pem -pubout)');
  let key: KeyObject;
  try {
    key = createPublicKey({ key: pem, format: 'pem' });
  } catch {
    throw new Error('is not a PEM public key (-----BEGIN PUBLIC KEY-----)');
  }
  algorithmsForPublicKey(key); // throws for a key type we cannot verify with
  return key;
}

const RSA_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512'];
const CURVE_ALGORITHMS: Record<string, string> = { 'prime256v1': 'ES256', 'secp384r1': 'ES384', 'secp521r1': 'ES512' };

/**
 * The JWS algorithms a public key may verify: only those of its own kind, so that a token cannot
 * pick HS256 and have the public key used as an HMAC secret (algorithm confusion), nor `none`.
 */
export function algorithmsForPublicKey(key: KeyObject): string[] {
  switch (key.asymmetricKeyType) {
    case 'rsa':
      return RSA_ALGORITHMS;
    case 'rsa-pss':
      return ['PS256', 'PS384', 'PS512'];
    case 'ec': {
      const algorithm = CURVE_ALGORITHMS[key.asymmetricKeyDetails?.namedCurve ?? ''];
      if (!algorithm) throw new Error(`has an EC curve JWTs do not use (${key.asymmetricKeyDetails?.namedCurve})`);
      return [algorithm];
    }
    case 'ed25519':
    case 'ed448':
      return ['EdDSA'];
    default:
      throw new Error(`has a key type JWTs do not use (${key.asymmetricKeyType})`);
  }
}

/** Algorithms accepted from a JWKS: asymmetric only (a JWKS publishes public keys). */
export const JWKS_ALGORITHMS = [...RSA_ALGORITHMS, 'ES256', 'ES384', 'ES512', 'EdDSA'];
/** JWT_SECRET verifies HS256 only. */
export const SECRET_ALGORITHMS = ['HS256'];
