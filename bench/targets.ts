import { join } from 'node:path';
import { DEMO_APP } from '../src/emulator/app-identity';
import type { PeerReady } from './child-protocol';
import type { EmulatorControl } from './emulator-control';
import type { Fixtures } from './fixtures';
import { GATEWAY_ENTRY, BUILD_DIR, PROFILE_DIR } from './paths';
import { Child, firstMessage, firstOutputLine, forkChild, peakRssMiB, spawnNode } from './processes';
import type { RequestPlan, Scenario } from './scenarios';

export type TargetName = 'direct' | 'peer' | 'gateway';
export const TARGET_NAMES: TargetName[] = ['direct', 'peer', 'gateway'];

/** Something the load generator points at: the emulator itself, the peer or the gateway. */
export interface Target {
  name: TargetName;
  /** http://127.0.0.1:port */
  origin: string;
  plan(scenario: Scenario, fixtures: Fixtures): RequestPlan;
  /** The process serving it, when it is one of ours (peer, gateway). */
  child?: Child;
}

/** Environment of a child pointed at the emulator as a production WeCom app; nothing inherited that could redirect it. */
function wecomEnv(emulator: EmulatorControl): NodeJS.ProcessEnv {
  const { CACHE_URL: _cache, WECOM_AGENT_ID: _agent, WECOM_TIMEOUT_MS: _timeout, ...inherited } = process.env;
  return {
    ...inherited,
    NODE_ENV: 'production',
    PORT: '0',
    WECOM_CORP_ID: DEMO_APP.corpId,
    WECOM_CORP_SECRET: DEMO_APP.corpSecret,
    WECOM_API_BASE_URL: emulator.baseUrl,
  };
}

export function directTarget(emulator: EmulatorControl): Target {
  return { name: 'direct', origin: emulator.baseUrl, plan: (scenario, fixtures) => scenario.direct(fixtures) };
}

export async function startPeer(emulator: EmulatorControl): Promise<Target> {
  const child = forkChild('peer', join(BUILD_DIR, 'bench', 'peer', 'server.js'), wecomEnv(emulator));
  const ready = await firstMessage(child, (m): m is PeerReady => (m as PeerReady | undefined)?.type === 'ready');
  const { origin } = new URL(ready.url.replace('localhost', '127.0.0.1'));
  return { name: 'peer', origin, child, plan: graphqlPlan };
}

/**
 * `node dist/index.js` in production mode; with `cpuProf`, it writes a .cpuprofile to bench/profiles when
 * stopped. `extraNodeArgs`: extra node flags (BENCH_GATEWAY_NODE_ARGS).
 */
export async function startGatewayProcess(emulator: EmulatorControl, cpuProf: boolean, extraNodeArgs: string[] = []): Promise<Target> {
  const nodeArgs = [...extraNodeArgs, ...(cpuProf ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`] : [])];
  const child = spawnNode('gateway', nodeArgs, GATEWAY_ENTRY, wecomEnv(emulator));
  const url = await firstOutputLine(child, (line) => {
    if (!line.includes('gateway ready at')) return undefined;
    return (JSON.parse(line) as { url: string }).url;
  });
  const { origin } = new URL(url.replace('localhost', '127.0.0.1'));
  return { name: 'gateway', origin, child, plan: graphqlPlan };
}

/** Peer and gateway get the same GraphQL requests (Apollo's standalone server answers on any path, /graphql too). */
function graphqlPlan(scenario: Scenario, fixtures: Fixtures): RequestPlan {
  return scenario.graphql(fixtures);
}

export function peakRss(target: Target): number | undefined {
  return target.child ? peakRssMiB(target.child.pid) : undefined;
}
