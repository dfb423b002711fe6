import { randomBytes } from 'node:crypto';
import type { AppIdentity } from './app-identity';
import { WeComError } from './wecom-errors';
import type { WireSchedule } from './wire-schedule';

interface StoredCalendar {
  readonly calId: string;
  readonly owner: AppIdentity;
}

interface StoredSchedule {
  readonly owner: AppIdentity;
  wire: WireSchedule;
}

/**
 * In-memory calendars and schedules, each owned by the app that created it (WECOM.md 2: no cross-app access).
 * Everything leaving the store is a deep copy, so callers cannot mutate stored state by accident.
 */
export class ScheduleStore {
  private readonly calendars = new Map<string, StoredCalendar>();
  private readonly defaultCalendarByApp = new Map<string, string>();
  private readonly schedules = new Map<string, StoredSchedule>();

  addCalendar(owner: AppIdentity, calId: string = newCalendarId()): string {
    const existing = this.calendars.get(calId);
    if (existing && existing.owner.key !== owner.key) {
      throw new Error(`calendar ${calId} already belongs to another app`);
    }
    this.calendars.set(calId, { calId, owner });
    return calId;
  }

  /** The app's default calendar, created on first use (WeCom creates one per app). */
  defaultCalendarOf(owner: AppIdentity): string {
    const existing = this.defaultCalendarByApp.get(owner.key);
    if (existing) return existing;
    const calId = this.addCalendar(owner);
    this.defaultCalendarByApp.set(owner.key, calId);
    return calId;
  }

  /** cal_id for a new schedule: omitted → default calendar; unknown → 90457; another app's → 90466. */
  resolveCalendar(requester: AppIdentity, calId: string | undefined): string {
    if (calId === undefined) return this.defaultCalendarOf(requester);
    const calendar = this.calendars.get(calId);
    if (!calendar) throw new WeComError(90457);
    assertOwnedBy(calendar.owner, requester, 90457);
    return calId;
  }

  newScheduleId(): string {
    let id: string;
    do id = randomBytes(16).toString('hex');
    while (this.schedules.has(id));
    return id;
  }

  save(owner: AppIdentity, schedule: WireSchedule): void {
    this.schedules.set(schedule.schedule_id, { owner, wire: structuredClone(schedule) });
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

  peek(scheduleId: string): WireSchedule | undefined {
    const stored = this.schedules.get(scheduleId);
    return stored ? structuredClone(stored.wire) : undefined;
  }

  scheduleCount(): number {
    return this.schedules.size;
  }
}

/**
 * Same app → fine. Same corp, other app → 90466. [U] Another corp's object is treated as nonexistent
 * (`notFoundCode`), since a corp cannot even see another corp's ids.
 */
function assertOwnedBy(owner: AppIdentity, requester: AppIdentity, notFoundCode: number): void {
  if (owner.key === requester.key) return;
  throw new WeComError(owner.corpId === requester.corpId ? 90466 : notFoundCode);
}

/** Shaped like the doc example `wcjgewCwAAqeJcPI1d8Pwbjt7nttzAAA`: "wc" + 30 url-safe chars. */
function newCalendarId(): string {
  return `wc${randomBytes(23).toString('base64url').slice(0, 30)}`;
}
