import type { BenchConfig } from './config';
import { COUNTED_PATHS } from './child-protocol';
import type { Measurement } from './measure';
import type { ScenarioName } from './scenarios';
import type { TargetName } from './targets';

/** One measurement, placed in the matrix. */
export interface Sample {
  latencyMs: number;
  scenario: ScenarioName;
  concurrency: number;
  target: TargetName;
  round: number;
  measurement: Measurement;
}

/** Everything a run found out; RESULTS.md is rendered from it (and it is saved as bench/.build/last-run.json). */
export interface RunFacts {
  config: BenchConfig;
  samples: Sample[];
  /** gettoken calls while each target was under load (or being prepared), over the whole run. */
  gettoken: Partial<Record<TargetName, number>>;
  peakRssMiB: Partial<Record<TargetName, number>>;
  startedAt: Date;
  finishedAt: Date;
  machine: {
    /** Share of the machine's CPU used by processes other than the benchmark's during the measurements. */
    foreignCpuShare?: number;
    /** 1-minute load average when the measurements started and ended. */
    loadAvg?: [number, number];
    revision: string;
  };
}

/** Medians over rounds of one target × scenario × concurrency × latency (errors: summed). */
export interface Cell {
  rps: number;
  p50: number;
  p99: number;
  callsPerOp: number;
  errors: number;
}

const WECOM_SCHEDULE_PATHS = COUNTED_PATHS.filter((path) => path !== '/cgi-bin/gettoken');

/** Median of the measured values; NaN (nothing measured; null once saved as JSON) is left out. */
export function median(values: (number | null)[]): number {
  const sorted = values.filter((v): v is number => typeof v === 'number' && !Number.isNaN(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function cell(facts: RunFacts, latencyMs: number, scenario: ScenarioName, concurrency: number, target: TargetName): Cell | undefined {
  const samples = facts.samples
    .filter((s) => s.latencyMs === latencyMs && s.scenario === scenario && s.concurrency === concurrency && s.target === target)
    .map((s) => s.measurement);
  if (samples.length === 0) return undefined;
  return {
    rps: median(samples.map((m) => m.rps)),
    p50: median(samples.map((m) => m.p50)),
    p99: median(samples.map((m) => m.p99)),
    // Operations abandoned in flight when the load stopped still complete upstream, so divide by requests sent.
    callsPerOp: median(samples.map((m) => WECOM_SCHEDULE_PATHS.reduce((acc, path) => acc + m.calls[path], 0) / Math.max(1, m.sent))),
    errors: samples.reduce((acc, m) => acc + m.errors, 0),
  };
}

/** a / b; ∞ when only b completed nothing within the measurement. */
export const ratio = (a: number | undefined, b: number | undefined): number | undefined =>
  a === undefined || b === undefined || (a === 0 && b === 0) ? undefined : b === 0 ? Infinity : a / b;

export const diff = (a: number | undefined, b: number | undefined): number | undefined => (a === undefined || b === undefined ? undefined : a - b);
