/** IPC between the orchestrator and the subscriber process (subscriber-process.ts). */

export type SubscriberCommandBody =
  /** Opens `subscribers` graphql-ws connections to `url`, each subscribed to scheduleChanged. */
  | { cmd: 'start'; url: string; subscribers: number }
  /** Starts counting a new label afresh (also resets the event-loop delay histogram). */
  | { cmd: 'begin'; label: string }
  /** How many changes carrying `label` arrived so far (all subscribers together), and how many subscribers saw one. */
  | { cmd: 'count'; label: string }
  /** The statistics of `label`, `expected` events per subscriber; forgets the label. */
  | { cmd: 'report'; label: string; expected: number }
  | { cmd: 'stop' };
export type SubscriberCommand = SubscriberCommandBody & { id: number };

export interface LabelReport {
  /** Messages received (all subscribers), repeats included. */
  received: number;
  /** (subscriber, event) pairs that never arrived. */
  missing: number;
  /** Messages that repeated an event a subscriber already had. */
  duplicates: number;
  /** Delay from the emulator's change to receipt, ms, over every (subscriber, event) pair received. */
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Pairs received later than the deadline. */
  overDeadline: number;
  /** Date.now() at the last receipt. */
  lastReceivedAt: number;
  /** The subscriber process's own event-loop delay while the label ran (p99, max; ms): is the client the bottleneck? */
  loopDelayP99Ms: number;
  loopDelayMaxMs: number;
}

export interface SubscriberReply {
  type: 'reply';
  id: number;
  count?: { received: number; subscribersReached: number };
  report?: LabelReport;
  error?: string;
}

/** The deadline every event must meet, ms (issue 12: "within 5 s of the callback"). */
export const DEADLINE_MS = 5000;

/** What the emulator writes into a changed summary: `<label> <n> @<emulator Date.now()>`. */
export const SUMMARY_PATTERN = /^(\S+) (\d+) @(\d+)$/;

/** What every subscriber asks for: enough to identify the event and time it (the summary), nothing WeCom must be asked for. */
export const SUBSCRIBER_QUERY_TEXT = 'subscription BenchSync { scheduleChanged { kind source scheduleId schedule { summary } } }';
