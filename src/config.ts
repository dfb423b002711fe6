import { EXPLORER_MODES, ExplorerMode } from './server/explorer-mode';

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
  production: boolean;
  logLevel: string;
  /** The browser page at GET /graphql. */
  explorer: ExplorerMode;
  /** The budget of WeCom calls per API per minute (API.md, "Limits"). */
  callBudget: CallBudgetConfig;
}

export interface CallBudgetConfig {
  /** WECOM_CALLS_PER_MINUTE: for the whole fleet with CACHE_URL. */
  callsPerMinute: number;
  /** CALLER_WECOM_CALLS_PER_MINUTE: each caller's share; unset: none. */
  callerCallsPerMinute?: number;
  /** WECOM_BLOCK_MS: how long an API is avoided after WeCom's 45009. */
  blockMs: number;
}

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

const DEFAULT_API_BASE_URL = 'https://qyapi.weixin.qq.com';

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
  return {
    port: integer(env.PORT, 'PORT', 4000, 0, 65535),
    wecom: corpId && corpSecret ? { corpId, corpSecret, agentId, apiBaseUrl } : undefined,
    cacheUrl,
    wecomTimeoutMs: integer(env.WECOM_TIMEOUT_MS, 'WECOM_TIMEOUT_MS', 10_000, 100, 120_000),
    production,
    logLevel: nonEmpty(env.LOG_LEVEL) ?? 'info',
    explorer: explorerMode(env.EXPLORER, production),
    callBudget: callBudget(env),
  };
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

/** Sandbox in development; nothing in production unless asked for. */
function explorerMode(raw: string | undefined, production: boolean): ExplorerMode {
  const value = nonEmpty(raw)?.toLowerCase();
  if (value === undefined) return production ? 'off' : 'sandbox';
  if (!(EXPLORER_MODES as readonly string[]).includes(value)) {
    throw new ConfigError(`EXPLORER must be one of ${EXPLORER_MODES.join(', ')}`);
  }
  return value as ExplorerMode;
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
