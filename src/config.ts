import type { CorsOrigins } from './server/cors';
import { readFileSync } from 'node:fs';
import { AuthSettings, JwtKeySource, parseApiKeys, parseAuthMethods, parsePublicKeyPem } from './callers/auth-settings';
import { decodeAesKey } from './callbacks/wxbiz-msg-crypt';
import { MAX_READ_CACHE_TTL_MS } from './reads/cache/read-cache-settings';
import { EXPLORER_MODES, ExplorerMode } from './server/explorer-mode';
import { DEFAULT_MAX_BODY_BYTES, DEFAULT_MAX_WECOM_CALLS_PER_REQUEST, DEFAULT_QUERY_LIMITS, QueryLimits } from './limits/query-limits';

/**
 * Configuration, read once at the edge from the environment (API.md, "Configuration").
 * The only module that reads process.env; everything else receives values.
 */
export interface WeComAppConfig {
  corpId: string;
  corpSecret: string;
  agentId?: number;
  apiBaseUrl: string;
}

export interface GatewayConfig {
  port: number;
  /** Unset in demo mode: the gateway then starts the built-in WeCom emulator and uses its app. */
  wecom?: WeComAppConfig;
  /** redis://host:port for tokens shared by all instances; unset keeps them in process. */
  cacheUrl?: string;
  /** Budget of one WeCom call, retries included. */
  wecomTimeoutMs: number;
  /** How long a write waits for its schedule's or calendar's lock before CONFLICT. */
  lockWaitMs: number;
  production: boolean;
  logLevel: string;
  /** The browser page at GET /graphql. */
  explorer: ExplorerMode;
  /** Limits on what one request may ask (README, "Query limits"). */
  limits: GatewayLimits;
  /** Origins whose browser pages may call /graphql: `*` in demo mode, none otherwise unless set. */
  corsOrigins: CorsOrigins;
  /** The budget of WeCom calls per API per minute (API.md, "Limits"). */
  callBudget: CallBudgetConfig;
  /** AUTH and its keys; no methods is AUTH=none. */
  auth: AuthSettings;
  /** SHUTDOWN_GRACE_MS: how long requests in flight may finish after SIGTERM. */
  shutdownGraceMs: number;
  /** The circuit breaker per WeCom API (README, "When WeCom is down"). */
  breaker: BreakerConfig;
  /** Two-way sync (API.md, "Changes from WeCom"). */
  sync: SyncConfig;
  /**
   * READ_CACHE_TTL_MS (0: off, at most 600000); unset: the gateway's default (60 s with callbacks, off without).
   */
  readCacheTtlMs?: number;
  /** Look-ups by id of concurrent requests sharing WeCom calls (README, "Reads beyond WeCom's quota"). */
  coalescing: CoalescingConfig;
}

export interface CoalescingConfig {
  /** READ_COALESCE: false sends each request's look-ups as its own calls. */
  enabled: boolean;
  /** READ_COALESCE_WINDOW_MS: how long a new call gathers ids (0: until the end of the event-loop turn). */
  windowMs: number;
  /** READ_COALESCE_MAX_CALLS: shared calls in flight per API; ids arriving meanwhile gather into the next. */
  maxCallsInFlight: number;
}

export interface SyncConfig {
  /** WECOM_CALLBACK_TOKEN and WECOM_CALLBACK_AES_KEY; unset: callbacks off (demo mode generates both). */
  callback?: { token: string; encodingAesKey: string };
  /** RECONCILE_INTERVAL_MS; 0 turns the sweep off. */
  reconcileIntervalMs: number;
  /** WECOM_CALENDAR_IDS: calendars to watch besides those the gateway created or saw. */
  calendarIds: string[];
  /** FEED_MAX_CHANGES: how many changes the feed keeps. */
  feedMaxChanges: number;
}

export interface GatewayLimits extends QueryLimits {
  /** WeCom calls one operation may plan (MAX_WECOM_CALLS_PER_REQUEST). */
  maxWecomCallsPerRequest: number;
  /** Request body size (MAX_BODY_BYTES); larger ones get 413. */
  maxBodyBytes: number;
  /** Introspection and "Did you mean" suggestions (INTROSPECTION); off in production by default. */
  introspection: boolean;
}

export interface CallBudgetConfig {
  /** WECOM_CALLS_PER_MINUTE: for the whole fleet with CACHE_URL. */
  callsPerMinute: number;
  /** CALLER_WECOM_CALLS_PER_MINUTE: each caller's share; unset: none. */
  callerCallsPerMinute?: number;
  /** WECOM_BLOCK_MS: how long an API is avoided after WeCom's 45009. */
  blockMs: number;
}

export interface BreakerConfig {
  /** WECOM_BREAKER_FAILURES: consecutive failed WeCom calls to one API that open its breaker. */
  failureThreshold: number;
  /** WECOM_BREAKER_COOLDOWN_MS: time open before a trial call. */
  cooldownMs: number;
}

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

const DEFAULT_API_BASE_URL = 'https://qyapi.weixin.qq.com';
/** Measured (README, "Reads beyond WeCom's quota"): see the figures there. */
export const DEFAULT_COALESCE_WINDOW_MS = 0;
export const DEFAULT_COALESCE_MAX_CALLS = 4;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  const production = env.NODE_ENV === 'production';
  const corpId = nonEmpty(env.WECOM_CORP_ID);
  const corpSecret = nonEmpty(env.WECOM_CORP_SECRET);
  if (production && (!corpId || !corpSecret)) {
    throw new ConfigError('NODE_ENV=production needs WECOM_CORP_ID and WECOM_CORP_SECRET (demo mode is for development only)');
  }
  if (corpId && !corpSecret) throw new ConfigError('WECOM_CORP_SECRET is required when WECOM_CORP_ID is set');
  if (!corpId && corpSecret) throw new ConfigError('WECOM_CORP_ID is required when WECOM_CORP_SECRET is set');

  const cacheUrl = nonEmpty(env.CACHE_URL);
  if (cacheUrl && !/^rediss?:\/\//.test(cacheUrl)) throw new ConfigError('CACHE_URL must be a redis:// or rediss:// URL');
  // Checked in demo mode too, so a typo shows before the variables are used for real.
  const agentId = nonEmpty(env.WECOM_AGENT_ID) ? integer(env.WECOM_AGENT_ID, 'WECOM_AGENT_ID', 0, 0, 2 ** 32 - 1) : undefined;
  const apiBaseUrl = baseUrl(env.WECOM_API_BASE_URL);
  const wecomTimeoutMs = integer(env.WECOM_TIMEOUT_MS, 'WECOM_TIMEOUT_MS', 10_000, 100, 120_000);
  return {
    port: integer(env.PORT, 'PORT', 4000, 0, 65535),
    wecom: corpId && corpSecret ? { corpId, corpSecret, agentId, apiBaseUrl } : undefined,
    cacheUrl,
    wecomTimeoutMs,
    // A write queued behind others waits about as long as one WeCom call may take, unless told otherwise.
    lockWaitMs: integer(env.LOCK_WAIT_MS, 'LOCK_WAIT_MS', wecomTimeoutMs, 0, 120_000),
    production,
    logLevel: logLevel(env.LOG_LEVEL),
    explorer: explorerMode(env.EXPLORER, production),
    limits: limitsConfig(env, production),
    corsOrigins: corsOrigins(env.CORS_ORIGINS, corpId === undefined),
    callBudget: callBudget(env),
    auth: authSettings(env, production),
    shutdownGraceMs: integer(env.SHUTDOWN_GRACE_MS, 'SHUTDOWN_GRACE_MS', 30_000, 0, 3_600_000),
    breaker: breakerConfig(env),
    sync: syncConfig(env),
    readCacheTtlMs: nonEmpty(env.READ_CACHE_TTL_MS) === undefined ? undefined : integer(env.READ_CACHE_TTL_MS, 'READ_CACHE_TTL_MS', 0, 0, MAX_READ_CACHE_TTL_MS),
    coalescing: coalescingConfig(env),
  };
}

/** A window of a few ms at most: every read waits it out when WeCom is idle. */
function coalescingConfig(env: NodeJS.ProcessEnv): CoalescingConfig {
  return {
    enabled: boolean(env.READ_COALESCE, 'READ_COALESCE', true),
    windowMs: integer(env.READ_COALESCE_WINDOW_MS, 'READ_COALESCE_WINDOW_MS', DEFAULT_COALESCE_WINDOW_MS, 0, 20),
    maxCallsInFlight: integer(env.READ_COALESCE_MAX_CALLS, 'READ_COALESCE_MAX_CALLS', DEFAULT_COALESCE_MAX_CALLS, 1, 64),
  };
}

function syncConfig(env: NodeJS.ProcessEnv): SyncConfig {
  const token = nonEmpty(env.WECOM_CALLBACK_TOKEN);
  const encodingAesKey = nonEmpty(env.WECOM_CALLBACK_AES_KEY);
  if ((token === undefined) !== (encodingAesKey === undefined)) {
    throw new ConfigError('WECOM_CALLBACK_TOKEN and WECOM_CALLBACK_AES_KEY go together (the Token and EncodingAESKey of the app\'s callback settings)');
  }
  if (encodingAesKey !== undefined) {
    try {
      decodeAesKey(encodingAesKey);
    } catch (error) {
      throw new ConfigError(`WECOM_CALLBACK_AES_KEY: ${(error as Error).message}`);
    }
  }
  const calendarIds = (nonEmpty(env.WECOM_CALENDAR_IDS) ?? '').split(',').map((id) => id.trim()).filter(Boolean);
  if (calendarIds.some((id) => id.length > 128 || !/^[\x21-\x7e]+$/.test(id))) {
    throw new ConfigError('WECOM_CALENDAR_IDS must be calendar ids (printable, at most 128 characters each), separated by commas');
  }
  return {
    callback: token && encodingAesKey ? { token, encodingAesKey } : undefined,
    reconcileIntervalMs: integer(env.RECONCILE_INTERVAL_MS, 'RECONCILE_INTERVAL_MS', 300_000, 0, 86_400_000),
    calendarIds: [...new Set(calendarIds)],
    feedMaxChanges: integer(env.FEED_MAX_CHANGES, 'FEED_MAX_CHANGES', 100_000, 1, 100_000_000),
  };
}

function limitsConfig(env: NodeJS.ProcessEnv, production: boolean): GatewayLimits {
  const d = DEFAULT_QUERY_LIMITS;
  const limits = {
    maxWecomCallsPerRequest: integer(env.MAX_WECOM_CALLS_PER_REQUEST, 'MAX_WECOM_CALLS_PER_REQUEST', DEFAULT_MAX_WECOM_CALLS_PER_REQUEST, 1, 1_000_000),
    maxDepth: integer(env.MAX_QUERY_DEPTH, 'MAX_QUERY_DEPTH', d.maxDepth, 2, 1000),
    maxAliases: integer(env.MAX_QUERY_ALIASES, 'MAX_QUERY_ALIASES', d.maxAliases, 0, 100_000),
    maxTokens: integer(env.MAX_QUERY_TOKENS, 'MAX_QUERY_TOKENS', d.maxTokens, 100, 10_000_000),
    maxDirectives: integer(env.MAX_QUERY_DIRECTIVES, 'MAX_QUERY_DIRECTIVES', d.maxDirectives, 0, 100_000),
    maxQueryBytes: integer(env.MAX_QUERY_BYTES, 'MAX_QUERY_BYTES', d.maxQueryBytes, 1024, 64 * 1024 * 1024),
    maxBodyBytes: integer(env.MAX_BODY_BYTES, 'MAX_BODY_BYTES', DEFAULT_MAX_BODY_BYTES, 1024, 64 * 1024 * 1024),
    introspection: boolean(env.INTROSPECTION, 'INTROSPECTION', !production),
  };
  if (limits.maxQueryBytes > limits.maxBodyBytes) {
    throw new ConfigError('MAX_QUERY_BYTES must not exceed MAX_BODY_BYTES (the query travels in the body): lower it or raise MAX_BODY_BYTES');
  }
  return limits;
}

function boolean(raw: string | undefined, name: string, fallback: boolean): boolean {
  const value = nonEmpty(raw)?.toLowerCase();
  if (value === undefined) return fallback;
  if (value === 'true' || value === '1') return true;
  if (value === 'false' || value === '0') return false;
  throw new ConfigError(`${name} must be true or false`);
}

/** WeCom blocks a corp's API at 10,000 calls a minute (WECOM.md 7): the default leaves room for other systems. */
function callBudget(env: NodeJS.ProcessEnv): CallBudgetConfig {
  const callsPerMinute = integer(env.WECOM_CALLS_PER_MINUTE, 'WECOM_CALLS_PER_MINUTE', 6000, 1, 1_000_000);
  const callerCallsPerMinute = nonEmpty(env.CALLER_WECOM_CALLS_PER_MINUTE)
    ? integer(env.CALLER_WECOM_CALLS_PER_MINUTE, 'CALLER_WECOM_CALLS_PER_MINUTE', 0, 1, 1_000_000)
    : undefined;
  if (callerCallsPerMinute !== undefined && callerCallsPerMinute > callsPerMinute) {
    throw new ConfigError(
      `CALLER_WECOM_CALLS_PER_MINUTE (${callerCallsPerMinute}) must not exceed WECOM_CALLS_PER_MINUTE (${callsPerMinute}): lower it or unset it`,
    );
  }
  // 60 s is WeCom's block after the minute limit; shorter values are for tests against the emulator.
  const blockMs = integer(env.WECOM_BLOCK_MS, 'WECOM_BLOCK_MS', 60_000, 100, 3_600_000);
  return { callsPerMinute, callerCallsPerMinute, blockMs };
}

/** 5 s of cool-down keeps API.md's promise: requests succeed again within 5 s of WeCom answering again. */
function breakerConfig(env: NodeJS.ProcessEnv): BreakerConfig {
  return {
    failureThreshold: integer(env.WECOM_BREAKER_FAILURES, 'WECOM_BREAKER_FAILURES', 5, 1, 1000),
    cooldownMs: integer(env.WECOM_BREAKER_COOLDOWN_MS, 'WECOM_BREAKER_COOLDOWN_MS', 4000, 100, 600_000),
  };
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

function integer(raw: string | undefined, name: string, fallback: number, min: number, max: number): number {
  if (nonEmpty(raw) === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be an integer between ${min} and ${max}`);
  }
  return value;
}

/** pino's levels; checked here so that a typo stops startup with this message, not pino's internal one. */
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

function logLevel(raw: string | undefined): string {
  const value = nonEmpty(raw)?.toLowerCase();
  if (value === undefined) return 'info';
  if (!(LOG_LEVELS as readonly string[]).includes(value)) {
    throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')} (got "${raw!.trim()}")`);
  }
  return value;
}

/** Sandbox in development; nothing in production unless asked for. */
function explorerMode(raw: string | undefined, production: boolean): ExplorerMode {
  const value = nonEmpty(raw)?.toLowerCase();
  if (value === undefined) return production ? 'off' : 'sandbox';
  if (!(EXPLORER_MODES as readonly string[]).includes(value)) {
    throw new ConfigError(`EXPLORER must be one of ${EXPLORER_MODES.join(', ')}`);
  }
  return value as ExplorerMode;
}

/** `*`, or a comma-separated list of origins (scheme://host[:port]), kept in the form browsers send. */
function corsOrigins(raw: string | undefined, demo: boolean): CorsOrigins {
  const value = nonEmpty(raw);
  if (value === undefined) return demo ? '*' : [];
  if (value === '*') return '*';
  const items = value.split(',').map((item) => item.trim());
  if (items.includes('*')) throw new ConfigError('CORS_ORIGINS is either * alone or a comma-separated list of origins');
  return [...new Set(items.map(origin))];
}

function origin(item: string): string {
  const url = URL.canParse(item) ? new URL(item) : undefined;
  const bare = url && url.pathname === '/' && !url.search && !url.hash && !url.username && !url.password;
  if (!url || !bare || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
    throw new ConfigError(
      `CORS_ORIGINS: ${JSON.stringify(item)} is not an origin: write scheme://host[:port] with no path, ` +
        'e.g. CORS_ORIGINS=https://app.example.com,http://localhost:3000',
    );
  }
  return url.origin; // lower-case host, default port dropped: what a browser sends in Origin
}

function baseUrl(raw: string | undefined): string {
  const value = nonEmpty(raw) ?? DEFAULT_API_BASE_URL;
  try {
    const url = new URL(value);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error('protocol');
  } catch {
    throw new ConfigError('WECOM_API_BASE_URL must be an http(s) URL');
  }
  return value.replace(/\/+$/, '');
}

/** AUTH (API.md, "Callers"): `none` by default outside production; in production it must be chosen. */
function authSettings(env: NodeJS.ProcessEnv, production: boolean): AuthSettings {
  const raw = nonEmpty(env.AUTH);
  if (raw === undefined && production) {
    throw new ConfigError(
      'NODE_ENV=production needs AUTH: api-key, jwt or api-key,jwt (see README "Callers"); AUTH=none runs without authentication',
    );
  }
  let methods: AuthSettings['methods'];
  try {
    methods = parseAuthMethods(raw ?? 'none');
  } catch (error) {
    throw new ConfigError((error as Error).message);
  }
  const keysFile = nonEmpty(env.API_KEYS_FILE);
  if (methods.includes('api-key') !== (keysFile !== undefined)) {
    throw new ConfigError(keysFile ? 'API_KEYS_FILE is set but AUTH does not include api-key' : 'AUTH=api-key needs API_KEYS_FILE');
  }
  const jwtKey = jwtKeySource(env);
  if (methods.includes('jwt') !== (jwtKey !== undefined)) {
    throw new ConfigError(jwtKey ? 'a JWT key is set but AUTH does not include jwt' : 'AUTH=jwt needs one of JWT_JWKS_URL, JWT_PUBLIC_KEY_FILE, JWT_SECRET');
  }
  return {
    methods,
    apiKeys: keysFile ? fromFile('API_KEYS_FILE', keysFile, parseApiKeys) : undefined,
    jwt: jwtKey && {
      key: jwtKey,
      issuer: nonEmpty(env.JWT_ISSUER),
      audience: nonEmpty(env.JWT_AUDIENCE),
      clockToleranceSeconds: integer(env.JWT_CLOCK_TOLERANCE_SECONDS, 'JWT_CLOCK_TOLERANCE_SECONDS', 30, 0, 300),
    },
  };
}

function jwtKeySource(env: NodeJS.ProcessEnv): JwtKeySource | undefined {
  const [url, file, secret] = [nonEmpty(env.JWT_JWKS_URL), nonEmpty(env.JWT_PUBLIC_KEY_FILE), env.JWT_SECRET?.length ? env.JWT_SECRET : undefined];
  if ([url, file, secret].filter((value) => value !== undefined).length > 1) {
    throw new ConfigError('set only one of JWT_JWKS_URL, JWT_PUBLIC_KEY_FILE, JWT_SECRET');
  }
  if (url) return { kind: 'jwks', url: jwksUrl(url) };
  if (file) {
    const pem = fromFile('JWT_PUBLIC_KEY_FILE', file, (text) => (parsePublicKeyPem(text), text));
    return { kind: 'public-key', pem };
  }
  if (secret === undefined) return undefined;
  // HS256 is only as strong as its secret: 32 bytes is its output size (RFC 7518, 3.2).
  if (Buffer.byteLength(secret, 'utf8') < 32) throw new ConfigError('JWT_SECRET must be at least 32 bytes (e.g. openssl rand -base64 48)');
  return { kind: 'secret', secret };
}

/** https, or http on loopback (a local identity provider in development). */
function jwksUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError('JWT_JWKS_URL must be an https URL');
  }
  const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) throw new ConfigError('JWT_JWKS_URL must be an https URL');
  return value;
}

/** Reads and parses a file named by a variable; a failure names the variable and the path, never the content. */
function fromFile<T>(name: string, path: string, parse: (text: string) => T): T {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`${name}: cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  try {
    return parse(text);
  } catch (error) {
    throw new ConfigError(`${name} ${path}: ${(error as Error).message}`);
  }
}
