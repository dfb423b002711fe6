import { randomBytes } from 'node:crypto';
import { assertOwnedBy, type AppIdentity } from './app-identity';
import { WeComError } from './wecom-errors';
import { minimalCalendarFields, type CalendarFields, type WireCalendar } from './wire-calendar';

/** The summary of the calendar an app's schedules go to when they name none. */
export const DEFAULT_CALENDAR_SUMMARY = 'Default calendar';

interface StoredCalendar {
  readonly calId: string;
  readonly owner: AppIdentity;
  fields: CalendarFields;
  /** calendar/del keeps the record so later calls can answer 90459 rather than 90457. */
  deleted: boolean;
}

/** A calendar as its owner may change it. */
export interface OwnedCalendar {
  calId: string;
  fields: CalendarFields;
}

/**
 * Calendars, each owned by the app that created it (WECOM.md 2: no cross-app access; another app → 90466).
 * Copies in and out, so callers cannot alter stored state by accident.
 */
export class CalendarStore {
  private readonly calendars = new Map<string, StoredCalendar>();
  private readonly defaultByApp = new Map<string, string>();

  /** Registers a calendar with minimal fields (the `addCalendar()` control); re-adding an own id is a no-op. */
  addMinimal(owner: AppIdentity, calId: string = newCalendarId()): string {
    const existing = this.calendars.get(calId);
    if (existing && existing.owner.key !== owner.key) {
      throw new Error(`calendar ${calId} already belongs to another app`);
    }
    if (!existing) this.calendars.set(calId, { calId, owner, fields: minimalCalendarFields(), deleted: false });
    return calId;
  }

  /** calendar/add. `setAsDefault` makes it the app's default calendar (where schedules without cal_id go). */
  create(owner: AppIdentity, fields: CalendarFields, setAsDefault: boolean): string {
    let calId: string;
    do calId = newCalendarId();
    while (this.calendars.has(calId));
    this.calendars.set(calId, { calId, owner, fields: structuredClone(fields), deleted: false });
    if (setAsDefault) this.defaultByApp.set(owner.key, calId);
    return calId;
  }

  /**
   * The app's default calendar, created on first use (WeCom creates one per app).
   * [U] After the default calendar was deleted, a fresh one is created rather than answering 90459.
   */
  defaultOf(owner: AppIdentity): string {
    const existing = this.defaultByApp.get(owner.key);
    if (existing && !this.calendars.get(existing)?.deleted) return existing;
    const calId = this.addMinimal(owner);
    // [U] WeCom's name for it is unknown; an empty one left demo users looking at a nameless calendar.
    this.mustGet(calId).fields.summary = DEFAULT_CALENDAR_SUMMARY;
    this.defaultByApp.set(owner.key, calId);
    return calId;
  }

  /** A calendar the requester may use or change: unknown → 90457, another app's → 90466, deleted → 90459. */
  owned(requester: AppIdentity, calId: string): OwnedCalendar {
    const stored = this.calendars.get(calId);
    if (!stored) throw new WeComError(90457);
    assertOwnedBy(stored.owner, requester, 90457);
    if (stored.deleted) throw new WeComError(90459);
    return { calId, fields: structuredClone(stored.fields) };
  }

  /** Caller must have checked ownership with owned(). */
  replace(calId: string, fields: CalendarFields): void {
    const stored = this.mustGet(calId);
    stored.fields = structuredClone(fields);
  }

  markDeleted(calId: string): void {
    this.mustGet(calId).deleted = true;
  }

  /** What calendar/get shows the requester: unknown, deleted and other apps' calendars are absent. */
  visible(requester: AppIdentity, calId: string): OwnedCalendar | undefined {
    const stored = this.calendars.get(calId);
    if (!stored || stored.deleted || stored.owner.key !== requester.key) return undefined;
    return { calId, fields: structuredClone(stored.fields) };
  }

  /** Owner of a live calendar, for seeding; undefined when unknown or deleted. */
  liveOwnerOf(calId: string): AppIdentity | undefined {
    const stored = this.calendars.get(calId);
    return stored && !stored.deleted ? stored.owner : undefined;
  }

  /** Whether the calendar was ever stored (deleted ones included). */
  isKnown(calId: string): boolean {
    return this.calendars.has(calId);
  }

  /** Inspection without ownership checks; undefined when unknown or deleted. */
  peek(calId: string): WireCalendar | undefined {
    const stored = this.calendars.get(calId);
    return stored && !stored.deleted ? { cal_id: calId, ...structuredClone(stored.fields) } : undefined;
  }

  private mustGet(calId: string): StoredCalendar {
    const stored = this.calendars.get(calId);
    if (!stored) throw new Error(`calendar ${calId} is not stored`);
    return stored;
  }
}

/** Shaped like the doc example `wcjgewCwAAqeJcPI1d8Pwbjt7nttzAAA`: "wc" + 30 url-safe chars. */
function newCalendarId(): string {
  return `wc${randomBytes(23).toString('base64url').slice(0, 30)}`;
}
