import { createHash } from 'node:crypto';
import { CalendarFields } from '../domain/calendar';
import { CreateCalendarCommand, calendarFieldsForCreate } from '../domain/calendar-patch';
import { ScheduleFields } from '../domain/schedule';
import { fieldsForCreate } from '../domain/schedule-patch';
import type { CreateScheduleCommand } from './schedule-service';

/**
 * Digests of create inputs, equal when the inputs mean the same create: defaults applied as the
 * schema applies them (a field left out = its explicit default), instants as instants (any offset),
 * and the lists whose order WeCom does not keep or use as sets (sorted, duplicates dropped).
 * Lists kept in order: none; ordered data (the reminder's own fields) is scalar.
 */
export function scheduleInputDigest(input: CreateScheduleCommand): string {
  return digest('createSchedule', normalisedSchedule(fieldsForCreate(input)));
}

export function calendarInputDigest(input: CreateCalendarCommand): string {
  return digest('createCalendar', normalisedCalendar(calendarFieldsForCreate(input)));
}

/** The create's fields as one canonical value (also what a lost schedule is matched on). */
export function normalisedSchedule(fields: ScheduleFields): unknown {
  const reminders = fields.reminders && {
    ...fields.reminders,
    remindTimeDiffs: asSet(fields.reminders.remindTimeDiffs),
    repeatUntil: instant(fields.reminders.repeatUntil),
    repeatDayOfWeek: asSet(fields.reminders.repeatDayOfWeek),
    repeatDayOfMonth: asSet(fields.reminders.repeatDayOfMonth),
  };
  return {
    ...fields,
    admins: asSet(fields.admins),
    attendeeIds: asSet(fields.attendeeIds),
    startTime: instant(fields.startTime),
    endTime: instant(fields.endTime),
    reminders,
  };
}

function normalisedCalendar(fields: CalendarFields): unknown {
  // A user shared twice keeps one permission in WeCom; the last given is taken.
  const shares = new Map(fields.shares.map((share) => [share.userId, share.permission]));
  return {
    ...fields,
    admins: asSet(fields.admins),
    shares: [...shares.entries()].sort(([a], [b]) => compare(a, b)),
    publicRange: fields.publicRange && {
      userIds: asSet(fields.publicRange.userIds),
      departmentIds: asSet(fields.publicRange.departmentIds),
    },
  };
}

/** Sorted and without duplicates: the list as a set. */
export function asSet<T extends string | number>(list: readonly T[]): T[] {
  return [...new Set(list)].sort(compare);
}

const compare = <T extends string | number>(a: T, b: T): number => (a < b ? -1 : a > b ? 1 : 0);

const instant = (date: Date | null): number | null => (date === null ? null : date.getTime());

/** Canonical JSON: object keys sorted at every level, so property order never matters. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const keys = Object.keys(value).filter((key) => (value as Record<string, unknown>)[key] !== undefined);
    return `{${keys.sort().map((key) => `${JSON.stringify(key)}:${canonical((value as Record<string, unknown>)[key])}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

function digest(operation: string, value: unknown): string {
  return createHash('sha256').update(operation).update('\n').update(canonical(value)).digest('hex');
}
