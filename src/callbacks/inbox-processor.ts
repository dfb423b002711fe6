import type { Logger } from 'pino';
import { ChangeSource } from '../sync/change';
import { ChangeRecorder } from '../sync/change-recorder';
import { KIND_OF_EVENT } from './callback-event';
import { CallbackInbox, InboxEntry } from './inbox/callback-inbox';

export type InboxOutcome = 'recorded' | 'unchanged' | 'retried' | 'dropped';

export interface InboxProcessorOptions {
  inbox: CallbackInbox;
  recorder: Pick<ChangeRecorder, 'recordObserved'>;
  logger: Logger;
  /**
   * Attempts per event before it is dropped (WeCom down, the call budget refusing). With the default
   * delays the attempts span about 15 s: longer than an open circuit breaker's cooldown. @default 6
   */
  maxAttempts?: number;
  /** Delay before the second attempt, doubled after each (with jitter). @default 500 */
  firstRetryDelayMs?: number;
  /** Events processed at once (their WeCom reads are batched by the recorder's loaders). @default 32 */
  concurrency?: number;
  /** How often the inbox is looked at when nothing was added here (events other instances recorded). @default 500 */
  pollMs?: number;
  onOutcome?: (outcome: InboxOutcome) => void;
}

/**
 * Takes events from the inbox after WeCom got its answer and records each in the change feed: the
 * recorder reads the schedule or calendar from WeCom under the resource's feed lock and appends it if
 * its state differs from the last recorded. Failures are retried with backoff, a bounded number of
 * times, then dropped with an error (reconciliation still finds the change).
 */
export class InboxProcessor {
  private readonly inFlight = new Map<string, Promise<void>>();
  private readonly sleeps = new Set<() => void>();
  private stopped = false;
  private loop?: Promise<void>;
  private readonly maxAttempts: number;
  private readonly firstRetryDelayMs: number;
  private readonly concurrency: number;
  private readonly pollMs: number;

  constructor(private readonly options: InboxProcessorOptions) {
    this.maxAttempts = options.maxAttempts ?? 6;
    this.firstRetryDelayMs = options.firstRetryDelayMs ?? 500;
    this.concurrency = options.concurrency ?? 32;
    this.pollMs = options.pollMs ?? 500;
  }

  start(): void {
    this.loop ??= this.run();
  }

  /** Takes nothing more, cuts retry waits short, and waits for the attempts under way (before the WeCom pool closes). */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const wake of [...this.sleeps]) wake();
    await this.loop;
    await Promise.allSettled([...this.inFlight.values()]);
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      try {
        const room = this.concurrency - this.inFlight.size;
        if (room <= 0) {
          await Promise.race(this.inFlight.values());
          continue;
        }
        const entries = await this.options.inbox.take(room);
        for (const entry of entries) {
          if (this.stopped || this.inFlight.has(entry.id)) continue; // taken over from ourselves while still retrying
          const work = this.process(entry).finally(() => this.inFlight.delete(entry.id));
          this.inFlight.set(entry.id, work);
        }
        if (entries.length === 0) await Promise.race([this.options.inbox.nextWork(this.pollMs), this.sleep(this.pollMs)]);
      } catch (error) {
        this.options.logger.warn({ reason: (error as Error).message }, 'the callback inbox could not be read; trying again');
        await this.sleep(this.pollMs * 2);
      }
    }
  }

  private async process(entry: InboxEntry): Promise<void> {
    const { event } = entry;
    const describe = { event: event.event, calendarId: event.calendarId, scheduleId: event.scheduleId };
    for (let attempt = 1; ; attempt += 1) {
      try {
        const recorded = await this.options.recorder.recordObserved({
          kind: KIND_OF_EVENT[event.event],
          calendarId: event.calendarId,
          scheduleId: event.scheduleId,
          origin: { source: ChangeSource.WECOM, userId: event.userId },
        });
        this.options.onOutcome?.(recorded ? 'recorded' : 'unchanged');
        break;
      } catch (error) {
        const reason = (error as Error).message;
        if (attempt >= this.maxAttempts || this.stopped) {
          if (attempt >= this.maxAttempts) {
            this.options.onOutcome?.('dropped');
            this.options.logger.error({ ...describe, attempts: attempt, reason }, 'a WeCom callback event could not be recorded: dropped (reconciliation will find the change)');
            break;
          }
          // Stopping: left unacknowledged, so that another instance (with Redis) takes it over.
          this.options.logger.warn({ ...describe, reason }, 'stopping with a WeCom callback event unrecorded');
          return;
        }
        this.options.onOutcome?.('retried');
        this.options.logger.warn({ ...describe, attempt, reason }, 'a WeCom callback event could not be recorded yet; retrying');
        await this.sleep(this.firstRetryDelayMs * 2 ** (attempt - 1) * (0.75 + Math.random() / 2));
      }
    }
    try {
      await this.options.inbox.ack(entry.id);
    } catch (error) {
      // Recorded, but still pending: taken over later and recorded again, which the feed drops as unchanged.
      this.options.logger.warn({ ...describe, reason: (error as Error).message }, 'a processed callback event could not be acknowledged');
    }
  }

  private sleep(ms: number): Promise<void> {
    if (this.stopped) return Promise.resolve();
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.sleeps.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.sleeps.add(wake);
    });
  }
}
