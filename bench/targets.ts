import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEMO_APP, type EmulatorApp } from '../src/emulator/app-identity';
import type { PeerReady } from './child-protocol';
import type { EmulatorControl } from './emulator-control';
import type { Fixtures } from './fixtures';
import { GATEWAY_ENTRY, BUILD_DIR, PROFILE_DIR } from './paths';
import { Child, firstMessage, firstOutputLine, forkChild, peakRssMiB, spawnNode } from './processes';
import type { RequestPlan, Scenario, ScenarioName } from './scenarios';

/**
 * `peer`: Apollo Server + @apollo/datasource-rest; `peer-undici`: Apollo Server + undici, no data source
 * (the fastest hand-written one). `gateway-auth`: the same gateway with AUTH=api-key, each request
 * carrying a key (the cost of auth).
 */
export type TargetName = 'direct' | 'peer' | 'peer-undici' | 'gateway' | 'gateway-auth';
export const TARGET_NAMES: TargetName[] = ['direct', 'peer', 'peer-undici', 'gateway', 'gateway-auth'];
export type PeerName = 'peer' | 'peer-undici';

/** Something the load generator points at: the emulator itself, the peer or the gateway. */
export interface Target {
  name: TargetName;
  /** http://127.0.0.1:port */
  origin: string;
  plan(scenario: Scenario, fixtures: Fixtures): RequestPlan;
  /** The process serving it, when it is one of ours (peer, gateway). */
  child?: Child;
  /** Only these scenarios are measured on it. @default all */
  scenarios?: ScenarioName[];
}

/**
 * Environment of a child pointed at the emulator as a production WeCom app (`app`, default the demo app);
 * nothing inherited that could redirect it.
 */
export function wecomEnv(emulator: EmulatorControl, app: EmulatorApp = DEMO_APP): NodeJS.ProcessEnv {
  const { CACHE_URL: _cache, WECOM_AGENT_ID: _agent, WECOM_TIMEOUT_MS: _timeout, ...inherited } = process.env;
  return {
    ...inherited,
    NODE_ENV: 'production',
    // Production needs AUTH to be chosen; the plain gateway target measures without it.
    AUTH: 'none',
    // The bench measures the gateway's overhead against an emulator without WeCom's quota: the budget
    // still counts every call, but must not refuse the load (its default is 6,000 calls a minute).
    WECOM_CALLS_PER_MINUTE: '1000000',
    PORT: '0',
    WECOM_CORP_ID: app.corpId,
    WECOM_CORP_SECRET: app.corpSecret,
    WECOM_API_BASE_URL: emulator.baseUrl,
  };
}

export function directTarget(emulator: EmulatorControl): Target {
  return { name: 'direct', origin: emulator.baseUrl, plan: (scenario, fixtures) => scenario.direct(fixtures) };
}

/** One of the peers (bench/peer, bench/peer-undici), compiled under bench/.build, as `app` (default the demo app). */
export async function startPeer(emulator: EmulatorControl, name: PeerName = 'peer', app?: EmulatorApp): Promise<Target> {
  const child = forkChild(name, join(BUILD_DIR, 'bench', name, 'server.js'), wecomEnv(emulator, app));
  const ready = await firstMessage(child, (m): m is PeerReady => (m as PeerReady | undefined)?.type === 'ready');
  const { origin } = new URL(ready.url.replace('localhost', '127.0.0.1'));
  return { name, origin, child, plan: graphqlPlan };
}

/**
 * `node dist/index.js` in production mode; with `cpuProf`, it writes a .cpuprofile to bench/profiles when
 * stopped. `extraNodeArgs`: extra node flags (BENCH_GATEWAY_NODE_ARGS).
 */
export async function startGatewayProcess(
  emulator: EmulatorControl,
  cpuProf: boolean,
  extraNodeArgs: string[] = [],
  env: NodeJS.ProcessEnv = wecomEnv(emulator),
  name: TargetName = 'gateway',
): Promise<Target> {
  const nodeArgs = [...extraNodeArgs, ...(cpuProf ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`] : [])];
  const child = spawnNode(name, nodeArgs, GATEWAY_ENTRY, env);
  const url = await firstOutputLine(child, (line) => {
    if (!line.includes('gateway ready at')) return undefined;
    return (JSON.parse(line) as { url: string }).url;
  });
  const { origin } = new URL(url.replace('localhost', '127.0.0.1'));
  return { name, origin, child, plan: graphqlPlan };
}

/**
 * The gateway with AUTH=api-key: a fresh key, its sha256 in a keys file under bench/.build, and every
 * request carrying `Authorization: Bearer <key>`. One schedule by id is where auth weighs most.
 */
export async function startAuthGatewayProcess(emulator: EmulatorControl, extraNodeArgs: string[] = []): Promise<Target> {
  const key = randomBytes(32).toString('base64url');
  const keysFile = join(BUILD_DIR, 'bench-api-keys.json');
  mkdirSync(BUILD_DIR, { recursive: true });
  const sha256 = createHash('sha256').update(key).digest('hex');
  writeFileSync(keysFile, JSON.stringify([{ name: 'bench', sha256, scopes: ['schedules:read', 'schedules:write'] }]));
  const env = { ...wecomEnv(emulator), AUTH: 'api-key', API_KEYS_FILE: keysFile };
  const target = await startGatewayProcess(emulator, false, extraNodeArgs, env, 'gateway-auth');
  const headers = { authorization: `Bearer ${key}` };
  return { ...target, scenarios: ['one-by-id'], plan: (scenario, fixtures) => ({ ...graphqlPlan(scenario, fixtures), headers }) };
}

/** Whether `target` is measured on `scenario`. */
export function measures(target: Target, scenario: Scenario): boolean {
  return !target.scenarios || target.scenarios.includes(scenario.name);
}

/** Peer and gateway get the same GraphQL requests (Apollo's standalone server answers on any path, /graphql too). */
function graphqlPlan(scenario: Scenario, fixtures: Fixtures): RequestPlan {
  return scenario.graphql(fixtures);
}

export function peakRss(target: Target): number | undefined {
  return target.child ? peakRssMiB(target.child.pid) : undefined;
}
