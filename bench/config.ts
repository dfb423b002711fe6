import { SCENARIOS, ScenarioName } from './scenarios';
import { TARGET_NAMES, TargetName } from './targets';

/** `reads`: the matrix of RESULTS.md; `sync`: callback to subscriber, RESULTS-sync.md; `quota`: reads under WeCom's quota, RESULTS-quota.md. */
export type BenchSuite = 'reads' | 'sync' | 'quota';
export const BENCH_SUITES: BenchSuite[] = ['reads', 'sync', 'quota'];

/** BENCH_SUITES: which parts run. @default all */
export function loadBenchSuites(env: NodeJS.ProcessEnv = process.env): BenchSuite[] {
  return list(env.BENCH_SUITES, 'BENCH_SUITES', BENCH_SUITES, (v) => oneOf(v, BENCH_SUITES, 'BENCH_SUITES'));
}

export interface BenchConfig {
  /** Seconds per measurement (BENCH_DURATION). */
  durationSec: number;
  /** Rounds of every target × scenario × concurrency (BENCH_ROUNDS); medians are quoted. */
  rounds: number;
  /** Latency the emulator adds to every call, ms (BENCH_LATENCIES). */
  latenciesMs: number[];
  concurrencies: number[];
  scenarios: ScenarioName[];
  targets: TargetName[];
  /** Schedules added to the emulator before measuring (BENCH_SEED). */
  seedCount: number;
  /** Seconds of unrecorded load per target and scenario after each latency change (BENCH_WARMUP). */
  warmupSec: number;
  /** Write a CPU profile of the gateway to bench/profiles (BENCH_CPU_PROF=1). */
  cpuProf: boolean;
  /** Extra node flags for the gateway process only, space-separated (BENCH_GATEWAY_NODE_ARGS), e.g. GC settings. */
  gatewayNodeArgs: string[];
}

export function loadBenchConfig(env: NodeJS.ProcessEnv = process.env): BenchConfig {
  return {
    durationSec: number(env.BENCH_DURATION, 'BENCH_DURATION', 3, 1),
    rounds: number(env.BENCH_ROUNDS, 'BENCH_ROUNDS', 3, 1),
    latenciesMs: list(env.BENCH_LATENCIES, 'BENCH_LATENCIES', [0, 30], (v) => number(v, 'BENCH_LATENCIES', 0, 0)),
    concurrencies: list(env.BENCH_CONCURRENCY, 'BENCH_CONCURRENCY', [1, 32, 256], (v) => number(v, 'BENCH_CONCURRENCY', 1, 1)),
    scenarios: list(env.BENCH_SCENARIOS, 'BENCH_SCENARIOS', SCENARIOS.map((s) => s.name), (v) =>
      oneOf(v, SCENARIOS.map((s) => s.name), 'BENCH_SCENARIOS'),
    ),
    targets: list(env.BENCH_TARGETS, 'BENCH_TARGETS', TARGET_NAMES, (v) => oneOf(v, TARGET_NAMES, 'BENCH_TARGETS')),
    seedCount: number(env.BENCH_SEED, 'BENCH_SEED', 1000, 100),
    warmupSec: number(env.BENCH_WARMUP, 'BENCH_WARMUP', 1, 0),
    cpuProf: env.BENCH_CPU_PROF === '1',
    gatewayNodeArgs: (env.BENCH_GATEWAY_NODE_ARGS ?? '').split(' ').filter(Boolean),
  };
}

function number(raw: string | undefined, name: string, fallback: number, min: number): number {
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min) throw new Error(`${name}: expected a number >= ${min}, got "${raw}"`);
  return value;
}

function list<T>(raw: string | undefined, name: string, fallback: T[], parse: (item: string) => T): T[] {
  if (raw === undefined || raw.trim() === '') return fallback;
  const items = raw.split(',').map((item) => item.trim()).filter(Boolean);
  if (items.length === 0) throw new Error(`${name}: empty list`);
  return items.map(parse);
}

function oneOf<T extends string>(value: string, allowed: readonly T[], name: string): T {
  if (!(allowed as readonly string[]).includes(value)) throw new Error(`${name}: "${value}" is not one of ${allowed.join(', ')}`);
  return value as T;
}
