import { Calendar } from '../domain/calendar';
import { Schedule } from '../domain/schedule';
import { ChangeFacts, RecordedChange } from './change';

/**
 * A change as stored (Redis stream field, memory log): JSON with the Dates as ISO strings, revived
 * by name so a stored change reads back equal to the one appended.
 */
export function encodeChange(facts: ChangeFacts, at: Date): string {
  return JSON.stringify({ ...facts, at });
}

export function decodeChange(json: string, cursor: string): RecordedChange {
  const raw = JSON.parse(json) as Omit<RecordedChange, 'cursor'> & { at: string };
  return {
    kind: raw.kind,
    scheduleId: raw.scheduleId,
    calendarId: raw.calendarId,
    schedule: raw.schedule ? reviveSchedule(raw.schedule) : null,
    calendar: raw.calendar ? (raw.calendar as Calendar) : null,
    source: raw.source,
    userId: raw.userId,
    caller: raw.caller,
    at: new Date(raw.at),
    cursor,
  };
}

export function reviveSchedule(raw: Schedule): Schedule {
  const date = (value: unknown) => new Date(value as string);
  return {
    ...raw,
    startTime: date(raw.startTime),
    endTime: date(raw.endTime),
    excludedOccurrenceStarts: raw.excludedOccurrenceStarts.map(date),
    reminders: raw.reminders ? { ...raw.reminders, repeatUntil: raw.reminders.repeatUntil ? date(raw.reminders.repeatUntil) : null } : null,
  };
}
