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

export function scrubSecrets(text: string, secrets: string[]): string {
  let scrubbed = text.replace(CREDENTIAL_PARAMS, '$1=[REDACTED]');
  for (const secret of secrets) scrubbed = scrubbed.split(secret).join('[REDACTED]');
  return scrubbed;
}

/**
 * pino with a last line of defence: every string logged (message and fields) is scrubbed of
 * credential query parameters and of the configured secrets. Code never logs URLs or tokens on
 * purpose; this catches what a library error message might carry.
 */
export function createLogger(options: LoggerOptions): Logger {
  const secrets = options.secrets.filter((secret) => secret.length > 0);
  const scrubValue = (value: unknown, depth = 0): unknown => {
    if (typeof value === 'string') return scrubSecrets(value, secrets);
    if (value instanceof Error) return scrubValue({ name: value.name, message: value.message, code: (value as { code?: unknown }).code }, depth);
    if (value && typeof value === 'object') {
      // Deep (or cyclic) structures are flattened to scrubbed text rather than passed through unscrubbed.
      if (depth >= 5) return scrubSecrets(safeStringify(value), secrets);
      const entries = Object.entries(value).map(([key, inner]) => [key, scrubValue(inner, depth + 1)]);
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
