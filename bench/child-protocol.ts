/** Messages over the IPC channel between the orchestrator and its forked children (emulator, peer). */

/** The WeCom paths the emulator counts for the report. */
export const COUNTED_PATHS = [
  '/cgi-bin/gettoken',
  '/cgi-bin/oa/schedule/get',
  '/cgi-bin/oa/schedule/add',
  '/cgi-bin/oa/schedule/update',
  '/cgi-bin/oa/schedule/del',
] as const;
export type CountedPath = (typeof COUNTED_PATHS)[number];

/** Calls received since the emulator started, per path. */
export type CallTotals = Record<CountedPath, number>;

export interface EmulatorReady {
  type: 'ready';
  baseUrl: string;
}

export interface PeerReady {
  type: 'ready';
  url: string;
}

export type EmulatorCommandBody =
  | { cmd: 'setLatency'; ms: number }
  | { cmd: 'totals' }
  // The sync suite (bench/sync): callback settings, seeding, and paced WeCom-user actions.
  | { cmd: 'setCallback'; url: string; token: string; encodingAesKey: string }
  | { cmd: 'seedSchedules'; count: number }
  | { cmd: 'drive'; scheduleIds: string[]; label: string; ratePerSec: number; count: number; record?: boolean }
  | { cmd: 'deliveries'; fromId: number }
  // The quota suite (bench/quota): WeCom's frequency limit, and how often the emulator answered 45009.
  | { cmd: 'setApiQuota'; perMinute: number; blockMs: number }
  | { cmd: 'quotaRefusals' };
export type EmulatorCommand = EmulatorCommandBody & { id: number };

/** What a `drive` did: `count` modify_schedule actions at `ratePerSec`, paced by the emulator itself. */
export interface DriveResult {
  actions: number;
  /** Actions the emulator refused (should be 0). */
  errors: number;
  /** Date.now() in the emulator at the first and the last change. */
  firstAt: number;
  lastAt: number;
  /** How far the pacing fell behind its schedule at worst, ms (the emulator's event loop was busy). */
  maxLagMs: number;
  /** Delivery id of the first action's callback; those of the step follow it. */
  firstDeliveryId: number;
  /** With `record`: Date.now() of each change (index n = action n, made to `scheduleIds[(firstIndex + n) % length]`). */
  changedAt?: number[];
  /** With `record`: the round-robin position of action 0 in `scheduleIds`. */
  firstIndex?: number;
}

/** Callback deliveries since an id, as far as the emulator's log (the newest 10,000) still holds them. */
export interface DeliveryStats {
  logged: number;
  delivered: number;
  pending: number;
  gaveUp: number;
  /** Attempts beyond the first (WeCom-style retries: no 200 within 5 s). */
  retries: number;
}

export interface EmulatorReply {
  type: 'reply';
  id: number;
  totals: CallTotals;
  /** A command's own answer, when it has one; `error` when it failed. */
  result?: { verified?: boolean; scheduleIds?: string[]; drive?: DriveResult; deliveries?: DeliveryStats; quotaRefusals?: number };
  error?: string;
}
