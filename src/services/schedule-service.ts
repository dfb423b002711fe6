import type { Logger } from 'pino';
import { Schedule, ScheduleScope, ScheduleStatus } from '../domain/schedule';
import { SchedulePatch, applySchedulePatch, fieldsForCreate, rejectNullRequiredFields } from '../domain/schedule-patch';
import { checkScheduleRules, ruleViewOfFields, ruleViewOfPatch } from '../domain/schedule-rules';
import { ScopeTarget, checkOccurrence, checkScopeArguments, checkScopedFields, scheduleForScope } from '../domain/schedule-scope';
import { ResourceLock } from '../coordination/lock-resource';
import { NotFoundError } from '../errors/gateway-error';
import { scheduleAsWritten } from '../datasources/wecom/mappers';
import { WeComScheduleApi } from '../datasources/wecom/schedule-api';
import { ScheduleLoader } from '../loaders/schedule-loader';
import { AttendeeChange, changeAttendees, distinctUserIds, withAttendeeChange } from './attendee-changes';
import { readBackState } from './read-back';
import { ChangeKind } from '../sync/change';
import { WriteEffects } from './write-effects';

export type CreateScheduleCommand = SchedulePatch & { startTime: Date; endTime: Date };

const ALL: ScopeTarget = { scope: ScheduleScope.ALL };

/**
 * Schedule writes for one request. Every check runs before the write; a mutation answers with the
 * schedule as WeCom holds it afterwards, or as written when reading it back fails (an error there
 * would invite the caller to retry a write that already happened).
 */
export class ScheduleService {
  constructor(
    private readonly api: WeComScheduleApi,
    private readonly loader: ScheduleLoader,
    private readonly logger: Logger,
    /** Serialises this app's writes per schedule (read, merge, write), fleet-wide with Redis. */
    private readonly locks: ResourceLock,
    /** Each successful write goes into the change feed, and stale reads are dropped, before it is answered. */
    private readonly effects: WriteEffects,
  ) {}

  async create(input: CreateScheduleCommand): Promise<Schedule> {
    const fields = fieldsForCreate(input);
    checkScheduleRules(ruleViewOfFields(fields), input);
    const id = await this.api.addSchedule(fields);
    await this.written(id);
    return this.recordedReadBack(ChangeKind.SCHEDULE_CREATED, id, () => scheduleAsWritten(id, fields));
  }

  /** A create whose answer was lost, found in its calendar afterwards: recorded as created like any other. */
  async recoveredCreate(found: Schedule): Promise<Schedule> {
    await this.written(found.id);
    return this.recordedReadBack(ChangeKind.SCHEDULE_CREATED, found.id, () => found);
  }

  /**
   * A patch: WeCom's update replaces the schedule whole, so the stored one is read and merged first.
   * With a scope other than ALL, WeCom splits the series and the answer is the new piece (new id).
   */
  async update(id: string, patch: SchedulePatch, target: ScopeTarget = ALL): Promise<Schedule> {
    rejectNullRequiredFields(patch);
    checkScopeArguments(target);
    checkScheduleRules(ruleViewOfPatch(patch), patch);
    // Under the lock: a patch merged into a state another write has replaced would undo that write.
    const { updatedId, asWritten } = await this.locks.run('schedule', id, async (lease) => {
      const current = await this.loadActive(id);
      const { fields, keepAttendees } = applySchedulePatch(scheduleForScope(current, target), patch);
      checkScopedFields(fields, current, target);
      checkScheduleRules(ruleViewOfFields(fields), patch);
      lease.assertHeld();
      const written = await this.api.updateSchedule(id, fields, { keepAttendees, target });
      const keptAttendees = keepAttendees ? current.attendees : undefined;
      return { updatedId: written, asWritten: () => scheduleAsWritten(written, fields, keptAttendees) };
    });
    this.loader.clear(id); // a split changed the original too (an excluded occurrence, a shorter repeat)
    await this.written(id);
    if (updatedId !== id) {
      await this.written(updatedId);
      // The feed gets the original's new state (a shorter series), then the new piece (API.md).
      await this.recordedRead(ChangeKind.SCHEDULE_UPDATED, id);
      return this.recordedReadBack(ChangeKind.SCHEDULE_CREATED, updatedId, asWritten);
    }
    return this.recordedReadBack(ChangeKind.SCHEDULE_UPDATED, id, asWritten);
  }

  /** Deletes (cancels) the schedule, or only some occurrences of a recurring one. */
  async delete(id: string, target: ScopeTarget = ALL): Promise<{ id: string }> {
    checkScopeArguments(target);
    let calendarId: string | null = null;
    if (target.scope === ScheduleScope.ALL) {
      await this.api.deleteSchedule(id, target); // a whole delete merges nothing: no lock
    } else {
      // Checked against the stored series and written before anyone else changes it.
      await this.locks.run('schedule', id, async (lease) => {
        const current = await this.loadActive(id);
        checkOccurrence(current, target);
        calendarId = current.calendarId;
        lease.assertHeld();
        await this.api.deleteSchedule(id, target);
      });
    }
    this.loader.clear(id);
    await this.written(id);
    // Recorded with the state WeCom reads back: cancelled, and which calendar it was in.
    const kind = target.scope === ScheduleScope.ALL ? ChangeKind.SCHEDULE_DELETED : ChangeKind.SCHEDULE_UPDATED;
    await this.recordedRead(kind, id, calendarId);
    return { id };
  }

  /** The user ids are checked before the schedule is read: a list no schedule could take costs no WeCom call. */
  async addAttendees(id: string, userIds: string[]): Promise<Schedule> {
    return this.changeAttendees(id, 'add', distinctUserIds('add', userIds));
  }

  async removeAttendees(id: string, userIds: string[]): Promise<Schedule> {
    return this.changeAttendees(id, 'remove', distinctUserIds('remove', userIds));
  }

  /** The attendee limit is checked against the stored schedule, so the check and the change go together. */
  private async changeAttendees(id: string, kind: AttendeeChange['kind'], userIds: string[]): Promise<Schedule> {
    const change = await this.locks.run('schedule', id, async (lease) => {
      const applied: AttendeeChange = { kind, current: await this.loadActive(id), userIds };
      await changeAttendees(this.api, applied, lease);
      return applied;
    });
    await this.written(id);
    return this.recordedReadBack(ChangeKind.SCHEDULE_UPDATED, id, () => withAttendeeChange(change));
  }

  /** The mutation's answer (the read-back, or the write's own view when it fails), recorded when WeCom gave it. */
  private recordedReadBack(kind: ChangeKind, scheduleId: string, asWritten: () => Schedule): Promise<Schedule> {
    return this.effects.changes.record({ kind, scheduleId }, async () => {
      const { value, fromWeCom } = await readBackState(this.loader, scheduleId, asWritten, this.logger, 'schedule');
      return { answer: value, state: fromWeCom ? { schedule: value } : null };
    });
  }

  /** WeCom's state after a write the mutation does not answer with (a delete, a split's original); a failed read records nothing. */
  private async recordedRead(kind: ChangeKind, scheduleId: string, calendarId: string | null = null): Promise<void> {
    await this.effects.changes.record({ kind, scheduleId, calendarId }, async () => {
      this.loader.clear(scheduleId);
      const schedule = await this.loader.load(scheduleId).catch(() => undefined);
      return { answer: undefined, state: schedule === undefined ? null : { schedule } };
    });
  }

  private written(id: string): Promise<void> {
    return this.effects.written('schedule', id);
  }

  /** A fresh read (the request's loader may hold an older copy), refusing a missing or cancelled schedule. */
  private async loadActive(id: string): Promise<Schedule> {
    this.loader.clear(id);
    const current = await this.loader.load(id);
    if (!current) throw new NotFoundError(`Schedule ${id} does not exist`);
    if (current.status === ScheduleStatus.CANCELLED) throw new NotFoundError(`Schedule ${id} was deleted`);
    return current;
  }
}
