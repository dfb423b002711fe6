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
