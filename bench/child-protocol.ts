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

export type EmulatorCommandBody = { cmd: 'setLatency'; ms: number } | { cmd: 'totals' };
export type EmulatorCommand = EmulatorCommandBody & { id: number };

export interface EmulatorReply {
  type: 'reply';
  id: number;
  totals: CallTotals;
}
