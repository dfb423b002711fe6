import { cpus, release, totalmem } from 'node:os';
import { RunFacts, cell, diff, ratio } from './facts';
import { fmt, title } from './format';
import type { TargetName } from './targets';
import { checkTargets } from './verdicts';

/** RESULTS.md: machine, targets met or missed, process facts, the medians and ratios, and how to read them. */
export function renderReport(facts: RunFacts, notes: string[]): string {
  const verdict = (met: boolean | undefined) => (met === undefined ? 'not measured' : met ? '**met**' : '**missed**');
  return [
    '# Benchmark results',
    '',
    ...header(facts),
    '',
    '## Targets',
    '',
    '| target | measured | verdict |',
    '|---|---|---|',
    ...checkTargets(facts).map((c) => `| ${c.criterion} | ${c.measured} | ${verdict(c.met)} |`),
    '',
    '## Process facts',
    '',
    '| target | gettoken calls in the run | peak RSS (VmHWM) |',
    '|---|---:|---:|',
    ...facts.config.targets.map((t) => {
      const rss = facts.peakRssMiB[t];
      return `| ${t} | ${facts.gettoken[t] ?? 'n/a'} | ${rss === undefined ? 'n/a (the emulator itself)' : `${fmt(rss, 1)} MiB`} |`;
    }),
    '',
    '## Measurements (medians over rounds)',
    '',
    ...facts.config.latenciesMs.flatMap((latencyMs) => [...measurementTable(facts, latencyMs), ...ratioTable(facts, latencyMs), ...authTable(facts, latencyMs)]),
    '## How to read this',
    '',
    ...notes.map((note) => `- ${note}`),
    '',
  ].join('\n');
}

function header(facts: RunFacts): string[] {
  const { config, machine } = facts;
  const cpu = cpus();
  const minutes = (facts.finishedAt.getTime() - facts.startedAt.getTime()) / 60_000;
  const others = machine.foreignCpuShare === undefined ? 'n/a' : `${fmt(machine.foreignCpuShare * 100, 1)} % of its CPU capacity`;
  const load = machine.loadAvg ? `${fmt(machine.loadAvg[0], 2)} at the start, ${fmt(machine.loadAvg[1], 2)} at the end` : 'n/a';
  return [
    `Produced by \`npm run bench\` on ${facts.startedAt.toISOString().slice(0, 10)} (run took ${fmt(minutes, 1)} min).`,
    '',
    `- Machine: ${cpu[0]?.model ?? 'unknown CPU'}, ${cpu.length} cores (os.cpus()), ${fmt(totalmem() / 2 ** 30, 1)} GiB RAM, Linux ${release()}`,
    `- Node ${process.version}; gateway source: ${machine.revision}`,
    `- Other processes on the machine during the measurements: ${others}; 1-min load average ${load}`,
    `- Settings: ${config.durationSec} s per measurement, ${config.rounds} rounds (medians quoted), warm-up ${config.warmupSec} s per target and scenario, ` +
      `${config.seedCount} seeded schedules, emulator latency ${config.latenciesMs.join(' and ')} ms, concurrency ${config.concurrencies.join(', ')}` +
      (config.gatewayNodeArgs.length ? `, gateway node flags: ${config.gatewayNodeArgs.join(' ')}` : ''),
  ];
}

function measurementTable(facts: RunFacts, latencyMs: number): string[] {
  const { config } = facts;
  const rows = ['| scenario | conc. | target | req/s | p50 ms | p99 ms | WeCom calls/op | errors |', '|---|---:|---|---:|---:|---:|---:|---:|'];
  for (const scenario of config.scenarios) {
    for (const concurrency of config.concurrencies) {
      for (const target of config.targets) {
        const c = cell(facts, latencyMs, scenario, concurrency, target);
        if (!c) continue;
        rows.push(`| ${title(scenario)} | ${concurrency} | ${target} | ${fmt(c.rps)} | ${fmt(c.p50, 2)} | ${fmt(c.p99, 2)} | ${fmt(c.callsPerOp, 2)} | ${c.errors} |`);
      }
    }
  }
  return [`### Emulator latency ${latencyMs} ms`, '', ...rows, ''];
}

/** direct/peer is the ceiling of gateway/peer: no gateway answers faster than WeCom itself. */
function ratioTable(facts: RunFacts, latencyMs: number): string[] {
  const rows = [
    '| scenario | conc. | gateway/peer req/s | gateway/peer-undici req/s | gateway/direct req/s | (ceiling) direct/peer req/s | gateway p50 − direct p50 (ms) | peer p50 − direct p50 (ms) |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const scenario of facts.config.scenarios) {
    for (const concurrency of facts.config.concurrencies) {
      const get = (t: TargetName) => cell(facts, latencyMs, scenario, concurrency, t);
      const [direct, peer, undici, gateway] = [get('direct'), get('peer'), get('peer-undici'), get('gateway')];
      rows.push(
        `| ${title(scenario)} | ${concurrency} | ${fmt(ratio(gateway?.rps, peer?.rps), 2)}× | ${fmt(ratio(gateway?.rps, undici?.rps), 2)}× | ${fmt(ratio(gateway?.rps, direct?.rps), 2)}× | ` +
          `${fmt(ratio(direct?.rps, peer?.rps), 2)}× | ${fmt(diff(gateway?.p50, direct?.p50), 2)} | ${fmt(diff(peer?.p50, direct?.p50), 2)} |`,
      );
    }
  }
  return [...rows, ''];
}

/** The cost of AUTH=api-key: the same gateway with and without it, where both were measured. */
function authTable(facts: RunFacts, latencyMs: number): string[] {
  const rows: string[] = [];
  for (const scenario of facts.config.scenarios) {
    for (const concurrency of facts.config.concurrencies) {
      const [plain, auth] = (['gateway', 'gateway-auth'] as const).map((t) => cell(facts, latencyMs, scenario, concurrency, t));
      if (!plain || !auth) continue;
      rows.push(`| ${title(scenario)} | ${concurrency} | ${fmt(ratio(auth.rps, plain.rps), 2)}× | ${fmt(diff(auth.p50, plain.p50), 2)} | ${fmt(diff(auth.p99, plain.p99), 2)} |`);
    }
  }
  if (rows.length === 0) return [];
  return ['| scenario | conc. | AUTH=api-key / none req/s | p50 added (ms) | p99 added (ms) |', '|---|---:|---:|---:|---:|', ...rows, ''];
}
