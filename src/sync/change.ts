import { Calendar } from '../domain/calendar';
import { Schedule } from '../domain/schedule';

/** API.md, "Changes from WeCom: two-way sync": which kind a change is. */
export enum ChangeKind {
  SCHEDULE_CREATED = 'SCHEDULE_CREATED',
  SCHEDULE_UPDATED = 'SCHEDULE_UPDATED',
  SCHEDULE_DELETED = 'SCHEDULE_DELETED',
  ATTENDEE_RESPONDED = 'ATTENDEE_RESPONDED',
  CALENDAR_CREATED = 'CALENDAR_CREATED',
  CALENDAR_UPDATED = 'CALENDAR_UPDATED',
  CALENDAR_DELETED = 'CALENDAR_DELETED',
}

export enum ChangeSource {
  /** The gateway's own successful write. */
  GATEWAY = 'GATEWAY',
  /** A WeCom callback, or a change a reconciliation sweep found. */
  WECOM = 'WECOM',
}

/** Who made a change: a caller of the gateway, or a person in WeCom (userId null when a sweep found it). */
export type ChangeOrigin =
  | { source: ChangeSource.GATEWAY; caller: string }
  | { source: ChangeSource.WECOM; userId: string | null };

/** A change before it is recorded: what changed and the state after it. */
export interface ChangeFacts {
  kind: ChangeKind;
  scheduleId: string | null;
  calendarId: string | null;
  /** State after a schedule change; status CANCELLED (or null) after a delete. */
  schedule: Schedule | null;
  /** State after a calendar change; null after a calendar delete. */
  calendar: Calendar | null;
  source: ChangeSource;
  userId: string | null;
  caller: string | null;
}

/** A change in the feed. */
export interface RecordedChange extends ChangeFacts {
  /** Opaque; resume after it. */
  cursor: string;
  /** When the gateway recorded it. */
  at: Date;
}

export function isScheduleKind(kind: ChangeKind): boolean {
  return kind !== ChangeKind.CALENDAR_CREATED && kind !== ChangeKind.CALENDAR_UPDATED && kind !== ChangeKind.CALENDAR_DELETED;
}

/** The resource a change is about: the unit of ordering and of "differs from the last recorded state". */
export function resourceKeyOf(facts: Pick<ChangeFacts, 'kind' | 'scheduleId' | 'calendarId'>): string {
  return isScheduleKind(facts.kind) ? `schedule:${facts.scheduleId}` : `calendar:${facts.calendarId}`;
}

export function originFields(origin: ChangeOrigin): Pick<ChangeFacts, 'source' | 'userId' | 'caller'> {
  return origin.source === ChangeSource.GATEWAY
    ? { source: origin.source, caller: origin.caller, userId: null }
    : { source: origin.source, userId: origin.userId, caller: null };
}
