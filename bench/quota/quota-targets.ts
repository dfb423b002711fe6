import type { EmulatorApp } from '../../src/emulator/app-identity';
import type { EmulatorControl } from '../emulator-control';
import type { Child } from '../processes';
import { startPeer } from '../targets';
import { freshCallbackSettings, startSyncGateway } from '../sync/sync-processes';

/** The two peers (one WeCom call per id, no cache) and the gateway in two configurations. */
export type QuotaTargetName = 'peer' | 'peer-undici' | 'gateway-coalescing' | 'gateway-cache';
export const QUOTA_TARGET_NAMES: QuotaTargetName[] = ['peer', 'peer-undici', 'gateway-coalescing', 'gateway-cache'];

export type GatewayConfigurationName = Extract<QuotaTargetName, `gateway-${string}`>;

/**
 * The gateway's configurations: nothing but environment variables, here in one table. READ_COALESCE_WINDOW_MS
 * (coalescing window, 0 = none) and READ_CACHE_TTL_MS (0 = cache off) belong to the read path of issue 13;
 * a gateway built before them ignores them, and both rows then measure the same gateway.
 */
export const GATEWAY_CONFIGURATIONS: Record<GatewayConfigurationName, { title: string; env: Record<string, string> }> = {
  'gateway-coalescing': { title: 'coalescing only (cache off)', env: { READ_CACHE_TTL_MS: '0' } },
  'gateway-cache': { title: 'coalescing and the read cache', env: { READ_CACHE_TTL_MS: '60000' } },
};

/**
 * What every gateway configuration shares in this part: the gateway's own call budget set to WeCom's quota
 * (unlike the reads part, which lifts it), its pause after a 45009 as long as the emulator's block, and
 * callbacks configured (the cache is dropped by the change feed; the `changing` scenario needs them).
 */
export function gatewayQuotaEnv(perMinute: number, blockMs: number): Record<string, string> {
  return { WECOM_CALLS_PER_MINUTE: String(perMinute), WECOM_BLOCK_MS: String(blockMs) };
}

export interface QuotaTarget {
  name: QuotaTargetName;
  /** http://127.0.0.1:port */
  origin: string;
  child: Child;
}

/** Starts `name` against `emulator` as `app`; a gateway also gets fresh callback settings, verified by the emulator. */
export async function startQuotaTarget(
  name: QuotaTargetName,
  emulator: EmulatorControl,
  app: EmulatorApp,
  quota: { perMinute: number; blockMs: number },
): Promise<QuotaTarget> {
  if (name === 'peer' || name === 'peer-undici') {
    const peer = await startPeer(emulator, name, app);
    return { name, origin: peer.origin, child: peer.child! };
  }
  const callback = freshCallbackSettings();
  const env = { ...gatewayQuotaEnv(quota.perMinute, quota.blockMs), ...GATEWAY_CONFIGURATIONS[name].env };
  const gateway = await startSyncGateway(name, emulator, app, callback, undefined, env);
  if (!(await emulator.setCallback(`${gateway.origin}/wecom/callback`, callback.token, callback.encodingAesKey))) {
    await gateway.child.stop();
    throw new Error(`${name}: the callback URL verification at ${gateway.origin}/wecom/callback failed:\n${gateway.child.recentOutput()}`);
  }
  return { name, origin: gateway.origin, child: gateway.child };
}
