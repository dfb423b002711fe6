import DataLoader from 'dataloader';
import type { Logger } from 'pino';
import { Calendar } from '../domain/calendar';
import { Schedule, ScheduleStatus } from '../domain/schedule';
import { LockLease, ResourceLock } from '../coordination/lock-resource';
import { WeComApiError } from '../errors/gateway-error';
import { ChangeFacts, ChangeKind, ChangeOrigin, ChangeSource, RecordedChange, isScheduleKind, originFields, resourceKeyOf } from './change';
import { ChangeFeedStore } from './feed/change-feed-store';
import { stateDigest } from './state-digest';

/** WeCom's "the calendar was deleted". */
const CALENDAR_DELETED_ERRCODE = 90459;

/** What WeCom told the gateway (a callback, a sweep): ids only; the state is read when recording. */
export interface ObservedChange {
  kind: ChangeKind;
  scheduleId?: string | null;
  calendarId?: string | null;
  origin: ChangeOrigin;
}

/** The state after a change, as a write's read-back gives it. */
export interface ChangeState {
  schedule?: Schedule | null;
  calendar?: Calendar | null;
}

/** Process-wide readers for recording (no cache: each record needs WeCom's current state; batched per tick). */
export interface ChangeStateReaders {
  schedules: DataLoader<string, Schedule | null>;
  calendars: DataLoader<string, Calendar | null>;
}

/** A write's read-back: the mutation's answer, and WeCom's state after the write (null: not read, nothing recorded). */
export interface ReadAfterWrite<T> {
  answer: T;
  state: ChangeState | null;
}

/** How a service records its writes: the mutation's read-back runs under the feed lock and is recorded. */
export interface WriteRecording {
  record<T>(
    change: { kind: ChangeKind; scheduleId?: string | null; calendarId?: string | null },
    readAfter: () => Promise<ReadAfterWrite<T>>,
  ): Promise<T>;
}

export interface ChangeRecorderOptions {
  store: ChangeFeedStore;
  /** Feed locks ('schedule-feed', 'calendar-feed'): one recording per resource at a time, fleet-wide. */
  locks: ResourceLock;
  readers: ChangeStateReaders;
  logger: Logger;
  /** Told of every calendar a change names, except deleted ones (reconciliation watches them). */
  onCalendarSeen?: (calendarId: string) => void;
  /** Told of every calendar recorded as deleted (reconciliation stops watching it). */
  onCalendarDeleted?: (calendarId: string) => void;
  /** Told of every change recorded, and of every one dropped as unchanged (metrics). */
  onOutcome?: (outcome: 'recorded' | 'unchanged', change: ChangeFacts) => void;
}

/**
 * Appends changes to the feed in each resource's order: the state is read and appended while the
 * resource's feed lock is held, so two reads finishing out of order cannot record an older state
 * after a newer one; the store drops a state equal to the last one recorded (a callback echoing the
 * gateway's own write, a sweep finding what a callback already brought).
 */
export class ChangeRecorder {
  constructor(private readonly options: ChangeRecorderOptions) {}

  /** A change WeCom told of: reads the state now (batched with other recordings) and records it. Read errors propagate. */
  async recordObserved(observed: ObservedChange): Promise<RecordedChange | null> {
    const target = { kind: observed.kind, scheduleId: observed.scheduleId ?? null, calendarId: observed.calendarId ?? null };
    return this.underFeedLock(target, async (lease) => {
      const facts = await this.readObserved(observed);
      lease.assertHeld();
      return this.append(facts);
    });
  }

  /**
   * A write of the gateway's: `readAfter` (the mutation's own read of the state after the write) runs
   * under the feed lock, and WeCom's state it read is recorded. A state WeCom did not give (the read
   * failed, or a write's own guess at it) is not recorded: it could be older than one recorded meanwhile.
   * Recording never fails the write: if the lock or the store is unavailable, the change is logged.
   */
  async recordWrite<T>(
    change: { kind: ChangeKind; scheduleId?: string | null; calendarId?: string | null; caller: string },
    readAfter: () => Promise<ReadAfterWrite<T>>,
  ): Promise<T> {
    const target = { kind: change.kind, scheduleId: change.scheduleId ?? null, calendarId: change.calendarId ?? null };
    let read: ReadAfterWrite<T> | undefined;
    try {
      await this.underFeedLock(target, async (lease) => {
        read = await readAfter();
        const facts = writeFacts(target, change.caller, read.state);
        if (!facts) {
          this.options.logger.warn(
            { kind: change.kind, scheduleId: target.scheduleId, calendarId: target.calendarId },
            'a gateway write was not recorded in the change feed: WeCom’s state after it could not be read',
          );
          return null;
        }
        lease.assertHeld(); // another instance may hold the resource's feed lock now: an older state must not land last
        return this.append(facts);
      });
    } catch (error) {
      this.options.logger.warn(
        { kind: change.kind, scheduleId: target.scheduleId, calendarId: target.calendarId, reason: (error as Error).message },
        'a gateway write was not recorded in the change feed (the next change to it, or a sweep for schedule changes, brings its state)',
      );
      if (!read) return (await readAfter()).answer;
    }
    return read!.answer;
  }

  /** The gateway's writes on behalf of one caller. */
  forCaller(caller: string): WriteRecording {
    return {
      record: (change, readAfter) => this.recordWrite({ ...change, caller }, readAfter),
    };
  }

  private async underFeedLock<R>(target: Pick<ChangeFacts, 'kind' | 'scheduleId' | 'calendarId'>, work: (lease: LockLease) => Promise<R>): Promise<R> {
    const schedule = isScheduleKind(target.kind);
    const id = schedule ? target.scheduleId : target.calendarId;
    if (!id) throw new RangeError(`a ${target.kind} change needs its ${schedule ? 'schedule' : 'calendar'} id`);
    return this.options.locks.run(schedule ? 'schedule-feed' : 'calendar-feed', id, work);
  }

  private async readObserved(observed: ObservedChange): Promise<ChangeFacts> {
    const origin = originFields(observed.origin);
    if (isScheduleKind(observed.kind)) {
      const scheduleId = observed.scheduleId!;
      const schedule = await this.options.readers.schedules.load(scheduleId);
      const gone = !schedule || schedule.status === ScheduleStatus.CANCELLED;
      const kind = gone ? ChangeKind.SCHEDULE_DELETED : observed.kind === ChangeKind.SCHEDULE_DELETED ? ChangeKind.SCHEDULE_UPDATED : observed.kind;
      return { kind, scheduleId, calendarId: schedule?.calendarId ?? observed.calendarId ?? null, schedule, calendar: null, ...origin };
    }
    const calendarId = observed.calendarId!;
    const calendar = await this.options.readers.calendars.load(calendarId).catch((error: unknown) => {
      if (error instanceof WeComApiError && error.errcode === CALENDAR_DELETED_ERRCODE) return null;
      throw error;
    });
    const kind = calendar ? (observed.kind === ChangeKind.CALENDAR_DELETED ? ChangeKind.CALENDAR_UPDATED : observed.kind) : ChangeKind.CALENDAR_DELETED;
    return { kind, scheduleId: null, calendarId, schedule: null, calendar, ...origin };
  }

  private async append(facts: ChangeFacts): Promise<RecordedChange | null> {
    if (facts.kind === ChangeKind.CALENDAR_DELETED) this.options.onCalendarDeleted?.(facts.calendarId!);
    else if (facts.calendarId) this.options.onCalendarSeen?.(facts.calendarId);
    const recorded = await this.options.store.append(facts, resourceKeyOf(facts), stateDigest(facts));
    this.options.onOutcome?.(recorded ? 'recorded' : 'unchanged', facts);
    return recorded;
  }
}

/**
 * The entry for a gateway write, or null when there is nothing true to record: no state read, or no
 * schedule (calendar) after a change that is not its deletion.
 */
function writeFacts(
  target: Pick<ChangeFacts, 'kind' | 'scheduleId' | 'calendarId'>,
  caller: string,
  state: ChangeState | null,
): ChangeFacts | null {
  if (!state) return null;
  const schedule = state.schedule ?? null;
  const calendar = state.calendar ?? null;
  const deleted = target.kind === ChangeKind.SCHEDULE_DELETED || target.kind === ChangeKind.CALENDAR_DELETED;
  if (!deleted && !(isScheduleKind(target.kind) ? schedule : calendar)) return null;
  return {
    ...target,
    calendarId: schedule?.calendarId ?? calendar?.id ?? target.calendarId,
    schedule,
    calendar,
    ...originFields({ source: ChangeSource.GATEWAY, caller }),
  };
}
