import type { BenchConfig } from './config';
import type { EmulatorControl } from './emulator-control';
import type { Fixtures } from './fixtures';
import { Measurement, measure, runLoad } from './measure';
import type { Sample } from './facts';
import type { Scenario } from './scenarios';
import { Target, measures } from './targets';
import { GETTOKEN, TokenLedger } from './token-ledger';

export interface MatrixContext {
  config: BenchConfig;
  scenarios: Scenario[];
  targets: Target[];
  fixtures: Fixtures;
  emulator: EmulatorControl;
  tokens: TokenLedger;
  log(message: string): void;
}

/**
 * Every emulator latency × round × scenario × concurrency × target. Targets alternate: within a cell
 * they run one after the other, and each round starts with a different one, so slow drifts of the
 * machine hit all of them alike.
 */
export async function runMatrix(ctx: MatrixContext): Promise<Sample[]> {
  const { config, scenarios, targets } = ctx;
  const samples: Sample[] = [];
  const cells = scenarios.reduce((sum, scenario) => sum + targets.filter((t) => measures(t, scenario)).length, 0);
  const total = config.latenciesMs.length * config.rounds * cells * config.concurrencies.length;
  for (const latencyMs of config.latenciesMs) {
    await ctx.emulator.setLatency(latencyMs);
    await warmUp(ctx);
    ctx.log(`emulator latency ${latencyMs} ms: warmed up`);
    for (let round = 0; round < config.rounds; round++) {
      const order = targets.map((_, i) => targets[(i + round) % targets.length]);
      for (const scenario of scenarios) {
        for (const concurrency of config.concurrencies) {
          for (const target of order.filter((t) => measures(t, scenario))) {
            const load = { origin: target.origin, plan: target.plan(scenario, ctx.fixtures), concurrency, durationSec: config.durationSec };
            const m = await measure(ctx.emulator, load, target.child?.pid);
            ctx.tokens.add(target.name, m.calls[GETTOKEN]);
            samples.push({ latencyMs, scenario: scenario.name, concurrency, target: target.name, round, measurement: m });
            ctx.log(`[${samples.length}/${total}] ${latencyMs} ms, round ${round + 1}, ${scenario.name}, c=${concurrency}, ${target.name}: ${describe(m)}`);
          }
        }
      }
    }
  }
  return samples;
}

/** Unrecorded load on every target and scenario, so that JIT and connection pools are warm for round 1. */
async function warmUp(ctx: MatrixContext): Promise<void> {
  if (ctx.config.warmupSec <= 0) return;
  for (const target of ctx.targets) {
    for (const scenario of ctx.scenarios.filter((s) => measures(target, s))) {
      const plan = target.plan(scenario, ctx.fixtures);
      await ctx.tokens.book(target.name, () => runLoad({ origin: target.origin, plan, concurrency: 32, durationSec: ctx.config.warmupSec }), target.child?.pid);
    }
  }
}

function describe(m: Measurement): string {
  const upstream = (m.calls['/cgi-bin/oa/schedule/get'] + m.calls['/cgi-bin/oa/schedule/add'] + m.calls['/cgi-bin/oa/schedule/update']) / Math.max(1, m.sent);
  return `${m.rps.toFixed(0)} req/s, p50 ${m.p50.toFixed(2)} ms, p99 ${m.p99.toFixed(2)} ms, ${upstream.toFixed(2)} calls/op, ${m.errors} errors`;
}
