import { createHash } from 'node:crypto';

/**
 * The key of one WeCom app, under which every piece of shared state (locks, idempotency records,
 * limiter windows, the change feed) is kept: corp id + agent id, or corp id + a digest of the
 * secret when no agent id is configured (API.md, "Callers"). The secret itself never appears.
 */
export function wecomAppKey(app: { corpId: string; corpSecret: string; agentId?: number }): string {
  if (app.agentId !== undefined) return `${app.corpId}:${app.agentId}`;
  return `${app.corpId}:s-${createHash('sha256').update(app.corpSecret).digest('hex').slice(0, 16)}`;
}
