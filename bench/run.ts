import { mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { BenchConfig, loadBenchConfig, loadBenchSuites } from './config';
import { EmulatorControl } from './emulator-control';
import { Fixtures, fetchToken, seedSchedules } from './fixtures';
import { cpuSnapshot, foreignCpuShare, sourceRevision } from './machine';
import { runMatrix } from './matrix';
import { NOTES } from './notes';
import { BUILD_DIR, PROFILE_DIR, QUOTA_RESULTS_FILE, RESULTS_FILE, ROOT_DIR, SYNC_RESULTS_FILE } from './paths';
import { PreflightAnswers, assertSameAnswers, preflight } from './preflight';
import { killAllChildren } from './processes';
import type { RunFacts } from './facts';
import { renderReport } from './report';
import { SCENARIOS, Scenario } from './scenarios';
import { Target, TargetName, directTarget, peakRss, startAuthGatewayProcess, startGatewayProcess, startPeer } from './targets';
import { TokenLedger } from './token-ledger';
import { runSyncSuite } from './sync/run-sync';
import { loadSyncBenchConfig } from './sync/sync-config';
import { renderSyncReport } from './sync/sync-report';
import { loadQuotaBenchConfig } from './quota/quota-config';
import { renderQuotaReport } from './quota/quota-report';
import { runQuotaSuite } from './quota/run-quota';

/** BENCH_SUITES picks the parts (default all); each writes its own results file, so one part never overwrites another's. */
async function main(): Promise<void> {
  const suites = loadBenchSuites();
  // Settings are checked before anything starts, so a typo does not surface after the first part's minutes.
  const config = suites.includes('reads') ? loadBenchConfig() : undefined;
  const syncConfig = suites.includes('sync') ? loadSyncBenchConfig() : undefined;
  const quotaConfig = suites.includes('quota') ? loadQuotaBenchConfig() : undefined;
  if (config) await runReads(config);
  if (syncConfig) await runSync(syncConfig);
  if (quotaConfig) await runQuota(quotaConfig);
}

async function runQuota(config: ReturnType<typeof loadQuotaBenchConfig>): Promise<void> {
  const facts = await runQuotaSuite(config, sourceRevision(ROOT_DIR), log);
  const report = renderQuotaReport(facts);
  writeFileSync(QUOTA_RESULTS_FILE, report);
  mkdirSync(BUILD_DIR, { recursive: true });
  writeFileSync(join(BUILD_DIR, 'last-quota-run.json'), JSON.stringify(facts, null, 2));
  process.stdout.write(`\n${report}\n`);
  log(`wrote ${QUOTA_RESULTS_FILE} (raw figures: ${join(BUILD_DIR, 'last-quota-run.json')})`);
}

async function runSync(config: ReturnType<typeof loadSyncBenchConfig>): Promise<void> {
  const facts = await runSyncSuite(config, sourceRevision(ROOT_DIR), log);
  const report = renderSyncReport(facts);
  writeFileSync(SYNC_RESULTS_FILE, report);
  mkdirSync(BUILD_DIR, { recursive: true });
  writeFileSync(join(BUILD_DIR, 'last-sync-run.json'), JSON.stringify(facts, null, 2));
  process.stdout.write(`\n${report}\n`);
  log(`wrote ${SYNC_RESULTS_FILE} (raw figures: ${join(BUILD_DIR, 'last-sync-run.json')})`);
}

/**
 * `npm run bench`: the WeCom emulator, the peer and the gateway each in their own process, autocannon
 * in this one. Seeds the emulator, checks every target once, measures the whole matrix and writes
 * bench/RESULTS.md. Child processes are stopped however the run ends.
 */
async function runReads(config: BenchConfig): Promise<void> {
  const scenarios = SCENARIOS.filter((s) => config.scenarios.includes(s.name));
  const startedAt = new Date();
  const revision = sourceRevision(ROOT_DIR);
  const emulator = await EmulatorControl.start();
  log(`emulator at ${emulator.baseUrl} (pid ${emulator.child.pid})`);
  const tokens = new TokenLedger(emulator);
  const targets: Target[] = [];
  let facts: RunFacts;
  try {
    const fixtures = await tokens.book('direct', () => seed(emulator, config));
    targets.push(...(await startTargets(config, emulator, tokens)));
    await checkTargets(targets, scenarios, fixtures, tokens);

    const pids = [emulator.child.pid, ...targets.flatMap((t) => (t.child ? [t.child.pid] : []))];
    const [cpuBefore, loadBefore] = [cpuSnapshot(pids), loadavg()[0]];
    const samples = await runMatrix({ config, scenarios, targets, fixtures, emulator, tokens, log });
    const machine = { foreignCpuShare: foreignCpuShare(cpuBefore, cpuSnapshot(pids)), loadAvg: [loadBefore, loadavg()[0]] as [number, number], revision };
    const peakRssMiB: RunFacts['peakRssMiB'] = {};
    for (const target of targets) peakRssMiB[target.name] = peakRss(target);
    facts = { config, samples, gettoken: tokens.counts, peakRssMiB, startedAt, finishedAt: new Date(), machine };
  } finally {
    // SIGTERM first: the gateway then exits by itself, which is when --cpu-prof writes its profile.
    for (const target of [...targets].reverse()) await target.child?.stop();
    await emulator.stop();
  }

  const report = renderReport(facts, NOTES);
  writeFileSync(RESULTS_FILE, report);
  mkdirSync(BUILD_DIR, { recursive: true });
  writeFileSync(join(BUILD_DIR, 'last-run.json'), JSON.stringify(facts, null, 2));
  process.stdout.write(`\n${report}\n`);
  log(`wrote ${RESULTS_FILE} (raw samples: ${join(BUILD_DIR, 'last-run.json')})`);
  if (config.cpuProf) log(`gateway CPU profile: ${newestProfile() ?? 'none written'}`);
}

async function seed(emulator: EmulatorControl, config: BenchConfig): Promise<Fixtures> {
  const token = await fetchToken(emulator.baseUrl);
  const ids = await seedSchedules(emulator.baseUrl, token, config.seedCount);
  log(`seeded ${ids.length} schedules`);
  return { token, ids };
}

async function startTargets(config: BenchConfig, emulator: EmulatorControl, tokens: TokenLedger): Promise<Target[]> {
  const start: Record<TargetName, () => Promise<Target>> = {
    direct: async () => directTarget(emulator),
    peer: () => startPeer(emulator, 'peer'),
    'peer-undici': () => startPeer(emulator, 'peer-undici'),
    gateway: () => startGatewayProcess(emulator, config.cpuProf, config.gatewayNodeArgs),
    'gateway-auth': () => startAuthGatewayProcess(emulator, config.gatewayNodeArgs),
  };
  const targets: Target[] = [];
  for (const name of config.targets) {
    const target = await tokens.book(name, start[name]);
    targets.push(target);
    log(`${name} at ${target.origin}${target.child ? ` (pid ${target.child.pid})` : ''}`);
  }
  return targets;
}

async function checkTargets(targets: Target[], scenarios: Scenario[], fixtures: Fixtures, tokens: TokenLedger): Promise<void> {
  const answers = new Map<TargetName, PreflightAnswers>();
  for (const target of targets) {
    answers.set(target.name, await tokens.book(target.name, () => preflight(target, scenarios, fixtures), target.child?.pid));
  }
  const gateway = answers.get('gateway');
  for (const name of ['peer', 'peer-undici'] as const) {
    const peer = answers.get(name);
    if (peer && gateway) assertSameAnswers(peer, gateway, name);
  }
  log('preflight passed: every target answers every scenario correctly; the peers and the gateway answer alike');
}

function newestProfile(): string | undefined {
  try {
    return readdirSync(PROFILE_DIR)
      .filter((f) => f.endsWith('.cpuprofile'))
      .map((f) => join(PROFILE_DIR, f))
      .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0];
  } catch {
    return undefined;
  }
}

function log(message: string): void {
  process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${message}\n`);
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    killAllChildren();
    process.exit(130);
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  killAllChildren();
  process.exit(1);
});
