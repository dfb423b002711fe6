import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Client, createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { DEADLINE_MS, LabelReport, SUBSCRIBER_QUERY_TEXT, SUMMARY_PATTERN, SubscriberCommand, SubscriberReply } from './subscriber-protocol';

/**
 * The subscribers of the sync suite, in a process of their own (forked by the orchestrator): with 50
 * subscribers at hundreds of events a second, the WebSocket frames and JSON would otherwise share the
 * orchestrator's event loop with the pacing and polling, and skew both. Each subscriber is its own
 * graphql-ws client (its own connection), like 50 separate systems following the feed.
 *
 * Receipt time is Date.now() as the client hands the change over; the emulator's wall clock at the
 * change is in the summary. Same machine, same wall clock: the difference is the delay.
 */

interface LabelState {
  received: number;
  duplicates: number;
  /** Per subscriber: the event numbers it received. */
  seen: Set<number>[];
  delays: number[];
  lastReceivedAt: number;
}

const clients: Client[] = [];
const labels = new Map<string, LabelState>();
const loopDelay = monitorEventLoopDelay({ resolution: 1 });
loopDelay.enable();

function stateOf(label: string): LabelState {
  let state = labels.get(label);
  if (!state) {
    state = { received: 0, duplicates: 0, seen: clients.map(() => new Set<number>()), delays: [], lastReceivedAt: 0 };
    labels.set(label, state);
  }
  return state;
}

function onChange(subscriber: number, summary: unknown): void {
  const receivedAt = Date.now();
  const match = typeof summary === 'string' ? SUMMARY_PATTERN.exec(summary) : null;
  if (!match) return; // not one of ours (the emulator's seeding, another writer)
  const state = stateOf(match[1]);
  state.received += 1;
  const n = Number(match[2]);
  if (state.seen[subscriber].has(n)) {
    state.duplicates += 1;
    return;
  }
  state.seen[subscriber].add(n);
  state.delays.push(receivedAt - Number(match[3]));
  state.lastReceivedAt = receivedAt;
}

async function start(url: string, subscribers: number): Promise<void> {
  const connected: Promise<void>[] = [];
  for (let i = 0; i < subscribers; i += 1) {
    let onConnected = () => {};
    connected.push(new Promise<void>((resolve) => (onConnected = resolve)));
    const client = createClient({ url, webSocketImpl: WebSocket, retryAttempts: 0, lazy: false, on: { connected: () => onConnected() } });
    clients.push(client);
    client.subscribe<{ scheduleChanged: { schedule: { summary: string | null } | null } }>(
      { query: SUBSCRIBER_QUERY_TEXT },
      {
        next: (result) => onChange(i, result.data?.scheduleChanged.schedule?.summary),
        error: (error) => process.stderr.write(`subscriber ${i} ended: ${JSON.stringify(error)}\n`),
        complete: () => undefined,
      },
    );
  }
  await Promise.all(connected);
}

function report(label: string, expected: number): LabelReport {
  const state = stateOf(label);
  labels.delete(label);
  const delays = Float64Array.from(state.delays).sort();
  const at = (q: number) => (delays.length === 0 ? NaN : delays[Math.min(delays.length - 1, Math.ceil(q * delays.length) - 1)]);
  const distinct = state.seen.reduce((acc, set) => acc + set.size, 0);
  return {
    received: state.received,
    missing: expected * clients.length - distinct,
    duplicates: state.duplicates,
    p50Ms: at(0.5),
    p99Ms: at(0.99),
    maxMs: delays.length ? delays[delays.length - 1] : NaN,
    overDeadline: delays.filter((d) => d > DEADLINE_MS).length,
    lastReceivedAt: state.lastReceivedAt,
    loopDelayP99Ms: loopDelay.percentile(99) / 1e6,
    loopDelayMaxMs: loopDelay.max / 1e6,
  };
}

process.on('message', (message: SubscriberCommand) => {
  void (async () => {
    const reply: SubscriberReply = { type: 'reply', id: message.id };
    try {
      switch (message.cmd) {
        case 'start':
          await start(message.url, message.subscribers);
          break;
        case 'begin':
          labels.delete(message.label);
          stateOf(message.label);
          loopDelay.reset();
          break;
        case 'count': {
          const state = stateOf(message.label);
          reply.count = { received: state.received, subscribersReached: state.seen.filter((set) => set.size > 0).length };
          break;
        }
        case 'report':
          reply.report = report(message.label, message.expected);
          break;
        case 'stop':
          await Promise.all(clients.map((client) => client.dispose()));
          break;
      }
    } catch (error) {
      reply.error = error instanceof Error ? error.message : String(error);
    }
    process.send?.(reply);
  })();
});
process.once('disconnect', () => process.exit(0));
process.send?.({ type: 'ready' });
