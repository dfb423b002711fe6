import { QUOTA_TARGET_NAMES, QuotaTargetName } from './quota-targets';

/** `steady`: reads only; `changing`: reads while WeCom users change a share of the schedules every second. */
export type QuotaScenario = 'steady' | 'changing';
export const QUOTA_SCENARIOS: QuotaScenario[] = ['steady', 'changing'];

export interface QuotaBenchConfig {
  /** Seconds of load per target and scenario (BENCH_QUOTA_DURATION). */
  durationSec: number;
  /** Concurrent clients, one request outstanding each (BENCH_QUOTA_CLIENTS). */
  clients: number;
  /** Schedules seeded; each read asks for one of them at random (BENCH_QUOTA_SCHEDULES). */
  schedules: number;
  /** WeCom's quota the emulator enforces, calls per minute per API per corp (BENCH_QUOTA_PER_MINUTE); the gateway's budget is set to it. */
  perMinute: number;
  /** How long the emulator blocks an API once over the quota, ms (BENCH_QUOTA_BLOCK_MS). */
  blockMs: number;
  /** Share of the schedules changed per second in `changing` (BENCH_QUOTA_CHANGE_SHARE). */
  changeSharePerSec: number;
  /** Latency the emulator adds to every call, ms (BENCH_QUOTA_LATENCY). */
  latencyMs: number;
  scenarios: QuotaScenario[];
  targets: QuotaTargetName[];
}

export function loadQuotaBenchConfig(env: NodeJS.ProcessEnv = process.env): QuotaBenchConfig {
  return {
    durationSec: number(env.BENCH_QUOTA_DURATION, 'BENCH_QUOTA_DURATION', 60, 1),
    clients: number(env.BENCH_QUOTA_CLIENTS, 'BENCH_QUOTA_CLIENTS', 256, 1),
    schedules: number(env.BENCH_QUOTA_SCHEDULES, 'BENCH_QUOTA_SCHEDULES', 10_000, 100),
    perMinute: number(env.BENCH_QUOTA_PER_MINUTE, 'BENCH_QUOTA_PER_MINUTE', 10_000, 1),
    blockMs: number(env.BENCH_QUOTA_BLOCK_MS, 'BENCH_QUOTA_BLOCK_MS', 60_000, 0),
    changeSharePerSec: number(env.BENCH_QUOTA_CHANGE_SHARE, 'BENCH_QUOTA_CHANGE_SHARE', 0.05, 0.0001),
    latencyMs: number(env.BENCH_QUOTA_LATENCY, 'BENCH_QUOTA_LATENCY', 0, 0),
    scenarios: list(env.BENCH_QUOTA_SCENARIOS, 'BENCH_QUOTA_SCENARIOS', QUOTA_SCENARIOS),
    targets: list(env.BENCH_QUOTA_TARGETS, 'BENCH_QUOTA_TARGETS', QUOTA_TARGET_NAMES),
  };
}

function number(raw: string | undefined, name: string, fallback: number, min: number): number {
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min) throw new Error(`${name}: expected a number >= ${min}, got "${raw}"`);
  return value;
}

function list<T extends string>(raw: string | undefined, name: string, allowed: readonly T[]): T[] {
  if (raw === undefined || raw.trim() === '') return [...allowed];
  const items = raw.split(',').map((item) => item.trim()).filter(Boolean);
  if (items.length === 0) throw new Error(`${name}: empty list`);
  for (const item of items) if (!(allowed as readonly string[]).includes(item)) throw new Error(`${name}: "${item}" is not one of ${allowed.join(', ')}`);
  return items as T[];
}
