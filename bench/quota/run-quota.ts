import { loadavg } from 'node:os';
import { isDeepStrictEqual } from 'node:util';
import type { DeliveryStats, DriveResult } from '../child-protocol';
import { EmulatorControl, difference } from '../emulator-control';
import { cpuSnapshot, foreignCpuShare } from '../machine';
import { GET_SCHEDULE, graphqlBody } from '../operations';
import { freshApp } from '../sync/sync-processes';
import type { QuotaBenchConfig, QuotaScenario } from './quota-config';
import { QuotaLoadResult, runQuotaLoad } from './quota-load';
import { QuotaTarget, QuotaTargetName, startQuotaTarget } from './quota-targets';
import { Staleness, measureStaleness } from './staleness';

/** One target under one scenario, on its own emulator process and corp (the quota and its block are per corp). */
export interface QuotaRun {
  scenario: QuotaScenario;
  target: QuotaTargetName;
  corpId: string;
  load: Omit<QuotaLoadResult, 'log'>;
  /** Calls the emulator answered 45009. */
  refusals45009: number;
  /** schedule/get calls the emulator received during the load and until everything was idle (refused ones included). */
  scheduleGetCalls: number;
  gettokenCalls: number;
  /** `changing` only. */
  drive?: Omit<DriveResult, 'changedAt'>;
  staleness?: Staleness;
  deliveries?: DeliveryStats;
  /** Share of the machine's CPU used by processes not ours during the load (0..1), and the 1-min load average before and after. */
  foreignCpuShare: number;
  loadAvg: [number, number];
}

export interface QuotaFacts {
  config: QuotaBenchConfig;
  /** The BENCH_QUOTA_* variables the run was started with (the command to repeat it). */
  settings?: Record<string, string>;
  runs: QuotaRun[];
  startedAt: Date;
  finishedAt: Date;
  revision: string;
}

type Log = (message: string) => void;

const CHANGE_LABEL = 'qchg';

export async function runQuotaSuite(config: QuotaBenchConfig, revision: string, log: Log): Promise<QuotaFacts> {
  const settings = Object.fromEntries(
    Object.entries(process.env).filter((entry): entry is [string, string] => entry[0].startsWith('BENCH_QUOTA_') && entry[1] !== undefined),
  );
  const facts: QuotaFacts = { config, settings, runs: [], startedAt: new Date(), finishedAt: new Date(), revision };
  const reference: { target?: QuotaTargetName; answer?: unknown } = {};
  for (const scenario of config.scenarios) {
    for (const target of config.targets) {
      const run = await runOne(scenario, target, config, reference, log);
      facts.runs.push(run);
      log(`quota/${scenario}/${target}: ${describe(run)}`);
    }
  }
  facts.finishedAt = new Date();
  return facts;
}

async function runOne(
  scenario: QuotaScenario,
  name: QuotaTargetName,
  config: QuotaBenchConfig,
  reference: { target?: QuotaTargetName; answer?: unknown },
  log: Log,
): Promise<QuotaRun> {
  // A fresh emulator process and corp per run: a block lasts until the end of the minute (or longer), and
  // must not carry over into the next target's measurement.
  const app = freshApp('bench-quota');
  const emulator = await EmulatorControl.start(app);
  let target: QuotaTarget | undefined;
  try {
    await emulator.setLatency(config.latencyMs);
    const scheduleIds = await emulator.seedSchedules(config.schedules);
    const quota = { perMinute: config.perMinute, blockMs: config.blockMs };
    target = await startQuotaTarget(name, emulator, app, quota);
    await preflight(target, scheduleIds[0], reference);
    log(`quota/${scenario}/${name}: corp ${app.corpId}, ${scheduleIds.length} schedules, ${name} at ${target.origin}; preflight passed`);

    const pids = [target.child.pid];
    await emulator.settledTotals(pids);
    // The quota is switched on after the preflight and its token: counts start afresh, as for a new minute.
    await emulator.setApiQuota(config.perMinute, config.blockMs);
    const before = await emulator.totals();
    const [cpuBefore, loadBefore] = [cpuSnapshot([emulator.child.pid, ...pids]), loadavg()[0]];

    const ratePerSec = Math.max(1, Math.round(config.changeSharePerSec * scheduleIds.length));
    const driving =
      scenario === 'changing'
        ? emulator.drive(scheduleIds, CHANGE_LABEL, ratePerSec, Math.round(ratePerSec * config.durationSec), true)
        : undefined;
    const { log: readLog, ...load } = await runQuotaLoad({
      origin: target.origin,
      clients: config.clients,
      durationSec: config.durationSec,
      scheduleIds,
      recordSummaries: scenario === 'changing' ? CHANGE_LABEL : undefined,
    });
    const drive = await driving;
    const cpuAfter = cpuSnapshot([emulator.child.pid, ...pids]);
    const calls = difference(await emulator.settledTotals(pids), before);
    const run: QuotaRun = {
      scenario,
      target: name,
      corpId: app.corpId,
      load,
      refusals45009: await emulator.quotaRefusals(),
      scheduleGetCalls: calls['/cgi-bin/oa/schedule/get'],
      gettokenCalls: calls['/cgi-bin/gettoken'],
      foreignCpuShare: foreignCpuShare(cpuBefore, cpuAfter),
      loadAvg: [loadBefore, loadavg()[0]],
    };
    if (drive && readLog) {
      const { changedAt = [], ...rest } = drive;
      run.drive = rest;
      run.staleness = measureStaleness(readLog, changedAt, drive.firstIndex ?? 0, scheduleIds.length);
      if (name.startsWith('gateway')) run.deliveries = await emulator.deliveries(drive.firstDeliveryId);
    }
    return run;
  } finally {
    await target?.child.stop();
    await emulator.stop();
  }
}

/**
 * One read before the quota is on, checked in depth: the schedule asked for, no errors. Every target's
 * answer must equal the first target's (ids and calendar ids aside: each run has its own emulator).
 */
async function preflight(target: QuotaTarget, id: string, reference: { target?: QuotaTargetName; answer?: unknown }): Promise<void> {
  const response = await fetch(`${target.origin}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: graphqlBody(GET_SCHEDULE, { id }),
  });
  const text = await response.text();
  const answer = JSON.parse(text) as { data?: { schedule?: Record<string, unknown> | null }; errors?: unknown[] };
  const schedule = answer.data?.schedule;
  if (response.status !== 200 || answer.errors || schedule?.id !== id) throw new Error(`preflight ${target.name}: HTTP ${response.status} ${text.slice(0, 500)}`);
  const { id: _id, calendarId: _calendarId, ...comparable } = schedule;
  if (reference.answer === undefined) {
    reference.target = target.name;
    reference.answer = comparable;
  } else if (!isDeepStrictEqual(reference.answer, comparable)) {
    throw new Error(
      `preflight: ${target.name} and ${reference.target} answer differently\n${target.name}: ${JSON.stringify(comparable)}\n` +
        `${reference.target}: ${JSON.stringify(reference.answer)}`,
    );
  }
}

function describe(run: QuotaRun): string {
  const { load } = run;
  const f = load.failures;
  const reads = run.load.successes;
  const stale = run.staleness
    ? `; ${run.staleness.changes} changes, ${run.staleness.staleReads} stale answers, max stale age ${run.staleness.maxStaleAgeMs} ms`
    : '';
  return (
    `${(reads / load.durationSec).toFixed(0)} reads/s ok (${reads}); failed: WeCom block ${f.wecomBlock}, gateway budget ${f.gatewayBudget}, other ${f.other}` +
    `${f.otherSample ? ` (${f.otherSample.slice(0, 120)})` : ''}; 45009 at the emulator ${run.refusals45009}; schedule/get ${run.scheduleGetCalls} ` +
    `(${reads ? (run.scheduleGetCalls / reads).toFixed(3) : 'n/a'} per read)${stale}`
  );
}
