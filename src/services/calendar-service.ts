import type { Logger } from 'pino';
import { Calendar, ShareFailure } from '../domain/calendar';
import {
  CalendarPatch,
  CreateCalendarCommand,
  applyCalendarPatch,
  calendarFieldsForCreate,
  checkCalendarRules,
  rejectNullCalendarSummary,
} from '../domain/calendar-patch';
import { ResourceLock } from '../coordination/lock-resource';
import { NotFoundError } from '../errors/gateway-error';
import { calendarAsWritten } from '../datasources/wecom/calendar-mappers';
import { WeComCalendarApi } from '../datasources/wecom/calendar-api';
import { CalendarLoader } from '../loaders/calendar-loader';
import { readBackState } from './read-back';
import { ChangeKind } from '../sync/change';
import { WriteEffects } from './write-effects';

export interface CalendarWritePayload {
  calendar: Calendar;
  /** Shares WeCom refused while accepting the write: reported, never dropped silently. */
  failedShares: ShareFailure[];
}

/** Calendar writes for one request: checks first, then the write, then the calendar as WeCom holds it. */
export class CalendarService {
  constructor(
    private readonly api: WeComCalendarApi,
    private readonly loader: CalendarLoader,
    private readonly logger: Logger,
    /** Serialises this app's writes per calendar (read, merge, write), fleet-wide with Redis. */
    private readonly locks: ResourceLock,
    /** Each successful write goes into the change feed, and stale reads are dropped, before it is answered. */
    private readonly effects: WriteEffects,
  ) {}

  async create(input: CreateCalendarCommand): Promise<CalendarWritePayload> {
    const fields = calendarFieldsForCreate(input);
    checkCalendarRules(fields, input);
    const { id, failedShares } = await this.api.addCalendar(fields);
    await this.effects.written('calendar', id);
    const asWritten = calendarAsWritten(id, fields, failedShares);
    const calendar = await this.recordedReadBack(ChangeKind.CALENDAR_CREATED, id, () => asWritten);
    return { calendar: { ...calendar, isDefault: asWritten.isDefault }, failedShares };
  }

  /** A patch: WeCom's update overwrites, so the stored calendar is read and merged first. */
  async update(id: string, patch: CalendarPatch): Promise<CalendarWritePayload> {
    rejectNullCalendarSummary(patch);
    // Under the lock: a patch merged into a state another write has replaced would undo that write.
    const { fields, failedShares } = await this.locks.run('calendar', id, async (lease) => {
      this.loader.clear(id); // a fresh read, not what this request's loader saw earlier
      const current = await this.loader.load(id);
      if (!current) throw new NotFoundError(`Calendar ${id} does not exist`);
      const { fields: merged, keepPublicRange } = applyCalendarPatch(current, patch);
      checkCalendarRules(merged, patch);
      lease.assertHeld();
      const written = await this.api.updateCalendar(id, merged, { keepPublicRange });
      return { fields: merged, failedShares: written.failedShares };
    });
    await this.effects.written('calendar', id);
    const calendar = await this.recordedReadBack(ChangeKind.CALENDAR_UPDATED, id, () => calendarAsWritten(id, fields, failedShares));
    return { calendar, failedShares };
  }

  async delete(id: string): Promise<{ id: string }> {
    await this.api.deleteCalendar(id);
    this.loader.clear(id);
    await this.effects.written('calendar', id);
    // Gone: nothing to read back.
    await this.effects.changes.record({ kind: ChangeKind.CALENDAR_DELETED, calendarId: id }, async () => ({ answer: undefined, state: { calendar: null } }));
    return { id };
  }

  /** The mutation's answer (the read-back, or the write's own view when it fails), recorded when WeCom gave it. */
  private recordedReadBack(kind: ChangeKind, calendarId: string, asWritten: () => Calendar): Promise<Calendar> {
    return this.effects.changes.record({ kind, calendarId }, async () => {
      const { value, fromWeCom } = await readBackState(this.loader, calendarId, asWritten, this.logger, 'calendar');
      return { answer: value, state: fromWeCom ? { calendar: value } : null };
    });
  }
}
