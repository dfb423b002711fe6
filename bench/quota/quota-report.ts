import { cpus, release, totalmem } from 'node:os';
import { fmt } from '../format';
import type { QuotaFacts, QuotaRun } from './run-quota';
import type { QuotaScenario } from './quota-config';
import { GATEWAY_CONFIGURATIONS, GatewayConfigurationName, QuotaTargetName, gatewayQuotaEnv } from './quota-targets';

const SCENARIO_TITLE: Record<QuotaScenario, string> = {
  steady: '(a) reads only',
  changing: '(b) reads while WeCom users change schedules',
};

const isPeer = (target: QuotaTargetName) => target === 'peer' || target === 'peer-undici';
const readsPerSec = (run: QuotaRun) => run.load.successes / run.load.durationSec;

/** RESULTS-quota.md: machine, settings, the gateway's configurations, both scenarios, and how to read them. */
export function renderQuotaReport(facts: QuotaFacts): string {
  const { config } = facts;
  return [
    "# Benchmark results: reads under WeCom's quota",
    '',
    ...header(facts),
    '',
    '## Gateway configurations',
    '',
    `Every gateway run: \`${Object.entries(gatewayQuotaEnv(config.perMinute, config.blockMs)).map(([k, v]) => `${k}=${v}`).join(' ')}\`, ` +
      'callbacks configured (`WECOM_CALLBACK_TOKEN`, `WECOM_CALLBACK_AES_KEY`, verified by the emulator), `RECONCILE_INTERVAL_MS=0`, AUTH=none, NODE_ENV=production; and:',
    '',
    '| target | configuration | environment |',
    '|---|---|---|',
    ...(Object.keys(GATEWAY_CONFIGURATIONS) as GatewayConfigurationName[]).map((name) => {
      const { title, env } = GATEWAY_CONFIGURATIONS[name];
      return `| ${name} | ${title} | \`${Object.entries(env).map(([k, v]) => `${k}=${v}`).join(' ')}\` |`;
    }),
    '',
    '## Targets',
    '',
    ...targetChecks(facts),
    '',
    ...config.scenarios.flatMap((scenario) => scenarioTables(facts, scenario)),
    '## How to read this',
    '',
    ...NOTES.map((note) => `- ${note}`),
    '',
  ].join('\n');
}

function header(facts: QuotaFacts): string[] {
  const cpu = cpus();
  const { config } = facts;
  const minutes = (facts.finishedAt.getTime() - facts.startedAt.getTime()) / 60_000;
  const loads = facts.runs.map((r) => r.foreignCpuShare * 100);
  const avgs = facts.runs.flatMap((r) => r.loadAvg);
  const settings = Object.entries(facts.settings ?? {}).map(([k, v]) => `${k}=${v} `).join('');
  const full = config.durationSec >= 60 && config.clients === 256 && config.schedules === 10_000 && config.perMinute === 10_000;
  return [
    `Produced by \`${settings}BENCH_SUITES=quota npm run bench\` on ${facts.startedAt.toISOString().slice(0, 10)} (the quota part took ${fmt(minutes, 1)} min).`,
    ...(full
      ? []
      : [
          '',
          '**Not the issue\'s measurement** (60 s, 256 clients, 10,000 schedules, 10,000 calls a minute): a shorter or smaller run, to ' +
            'check the benchmark end to end. Within less than a minute a target may never reach the quota, so the ratios below say little.',
        ]),
    '',
    `- Machine: ${cpu[0]?.model ?? 'unknown CPU'}, ${cpu.length} cores (os.cpus()), ${fmt(totalmem() / 2 ** 30, 1)} GiB RAM, Linux ${release()}`,
    `- Node ${process.version}; gateway source: ${facts.revision}`,
    `- Other processes on the machine during the loads: ${fmt(Math.min(...loads), 1)}–${fmt(Math.max(...loads), 1)} % of its CPU capacity; ` +
      `1-min load average ${fmt(Math.min(...avgs), 2)}–${fmt(Math.max(...avgs), 2)} (per run below)`,
    `- Settings: ${config.durationSec} s of load per target and scenario, ${config.clients} concurrent clients, each read one schedule picked at random ` +
      `of ${config.schedules} seeded; the emulator enforces ${config.perMinute} calls per minute per API per corp (45009 beyond, API blocked ${config.blockMs / 1000} s), ` +
      `latency ${config.latencyMs} ms; (b) changes ${fmt(config.changeSharePerSec * 100, 2)} % of the schedules per second ` +
      `(${fmt(Math.round(config.changeSharePerSec * config.schedules))}/s); every run on a fresh emulator process and corp`,
  ];
}

function targetChecks(facts: QuotaFacts): string[] {
  const rows: string[] = [];
  const steady = facts.runs.filter((r) => r.scenario === 'steady');
  const bestPeer = Math.max(...steady.filter((r) => isPeer(r.target)).map(readsPerSec));
  const cache = steady.find((r) => r.target === 'gateway-cache');
  if (cache && Number.isFinite(bestPeer)) {
    const factor = readsPerSec(cache) / bestPeer;
    const met = factor >= 10 && cache.refusals45009 === 0;
    rows.push(`| (a) gateway with the cache ≥ 10× the better peer's successful reads/s, zero 45009 | ${fmt(factor, 2)}×, ${fmt(cache.refusals45009)} × 45009 | ${met ? '**met**' : '**missed**'} |`);
  }
  for (const run of facts.runs.filter((r) => r.scenario === 'changing' && r.staleness)) {
    rows.push(`| (b) ${run.target}: largest staleness (answer received − the change it missed) | ${fmt(run.staleness!.maxStaleAgeMs)} ms over ${fmt(run.staleness!.staleReads)} stale answers | reported |`);
  }
  if (rows.length === 0) return ['Not measured in this run (needs the steady scenario with a peer and gateway-cache).'];
  return ['| criterion | measured | verdict |', '|---|---|---|', ...rows];
}

function scenarioTables(facts: QuotaFacts, scenario: QuotaScenario): string[] {
  const runs = facts.runs.filter((r) => r.scenario === scenario);
  if (runs.length === 0) return [];
  const bestPeer = Math.max(...runs.filter((r) => isPeer(r.target)).map(readsPerSec));
  const lines = [
    `## ${SCENARIO_TITLE[scenario]}`,
    '',
    '| target | successful reads/s | × better peer | failed: WeCom block | failed: gateway budget (WECOM_RATE_LIMITED) | failed: other | 45009s at the emulator | first refusal at s | schedule/get calls | calls per successful read | p50 / p99 ms |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...runs.map((run) => {
      const f = run.load.failures;
      const ok = run.load.successes;
      return (
        `| ${run.target} | ${fmt(readsPerSec(run))} | ${Number.isFinite(bestPeer) ? `${fmt(readsPerSec(run) / bestPeer, 2)}×` : 'n/a'} | ${fmt(f.wecomBlock)} | ${fmt(f.gatewayBudget)} | ${fmt(f.other)} | ` +
        `${fmt(run.refusals45009)} | ${run.load.firstRefusalSec === undefined ? 'none' : fmt(run.load.firstRefusalSec, 1)} | ${fmt(run.scheduleGetCalls)} | ` +
        `${ok ? fmt(run.scheduleGetCalls / ok, 3) : 'n/a'} | ${fmt(run.load.p50Ms)} / ${fmt(run.load.p99Ms)} |`
      );
    }),
    '',
  ];
  if (scenario === 'changing') {
    lines.push(
      '| target | changes made (per s) | pacing lag ms | callbacks delivered / pending / gave up (retries) | stale answers | largest staleness ms | p99 staleness ms | changes read | change → first read showing it, p50 / max ms | answers naming another schedule |',
      '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
      ...runs.map((run) => {
        const s = run.staleness;
        const d = run.drive;
        if (!s || !d) return `| ${run.target} | n/a | | | | | | | | |`;
        const perSec = d.actions > 1 ? ((d.actions - 1) * 1000) / Math.max(1, d.lastAt - d.firstAt) : Number.NaN;
        const c = run.deliveries;
        const deliveries = c ? `${fmt(c.delivered)} / ${fmt(c.pending)} / ${fmt(c.gaveUp)} (${fmt(c.retries)})` : 'none (no callback URL)';
        return (
          `| ${run.target} | ${fmt(d.actions)} (${fmt(perSec)}) | ${fmt(d.maxLagMs)} | ${deliveries} | ${fmt(s.staleReads)} | ${fmt(s.maxStaleAgeMs)} | ${fmt(s.p99StaleAgeMs)} | ` +
          `${fmt(s.changesSeen)} | ${fmt(s.firstShownP50Ms)} / ${fmt(s.firstShownMaxMs)} | ${fmt(s.wrongSchedule)} |`
        );
      }),
      '',
    );
  }
  lines.push(
    '| target | corp | gettoken calls | other processes\' CPU share | 1-min load average before → after |',
    '|---|---|---:|---:|---:|',
    ...runs.map((r) => `| ${r.target} | \`${r.corpId}\` | ${fmt(r.gettokenCalls)} | ${fmt(r.foreignCpuShare * 100, 1)} % | ${fmt(r.loadAvg[0], 2)} → ${fmt(r.loadAvg[1], 2)} |`),
    '',
  );
  return lines;
}

const NOTES: string[] = [
  'Each target × scenario runs on a fresh emulator process knowing one fresh corp: WeCom counts its quota per corp and API, and a block ' +
    'outlasts the minute it started in, so no target inherits another\'s spent quota. The quota is switched on after the preflight (one read ' +
    'checked in depth and compared across targets, ids aside) and the first gettoken, so every run starts with a whole minute\'s worth of calls.',
  'The emulator\'s quota (src/emulator/api-quota.ts): in any 60 s, one corp may make `perMinute` calls to one API; the next is answered 45009 ' +
    'and the API stays blocked for the corp for `blockMs`, every call meanwhile answered 45009 too. "45009s at the emulator" counts those answers.',
  'A read succeeds when the answer carries the schedule and no error. Failed reads are told apart by their GraphQL error: "WeCom block" is ' +
    'WeCom\'s 45009 passed on (the peers: WECOM_ERROR with wecomErrcode 45009) or the gateway refusing while it waits out WeCom\'s block ' +
    '(WECOM_RATE_LIMITED, limitedBy wecom); "gateway budget" is the gateway\'s own budget (WECOM_CALLS_PER_MINUTE set to the quota) refusing ' +
    'before WeCom is asked (WECOM_RATE_LIMITED, limitedBy gateway).',
  '"schedule/get calls" are the calls the emulator received during the load and until every process was idle again, refused ones included, and ' +
    'in (b) the gateway\'s reads of changed schedules for the change feed; "calls per successful read" divides them by the successful reads.',
  '(b): the changes are made inside the emulator process (modify_schedule as a WeCom user, round robin, paced there), each summary ' +
    'carrying the change number and the emulator\'s Date.now(); the gateways get each change\'s callback, the peers nothing (they cache nothing). ' +
    'For every successful read the orchestrator knows the schedule asked for, when the request was sent and answered, and which change the ' +
    'answer shows. A **stale answer** is one sent after a change to its schedule that still shows the state before it; its staleness is the ' +
    'answer\'s receipt time − that change\'s time (same machine, same wall clock). "change → first read showing it" also counts the wait until a ' +
    'client happens to ask for that schedule (each is asked for about every schedules ÷ reads-per-second seconds), so it is an upper bound, not the cache\'s lag. ' +
    'Callbacks are counted once everything is idle again: "pending" ones were still being retried by the emulator (the gateway had not answered ' +
    'one within 5 s); "pacing lag" is how late the emulator made its worst change (its event loop was busy).',
  'Everything shares one machine (orchestrator with autocannon, emulator, target); absolute figures are lower than on separate machines.',
];
