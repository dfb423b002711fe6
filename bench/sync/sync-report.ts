import { cpus, release, totalmem } from 'node:os';
import { fmt } from '../format';
import type { SyncFacts, SyncRun, SyncStep } from './run-sync';

const SETUP_TITLE = {
  single: 'one gateway, in-memory feed',
  fleet: 'two gateways sharing Redis (CACHE_URL): callbacks into A, subscribers on B',
} as const;

/** RESULTS-sync.md: machine, the headline figures, every step, and how to read them. */
export function renderSyncReport(facts: SyncFacts): string {
  return [
    '# Benchmark results: callback to subscriber (two-way sync)',
    '',
    ...header(facts),
    '',
    '## Summary',
    '',
    'Highest rate of WeCom-user actions (modify_schedule) at which every event reached every subscriber within 5 s, ' +
      'and the delay from the emulator changing the data to the subscriber receiving the change.',
    '',
    `| setup | subscribers | highest rate, all within 5 s | events/s delivered at it | p50 / p99 / max ms at it | p50 / p99 / max ms at ${facts.config.fixedRate}/s | schedule/get per event |`,
    '|---|---:|---:|---:|---:|---:|---:|',
    ...facts.runs.map(summaryRow),
    '',
    ...facts.runs.flatMap(runTable),
    '## How to read this',
    '',
    ...NOTES.map((note) => `- ${note}`),
    '',
  ].join('\n');
}

function header(facts: SyncFacts): string[] {
  const cpu = cpus();
  const minutes = (facts.finishedAt.getTime() - facts.startedAt.getTime()) / 60_000;
  const { config } = facts;
  return [
    `Produced by \`BENCH_SUITES=sync npm run bench\` on ${facts.startedAt.toISOString().slice(0, 10)} (the sync part took ${fmt(minutes, 1)} min).`,
    '',
    `- Machine: ${cpu[0]?.model ?? 'unknown CPU'}, ${cpu.length} cores (os.cpus()), ${fmt(totalmem() / 2 ** 30, 1)} GiB RAM, Linux ${release()}`,
    `- Node ${process.version}; gateway source: ${facts.revision}`,
    ...facts.setups.map(
      (s) =>
        `- ${s.setup}, ${s.subscribers} subscriber${s.subscribers === 1 ? '' : 's'}: other processes on the machine used ${fmt(s.foreignCpuShare * 100, 1)} % of its CPU capacity; 1-min load average ` +
        `${fmt(s.loadAvg[0], 2)} at the start, ${fmt(s.loadAvg[1], 2)} at the end` +
        (s.redisKeysDeleted === undefined ? '' : `; fresh corp \`${s.corpId}\`, its ${s.redisKeysDeleted} Redis keys deleted afterwards`),
    ),
    ...(facts.fleetSkipped ? [`- fleet setup not measured: ${facts.fleetSkipped}`] : []),
    `- Settings: ${config.stepSec} s per rate (${config.stepSec * 2} s at the fixed ${config.fixedRate}/s), rates ${config.rates.join(', ')}/s ` +
      `(stopped at the first that missed), ${config.subscribers.join(' and ')} subscribers, ${config.seedCount} seeded schedules edited round robin, ` +
      'emulator latency 0 ms, reconciliation off, WECOM_CALLS_PER_MINUTE=1000000',
  ];
}

function summaryRow(run: SyncRun): string {
  const fixed = run.steps.find((s) => s.kind === 'fixed');
  const best = [...run.steps].filter((s) => s.kind === 'ladder' && s.passed).pop();
  const delays = (s: SyncStep | undefined) => (s ? `${fmt(s.report.p50Ms)} / ${fmt(s.report.p99Ms)} / ${fmt(s.report.maxMs)}` : 'n/a');
  const perEvent = run.steps.filter((s) => s.passed);
  const calls = perEvent.length ? perEvent.reduce((a, s) => a + s.scheduleGetPerEvent, 0) / perEvent.length : NaN;
  return (
    `| ${run.setup} | ${run.subscribers} | ${best ? `${fmt(best.ratePerSec)}/s` : `below ${fmt(run.steps.find((s) => s.kind === 'ladder')?.ratePerSec)}/s`} | ` +
    `${best ? fmt(best.deliveredPerSec) : 'n/a'} | ${delays(best)} | ${delays(fixed)} | ${fmt(calls, 2)} |`
  );
}

function runTable(run: SyncRun): string[] {
  const processNames = Object.keys(run.steps[0]?.cpuCores ?? {});
  return [
    `## ${run.setup} (${SETUP_TITLE[run.setup]}), ${run.subscribers} subscriber${run.subscribers === 1 ? '' : 's'}`,
    '',
    `| rate | actions/s made | events/s delivered | msgs/s to subscribers | p50 ms | p99 ms | max ms | missing | over 5 s | schedule/get per event | callback retries | pacing lag ms | subscriber loop delay p99 ms | CPU cores (${processNames.join(', ')}) | verdict |`,
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|',
    ...run.steps.map((s) => {
      const r = s.report;
      const cores = processNames.map((name) => fmt(s.cpuCores[name], 2)).join(' / ');
      return (
        `| ${s.kind === 'fixed' ? `${fmt(s.ratePerSec)}/s (fixed)` : `${fmt(s.ratePerSec)}/s`} | ${fmt(s.actionsPerSec)} | ${fmt(s.deliveredPerSec)} | ` +
        `${fmt(s.deliveredPerSec * run.subscribers)} | ${fmt(r.p50Ms)} | ${fmt(r.p99Ms)} | ${fmt(r.maxMs)} | ${fmt(r.missing)} | ${fmt(r.overDeadline)} | ` +
        `${fmt(s.scheduleGetPerEvent, 3)} | ${fmt(s.deliveries.retries)} | ${fmt(s.drive.maxLagMs)} | ${fmt(r.loopDelayP99Ms, 1)} | ${cores} | ${s.passed ? 'all within 5 s' : '**missed**'} |`
      );
    }),
    '',
  ];
}

const NOTES: string[] = [
  'Everything runs on one machine over loopback, each part in its own process: the WeCom emulator, the gateway(s) (`node dist/index.js`, ' +
    'NODE_ENV=production) and the subscribers (one process holding every graphql-ws client, each on its own WebSocket) are children of the ' +
    'orchestrator, which only paces the steps and collects the figures. They compete for the same cores: the figures are lower than on separate machines.',
  'An event: a person edits a schedule\'s summary in the WeCom app. The emulator changes its data, then delivers the encrypted, signed ' +
    'modify_schedule callback to the gateway\'s /wecom/callback (its own outgoing HTTP, as WeCom does, retried when not answered with 200 ' +
    'within 5 s); the gateway records the event, reads the schedule from the emulator (schedule/get, batched), appends the change to the feed, ' +
    'and every `scheduleChanged` subscription receives it.',
  'The actions are paced inside the emulator process (no IPC message per action between the change and its callback). Each changed summary ' +
    'carries the emulator\'s `Date.now()` at the change; the subscriber process subtracts it from its own `Date.now()` at receipt (same ' +
    'machine, same wall clock). So the delay is t1 − t0 with t0 = the data changed and the callback started, t1 = the graphql-ws client handed the change over.',
  'A rate passes when every (subscriber, event) pair arrived, none later than 5 s. The ladder steps the rate up and stops at the first rate ' +
    'that missed; the highest passing rate is the throughput figure. "events/s delivered" = events ÷ (first change → last receipt), so it ' +
    'includes the drain after the last action; "msgs/s to subscribers" multiplies by the subscriber count.',
  '"schedule/get per event" counts the emulator\'s schedule/get calls of the step (after everything was idle again) per event: below 1 ' +
    'when the recorder\'s loader batched reads of concurrent events into one call. Reconciliation is off, so no sweep adds calls.',
  '"pacing lag" is how late the emulator made its worst action against the steady schedule (its own event loop was busy); ' +
    '"subscriber loop delay" is the subscriber process\'s event-loop delay: when high, the client, not the gateway, was the bottleneck.',
  'Every setup and subscriber count runs on fresh processes (emulator, gateways, subscribers): the last rung overloads the gateway, ' +
    'and its backlog must not spill into the next measurement.',
  'CPU cores: CPU time each process used during the step ÷ the step\'s wall time (1.00 = one core busy all the time).',
];
