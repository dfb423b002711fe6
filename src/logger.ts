import pino, { DestinationStream, Logger } from 'pino';

export interface LoggerOptions {
  level: string;
  /** Values that must never be written, whatever logs them (the corp secret). */
  secrets: string[];
  /** Defaults to stdout; tests pass a stream to inspect what was logged. */
  destination?: DestinationStream;
}

/** Query parameters that carry credentials, should a URL ever reach a log line. */
const CREDENTIAL_PARAMS = /\b(access_token|corpsecret)=[^&\s"']*/gi;

function safeStringify(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return '[unserializable]';
  }
}

/** Fields whose value is a credential whatever it looks like (any depth, any case). */
const CREDENTIAL_FIELDS = new Set([
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
  'x-api-key',
  'apikey',
  'api_key',
  'password',
  'secret',
  'corpsecret',
  'corp_secret',
  'token',
  'access_token',
  'accesstoken',
  'refresh_token',
  'client_secret',
  'jwt_secret',
]);

export function isCredentialField(key: string): boolean {
  return CREDENTIAL_FIELDS.has(key.toLowerCase());
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Secrets at least this long are redacted wherever they appear, glued to other text or not. */
const ANYWHERE_MIN_LENGTH = 8;

/**
 * A real secret (a 43-character corp secret, a JWT secret) is redacted wherever it appears, also inside
 * a longer run (`corpsecret%3D<secret>`, an escaped `\n<secret>`). Only a very short one (a test's `s`)
 * is redacted as a whole token, so that it does not turn "this" into "thi[REDACTED]".
 */
function secretPattern(secrets: string[]): RegExp | undefined {
  if (secrets.length === 0) return undefined;
  const sorted = [...secrets].sort((a, b) => b.length - a.length);
  const anywhere = sorted.filter((secret) => secret.length >= ANYWHERE_MIN_LENGTH).map(escapeRegExp);
  const wholeToken = sorted.filter((secret) => secret.length < ANYWHERE_MIN_LENGTH).map(escapeRegExp);
  const parts = [
    ...(anywhere.length ? [`(?:${anywhere.join('|')})`] : []),
    ...(wholeToken.length ? [`(?<![A-Za-z0-9])(?:${wholeToken.join('|')})(?![A-Za-z0-9])`] : []),
  ];
  return new RegExp(parts.join('|'), 'g');
}

export function scrubSecrets(text: string, secrets: string[], pattern = secretPattern(secrets)): string {
  const scrubbed = text.replace(CREDENTIAL_PARAMS, '$1=[REDACTED]');
  return pattern ? scrubbed.replace(pattern, '[REDACTED]') : scrubbed;
}

/**
 * pino with a last line of defence: every string logged (message and fields) is scrubbed of
 * credential query parameters and of the configured secrets. Code never logs URLs or tokens on
 * purpose; this catches what a library error message might carry.
 */
export function createLogger(options: LoggerOptions): Logger {
  const secrets = options.secrets.filter((secret) => secret.length > 0);
  const pattern = secretPattern(secrets);
  const scrubValue = (value: unknown, depth = 0): unknown => {
    if (typeof value === 'string') return scrubSecrets(value, secrets, pattern);
    if (value instanceof Error) return scrubValue({ name: value.name, message: value.message, code: (value as { code?: unknown }).code }, depth);
    if (value && typeof value === 'object') {
      // Deep (or cyclic) structures are flattened to scrubbed text rather than passed through unscrubbed.
      if (depth >= 5) return scrubSecrets(safeStringify(value), secrets, pattern);
      const entries = Object.entries(value).map(([key, inner]) => [key, isCredentialField(key) ? '[REDACTED]' : scrubValue(inner, depth + 1)]);
      return Array.isArray(value) ? entries.map(([, inner]) => inner) : Object.fromEntries(entries);
    }
    return value;
  };
  return pino(
    {
      level: options.level,
      base: undefined,
      redact: { paths: ['access_token', 'accessToken', 'corpsecret', 'corpSecret', 'token'], censor: '[REDACTED]' },
      hooks: {
        logMethod(args, method) {
          method.apply(this, args.map((arg) => scrubValue(arg)) as Parameters<typeof method>);
        },
      },
    },
    options.destination ?? pino.destination(1),
  );
}
