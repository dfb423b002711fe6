import { loadavg } from 'node:os';
import type { DeliveryStats, DriveResult } from '../child-protocol';
import { EmulatorControl, difference } from '../emulator-control';
import { cpuSnapshot, foreignCpuShare } from '../machine';
import { cpuTicks } from '../processes';
import type { SyncBenchConfig } from './sync-config';
import { SubscriberControl, SyncGateway, deleteRunKeys, freshApp, freshCallbackSettings, redisReachable, startSyncGateway } from './sync-processes';
import { DEADLINE_MS, LabelReport } from './subscriber-protocol';

/** `single`: one gateway, in-memory feed. `fleet`: two gateways sharing Redis, the callback into A, the subscribers on B. */
export type SyncSetup = 'single' | 'fleet';

export interface SyncStep {
  /** `fixed`: the moderate rate; `ladder`: one rung of the step-up. */
  kind: 'fixed' | 'ladder';
  ratePerSec: number;
  /** Actions made (= events expected per subscriber). */
  events: number;
  drive: DriveResult;
  report: LabelReport;
  /** Every event reached every subscriber within DEADLINE_MS (and the emulator refused no action). */
  passed: boolean;
  /** Actions per second the emulator achieved (first to last change). */
  actionsPerSec: number;
  /** Events per second delivered to every subscriber: events / (first change → last receipt). */
  deliveredPerSec: number;
  /** WeCom calls the step caused, per event (counted once everything was idle again). */
  scheduleGetPerEvent: number;
  gettoken: number;
  deliveries: DeliveryStats;
  /** CPU used during the step, in cores (1 = one core busy the whole time), per process. */
  cpuCores: Record<string, number>;
}

export interface SyncRun {
  setup: SyncSetup;
  subscribers: number;
  steps: SyncStep[];
}

export interface SyncSetupFacts {
  setup: SyncSetup;
  subscribers: number;
  corpId: string;
  /** Share of the machine's CPU used by processes not ours while the setup ran (0..1). */
  foreignCpuShare: number;
  loadAvg: [number, number];
  redisKeysDeleted?: number;
}

export interface SyncFacts {
  config: SyncBenchConfig;
  runs: SyncRun[];
  setups: SyncSetupFacts[];
  /** Why the fleet setup did not run, when it did not. */
  fleetSkipped?: string;
  startedAt: Date;
  finishedAt: Date;
  revision: string;
}

type Log = (message: string) => void;

export async function runSyncSuite(config: SyncBenchConfig, revision: string, log: Log): Promise<SyncFacts> {
  const startedAt = new Date();
  const facts: SyncFacts = { config, runs: [], setups: [], startedAt, finishedAt: startedAt, revision };
  const setups: SyncSetup[] = ['single'];
  if (config.fleet !== 'off') {
    if (await redisReachable(config.redisUrl)) setups.push('fleet');
    else if (config.fleet === 'on') throw new Error(`BENCH_SYNC_FLEET=on, but no Redis answers at ${config.redisUrl}`);
    else facts.fleetSkipped = `no Redis answered PING at ${config.redisUrl}`;
  }
  // Fresh processes for every setup and subscriber count: the ladder ends by overloading the gateway, whose
  // backlog (callbacks still retried, reads still queued) must not spill into the next measurement.
  for (const setup of setups) for (const subscribers of config.subscribers) await runSetup(setup, subscribers, config, facts, log);
  facts.finishedAt = new Date();
  return facts;
}

async function runSetup(setup: SyncSetup, subscribers: number, config: SyncBenchConfig, facts: SyncFacts, log: Log): Promise<void> {
  const app = freshApp();
  const callback = freshCallbackSettings();
  const emulator = await EmulatorControl.start(app);
  const gateways: SyncGateway[] = [];
  const cacheUrl = setup === 'fleet' ? config.redisUrl : undefined;
  try {
    gateways.push(await startSyncGateway(setup === 'fleet' ? 'gateway-A' : 'gateway', emulator, app, callback, cacheUrl));
    if (setup === 'fleet') gateways.push(await startSyncGateway('gateway-B', emulator, app, callback, cacheUrl));
    const [receiver, publisher] = [gateways[0], gateways[gateways.length - 1]];
    if (!(await emulator.setCallback(`${receiver.origin}/wecom/callback`, callback.token, callback.encodingAesKey))) {
      throw new Error(`the callback URL verification at ${receiver.origin}/wecom/callback failed:\n${receiver.child.recentOutput()}`);
    }
    const scheduleIds = await emulator.seedSchedules(config.seedCount);
    log(`sync/${setup}: emulator as ${app.corpId}, ${gateways.map((g) => `${g.name} at ${g.origin}`).join(', ')}; callback verified; ${scheduleIds.length} schedules seeded`);

    const subs = await SubscriberControl.start(publisher.origin, subscribers);
    const ours = () => [emulator.child.pid, subs.child.pid, ...gateways.map((g) => g.child.pid)];
    const [cpuBefore, loadBefore] = [cpuSnapshot(ours()), loadavg()[0]];
    let cpuAfter: ReturnType<typeof cpuSnapshot>;
    try {
      const steps = await measureSubscribers({ setup, config, emulator, gateways, subs, subscribers, scheduleIds, log });
      facts.runs.push({ setup, subscribers, steps });
      cpuAfter = cpuSnapshot(ours());
    } finally {
      await subs.stop();
    }
    const setupFacts: SyncSetupFacts = {
      setup,
      subscribers,
      corpId: app.corpId,
      foreignCpuShare: foreignCpuShare(cpuBefore, cpuAfter),
      loadAvg: [loadBefore, loadavg()[0]],
    };
    facts.setups.push(setupFacts);
    if (cacheUrl) setupFacts.redisKeysDeleted = await deleteRunKeysAfter(gateways, cacheUrl, app.corpId);
  } finally {
    for (const gateway of [...gateways].reverse()) await gateway.child.stop();
    await emulator.stop();
  }
}

/** Stops the gateways first (nothing writes any more), then deletes the run's keys. */
async function deleteRunKeysAfter(gateways: SyncGateway[], url: string, corpId: string): Promise<number> {
  for (const gateway of gateways) await gateway.child.stop();
  return deleteRunKeys(url, corpId);
}

interface MeasureContext {
  setup: SyncSetup;
  config: SyncBenchConfig;
  emulator: EmulatorControl;
  gateways: SyncGateway[];
  subs: SubscriberControl;
  subscribers: number;
  scheduleIds: string[];
  log: Log;
}

async function measureSubscribers(ctx: MeasureContext): Promise<SyncStep[]> {
  const { setup, config, subscribers, log } = ctx;
  await waitUntilSubscribed(ctx);
  const steps: SyncStep[] = [];
  const fixed = await measureStep(ctx, 'fixed', config.fixedRate, Math.round(config.fixedRate * config.stepSec * 2));
  steps.push(fixed);
  log(`sync/${setup}/${subscribers} sub: ${describe(fixed)}`);
  for (const rate of config.rates) {
    const step = await measureStep(ctx, 'ladder', rate, Math.round(rate * config.stepSec));
    steps.push(step);
    log(`sync/${setup}/${subscribers} sub: ${describe(step)}`);
    if (!step.passed) break;
  }
  return steps;
}

/** One action at a time until every subscriber has received one: their subscriptions are live. */
async function waitUntilSubscribed(ctx: MeasureContext): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (let probe = 0; Date.now() < deadline; probe += 1) {
    const label = `probe${probe}`;
    await ctx.subs.begin(label);
    await ctx.emulator.drive(ctx.scheduleIds, label, 1, 1);
    const until = Date.now() + 2000;
    while (Date.now() < until) {
      const { subscribersReached } = await ctx.subs.count(label);
      if (subscribersReached === ctx.subscribers) {
        await ctx.subs.report(label, 1);
        return;
      }
      await sleep(50);
    }
    await ctx.subs.report(label, 1);
  }
  throw new Error(`not all ${ctx.subscribers} subscribers received a change within 60 s`);
}

let stepNumber = 0;

async function measureStep(ctx: MeasureContext, kind: SyncStep['kind'], ratePerSec: number, events: number): Promise<SyncStep> {
  const { emulator, subs, subscribers, gateways } = ctx;
  const label = `s${(stepNumber += 1)}r${ratePerSec}`;
  const processes: [string, number][] = [['emulator', emulator.child.pid], ...gateways.map((g): [string, number] => [g.name, g.child.pid]), ['subscribers', subs.child.pid]];
  await subs.begin(label);
  const before = await emulator.settledTotals(processes.slice(1).map(([, pid]) => pid));
  const ticksBefore = processes.map(([, pid]) => cpuTicks(pid) ?? 0);
  const wallBefore = Date.now();

  const drive = await emulator.drive(ctx.scheduleIds, label, ratePerSec, events);
  const want = events * subscribers;
  const giveUpAt = drive.lastAt + DEADLINE_MS + 1000;
  while (Date.now() < giveUpAt && (await subs.count(label)).received < want) await sleep(50);
  const report = await subs.report(label, events);
  const wallSec = (Date.now() - wallBefore) / 1000;
  const cpuCores = Object.fromEntries(processes.map(([name, pid], i) => [name, ((cpuTicks(pid) ?? 0) - ticksBefore[i]) / 100 / wallSec]));

  const after = await emulator.settledTotals(processes.slice(1).map(([, pid]) => pid));
  const calls = difference(after, before);
  const deliveries = await emulator.deliveries(drive.firstDeliveryId);
  const deliveredEvents = (want - report.missing) / subscribers;
  return {
    kind,
    ratePerSec,
    events,
    drive,
    report,
    passed: report.missing === 0 && report.overDeadline === 0 && drive.errors === 0,
    actionsPerSec: events > 1 ? ((events - 1) * 1000) / Math.max(1, drive.lastAt - drive.firstAt) : NaN,
    deliveredPerSec: (deliveredEvents * 1000) / Math.max(1, report.lastReceivedAt - drive.firstAt),
    scheduleGetPerEvent: calls['/cgi-bin/oa/schedule/get'] / events,
    gettoken: calls['/cgi-bin/gettoken'],
    deliveries,
    cpuCores,
  };
}

function describe(step: SyncStep): string {
  const r = step.report;
  return (
    `${step.kind} ${step.ratePerSec}/s × ${step.events}: ${step.passed ? 'all within 5 s' : 'MISSED'}; ` +
    `p50 ${r.p50Ms} ms, p99 ${r.p99Ms} ms, max ${r.maxMs} ms; missing ${r.missing}, over 5 s ${r.overDeadline}; ` +
    `${step.deliveredPerSec.toFixed(0)} events/s delivered; schedule/get per event ${step.scheduleGetPerEvent.toFixed(3)}`
  );
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
