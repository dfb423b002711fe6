import { randomBytes } from 'node:crypto';
import { assertOwnedBy, type AppIdentity } from './app-identity';
import { CalendarStore } from './calendar-store';
import { WeComError } from './wecom-errors';
import { defaultReminderInput, type ScheduleDraft, type WireSchedule } from './wire-schedule';

interface StoredSchedule {
  readonly owner: AppIdentity;
  wire: WireSchedule;
}

/**
 * In-memory calendars and schedules, each owned by the app that created it (WECOM.md 2: no cross-app access).
 * Everything leaving the store is a deep copy, so callers cannot mutate stored state by accident.
 */
export class ScheduleStore {
  readonly calendars = new CalendarStore();
  private readonly schedules = new Map<string, StoredSchedule>();
  /** Schedule ids per calendar in creation order, for get_by_calendar paging. */
  private readonly idsByCalendar = new Map<string, string[]>();
  private lastSequence = 0;

  addCalendar(owner: AppIdentity, calId?: string): string {
    return this.calendars.addMinimal(owner, calId);
  }

  defaultCalendarOf(owner: AppIdentity): string {
    return this.calendars.defaultOf(owner);
  }

  /** cal_id for a new schedule: omitted → default calendar; unknown → 90457; another app's → 90466; deleted → 90459. */
  resolveCalendar(requester: AppIdentity, calId: string | undefined): string {
    if (calId === undefined) return this.defaultCalendarOf(requester);
    return this.calendars.owned(requester, calId).calId;
  }

  newScheduleId(): string {
    let id: string;
    do id = randomBytes(16).toString('hex');
    while (this.schedules.has(id));
    return id;
  }

  /** Inserts or replaces a schedule; every save is a write, so it takes the next global sequence. */
  save(owner: AppIdentity, schedule: ScheduleDraft): WireSchedule {
    this.lastSequence += 1;
    const wire: WireSchedule = { ...structuredClone(schedule), sequence: this.lastSequence };
    if (!this.schedules.has(wire.schedule_id)) this.appendToCalendar(wire.cal_id, wire.schedule_id);
    this.schedules.set(wire.schedule_id, { owner, wire });
    return structuredClone(wire);
  }

  /** A schedule the requester may modify: unknown → 90461, another app's → 90466 (cancelled ones included). */
  ownedSchedule(requester: AppIdentity, scheduleId: string): WireSchedule {
    const stored = this.schedules.get(scheduleId);
    if (!stored) throw new WeComError(90461);
    assertOwnedBy(stored.owner, requester, 90461);
    return structuredClone(stored.wire);
  }

  /** What schedule/get shows the requester: other apps' schedules are invisible, like unknown ids. */
  visibleSchedule(requester: AppIdentity, scheduleId: string): WireSchedule | undefined {
    const stored = this.schedules.get(scheduleId);
    if (!stored || stored.owner.key !== requester.key) return undefined;
    return structuredClone(stored.wire);
  }

  /** One page of a calendar's schedules in creation order (cancelled ones included). */
  pageOfCalendar(calId: string, offset: number, limit: number): WireSchedule[] {
    const ids = this.idsByCalendar.get(calId) ?? [];
    return ids.slice(offset, offset + limit).map((id) => structuredClone(this.mustGet(id).wire));
  }

  /** Test control: `count` schedules straight into a live calendar, owned by the calendar's app. */
  seed(calId: string, count: number, template: Partial<WireSchedule> = {}): string[] {
    const owner = this.calendars.liveOwnerOf(calId);
    if (!owner) throw new Error(`seedSchedules: calendar ${calId} is not stored (or deleted)`);
    if (!Number.isInteger(count) || count < 0) throw new RangeError('seedSchedules: count must be an integer >= 0');
    return Array.from({ length: count }, (_, index) => {
      const draft = seedDraft(this.newScheduleId(), calId, index, template);
      return this.save(owner, draft).schedule_id;
    });
  }

  /** Test control: an attendee's answer as if given in the WeCom client (a write: bumps sequence). */
  setResponse(scheduleId: string, userid: string, status: number): void {
    const stored = this.mustGet(scheduleId);
    if (![0, 1, 2, 3, 4].includes(status)) throw new RangeError('response status must be 0..4');
    const attendee = stored.wire.attendees.find((candidate) => candidate.userid === userid);
    if (!attendee) throw new Error(`setAttendeeResponse: ${userid} is not an attendee of ${scheduleId}`);
    attendee.response_status = status;
    this.save(stored.owner, stored.wire);
  }

  /** The app that owns a schedule (its callback URL hears of the schedule's changes); undefined when unknown. */
  ownerOf(scheduleId: string): AppIdentity | undefined {
    return this.schedules.get(scheduleId)?.owner;
  }

  peek(scheduleId: string): WireSchedule | undefined {
    const stored = this.schedules.get(scheduleId);
    return stored ? structuredClone(stored.wire) : undefined;
  }

  scheduleCount(): number {
    return this.schedules.size;
  }

  /** How many stored schedules (cancelled ones included) have each summary: a test's duplicate check. */
  countBySummary(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const { wire } of this.schedules.values()) counts.set(wire.summary, (counts.get(wire.summary) ?? 0) + 1);
    return counts;
  }

  private appendToCalendar(calId: string, scheduleId: string): void {
    const ids = this.idsByCalendar.get(calId) ?? [];
    ids.push(scheduleId);
    this.idsByCalendar.set(calId, ids);
  }

  private mustGet(scheduleId: string): StoredSchedule {
    const stored = this.schedules.get(scheduleId);
    if (!stored) throw new Error(`schedule ${scheduleId} is not stored`);
    return stored;
  }
}

/** Defaults of a seeded schedule: one hour, starting at the current full hour; the template wins field by field. */
function seedDraft(scheduleId: string, calId: string, index: number, template: Partial<WireSchedule>): ScheduleDraft {
  const start = template.start_time ?? Math.floor(Date.now() / 3_600_000) * 3600;
  return {
    admins: [],
    attendees: [],
    summary: `Seeded schedule ${index + 1}`,
    description: '',
    location: '',
    start_time: start,
    end_time: template.end_time ?? start + 3600,
    is_whole_day: 0,
    status: 0,
    ...structuredClone(template),
    schedule_id: scheduleId,
    cal_id: calId,
    reminders: { ...defaultReminderInput(), exclude_time_list: [], ...structuredClone(template.reminders ?? {}) },
  };
}
