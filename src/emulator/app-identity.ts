import { WeComError } from './wecom-errors';

/** An application (自建应用) the emulator knows: WeCom issues tokens per app, not per corp. */
export interface EmulatorApp {
  corpId: string;
  corpSecret: string;
  agentId?: number;
}

/** The built-in app used by demo mode when no apps are configured. */
export const DEMO_APP: EmulatorApp = Object.freeze({
  corpId: 'demo-corp',
  corpSecret: 'demo-secret',
  agentId: 1000002,
});

/** Internal owner tag for tokens, calendars and schedules. */
export interface AppIdentity {
  /** corpId + secret: two apps of one corp are different owners. */
  readonly key: string;
  readonly corpId: string;
  readonly agentId?: number;
}

export function identityOf(app: EmulatorApp): AppIdentity {
  return { key: `${app.corpId}\u0000${app.corpSecret}`, corpId: app.corpId, agentId: app.agentId };
}

/** Copies and validates the configured apps (fails fast on duplicates or blanks). */
export function resolveApps(apps: readonly EmulatorApp[] | undefined): EmulatorApp[] {
  const list = (apps ?? [DEMO_APP]).map((app) => ({ ...app }));
  if (list.length === 0) throw new RangeError('WeComEmulator needs at least one app');
  const seen = new Set<string>();
  for (const app of list) {
    if (!app.corpId || !app.corpSecret) throw new RangeError('WeComEmulator apps need corpId and corpSecret');
    const key = identityOf(app).key;
    if (seen.has(key)) throw new RangeError(`WeComEmulator app configured twice: ${app.corpId}`);
    seen.add(key);
  }
  return list;
}

/**
 * Same app → fine. Same corp, other app → 90466. [U] Another corp's object is treated as nonexistent
 * (`notFoundCode`), since a corp cannot even see another corp's ids.
 */
export function assertOwnedBy(owner: AppIdentity, requester: AppIdentity, notFoundCode: number): void {
  if (owner.key === requester.key) return;
  throw new WeComError(owner.corpId === requester.corpId ? 90466 : notFoundCode);
}

/**
 * `agentid` is only meaningful for legacy third-party suites. [U] An agentid that differs from the token's
 * app answers 301002 (WECOM.md 1: "app A's token on app B's agentid"); a non-integer answers 40056.
 */
export function checkAgentId(caller: AppIdentity, agentid: unknown): void {
  if (agentid === undefined || agentid === null) return;
  if (typeof agentid !== 'number' || !Number.isInteger(agentid) || agentid < 0) throw new WeComError(40056);
  if (caller.agentId !== undefined && agentid !== caller.agentId) throw new WeComError(301002);
}
