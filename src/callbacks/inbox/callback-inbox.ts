import { CallbackEvent } from '../callback-event';

/** An event in the inbox, taken for processing; acknowledged once done with. */
export interface InboxEntry {
  id: string;
  event: CallbackEvent;
}

/**
 * Where a callback is recorded before WeCom gets its 200 (API.md, "The callback endpoint"), and
 * where the processor takes events from after. In process memory without Redis; with Redis shared
 * by the fleet, so that an event recorded by an instance that dies is finished by another.
 */
export interface CallbackInbox {
  /**
   * Records the event once: 'duplicate' when an equal delivery (same dedupe key) was recorded within
   * the dedupe window. Rejects when it could not be recorded (Redis down), with InboxFullError when
   * the unprocessed events are at the cap (none is ever dropped to make room): then WeCom must not get a 200.
   */
  add(event: CallbackEvent, dedupeKey: string): Promise<'recorded' | 'duplicate'>;
  /**
   * Up to `max` entries to process: ones nobody took yet, and ones another consumer took and left
   * unacknowledged longer than the claim timeout (it died).
   */
  take(max: number): Promise<InboxEntry[]>;
  /** Done with it (processed, or given up on): it is never taken again. */
  ack(id: string): Promise<void>;
  /** Resolves when this process adds an event, or after `ms`: the processor's wait between takes. */
  nextWork(ms: number): Promise<void>;
  /** Entries added and not yet acknowledged (metrics, tests). */
  pending(): Promise<number>;
  /** Lets go of what this process took and has not acknowledged (with Redis: another instance takes it over). */
  close(): Promise<void>;
}

/** The inbox holds its cap of unprocessed events: this one is not recorded (answer 503, WeCom delivers it again). */
export class InboxFullError extends Error {
  constructor(readonly cap: number) {
    super(`the callback inbox holds ${cap} unprocessed events`);
    this.name = 'InboxFullError';
  }
}

/** Unprocessed events an inbox holds at most, by default. */
export const DEFAULT_MAX_UNPROCESSED = 100_000;

/** How long a repeated delivery is recognised (WeCom retries within seconds; a day is ample). */
export const DEFAULT_DEDUPE_TTL_MS = 24 * 60 * 60 * 1000;

/** Wakes waiters of `nextWork` when this process adds an event. */
export class WorkSignal {
  private waiters = new Set<() => void>();

  wait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      timer.unref();
      this.waiters.add(done);
    });
  }

  notify(): void {
    for (const waiter of [...this.waiters]) waiter();
  }
}
