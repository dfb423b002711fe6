import { Calendar } from '../../domain/calendar';
import { Schedule } from '../../domain/schedule';
import { reviveSchedule } from '../../sync/change-codec';
import { ReadKind } from '../gateway-reads';

/**
 * Cached schedules and calendars as strings (Redis values; memory entries too, so that no two requests
 * ever share one object and the bytes kept are known): JSON with the Dates revived by name.
 */
export function encodeEntity(entity: Schedule | Calendar): string {
  return JSON.stringify(entity);
}

export function decodeEntity(kind: 'schedule', encoded: string): Schedule;
export function decodeEntity(kind: 'calendar', encoded: string): Calendar;
export function decodeEntity(kind: ReadKind, encoded: string): Schedule | Calendar;
export function decodeEntity(kind: ReadKind, encoded: string): Schedule | Calendar {
  const raw = JSON.parse(encoded);
  return kind === 'schedule' ? reviveSchedule(raw as Schedule) : (raw as Calendar);
}
