import { RunFacts, cell, diff, ratio } from './facts';
import { fmt, title } from './format';
import type { ScenarioName } from './scenarios';

export interface TargetCheck {
  criterion: string;
  measured: string;
  /** undefined: not measured in this run. */
  met: boolean | undefined;
}

/** The targets, each judged on every emulator latency (and concurrency) measured: the worst cell decides. */
export function checkTargets(facts: RunFacts): TargetCheck[] {
  const tokens = facts.gettoken.gateway;
  return [
    throughputVersusPeer(facts, 'one-by-id', 0.9),
    throughputVersusPeer(facts, 'hundred-by-id', 10),
    // Issue 13: against the fastest hand-written peer, at 0 ms WeCom latency (the gateway's own overhead decides).
    throughputVersusPeer(facts, 'one-by-id', 1.0, 'peer-undici', [0]),
    addedLatency(facts, 'one-by-id'),
    addedLatency(facts, 'hundred-by-id'),
    {
      criterion: 'gateway calls gettoken once per run',
      measured: tokens === undefined ? 'not measured' : `${tokens} call${tokens === 1 ? '' : 's'}`,
      met: tokens === undefined ? undefined : tokens === 1,
    },
  ];
}

function throughputVersusPeer(
  facts: RunFacts,
  scenario: ScenarioName,
  factor: number,
  peer: 'peer' | 'peer-undici' = 'peer',
  latencies: number[] = facts.config.latenciesMs,
): TargetCheck {
  const ratios: string[] = [];
  let met: boolean | undefined;
  for (const latencyMs of latencies) {
    for (const concurrency of facts.config.concurrencies) {
      const rps = (target: 'gateway' | typeof peer) => cell(facts, latencyMs, scenario, concurrency, target)?.rps;
      const r = ratio(rps('gateway'), rps(peer));
      if (r === undefined || Number.isNaN(r)) continue;
      ratios.push(`${fmt(r, 2)}× (${latencyMs} ms, c=${concurrency})`);
      met = (met ?? true) && r >= factor;
    }
  }
  const where = latencies === facts.config.latenciesMs ? '' : ` at ${latencies.join(', ')} ms`;
  return { criterion: `gateway req/s on ${title(scenario)}${where} ≥ ${factor}× the ${peer}'s`, measured: ratios.join(', ') || 'not measured', met };
}

function addedLatency(facts: RunFacts, scenario: ScenarioName): TargetCheck {
  const added: string[] = [];
  let met: boolean | undefined;
  for (const latencyMs of facts.config.latenciesMs) {
    const p50 = (target: 'gateway' | 'direct') => cell(facts, latencyMs, scenario, 1, target)?.p50;
    const d = diff(p50('gateway'), p50('direct'));
    if (d === undefined || Number.isNaN(d)) continue;
    added.push(`${fmt(d, 2)} ms (${latencyMs} ms)`);
    met = (met ?? true) && d <= 2;
  }
  return { criterion: `gateway p50 added over direct at concurrency 1, ${title(scenario)}: ≤ 2 ms`, measured: added.join(', ') || 'not measured', met };
}
