/**
 * Occurrences of a recurring WeCom schedule, computed from its reminders' repeat rule.
 *
 * WeCom documents the repeat fields (WECOM.md 4.2) but not how occurrences are expanded; the
 * readings below are ours where the docs are silent, and each is stated where it is applied:
 *
 * - Calendar arithmetic happens in the rule's fixed UTC offset (`timezone`, hours; no DST): an
 *   instant is shifted by the offset and read with UTC getters. Every occurrence keeps the first
 *   one's local time of day and duration (end - start; an end before the start counts as 0).
 * - The first occurrence is always the schedule's own startTime/endTime, even when its day does not
 *   match the rule (e.g. a custom weekly list without the start's weekday, workdays starting on a
 *   Saturday, an `until` before the start): WeCom's client shows it that way. Later occurrences
 *   are the days after the start's local day that match the rule.
 * - `until` is an instant (WeCom: repeat_until, "重复结束时刻", a Unix timestamp): an occurrence
 *   counts when it starts at or before it. One starting later the same local day is not one.
 * - Excluded starts (WeCom exclude_time_list) match by exact start instant (millisecond).
 * - WORKDAYS means Monday–Friday of every week. Public holidays and make-up working days are not
 *   known to us (WeCom's client may follow China's holiday calendar): they are not applied.
 */
import { Reminder, RepeatType } from './schedule';

export interface RecurrenceRule {
  repeatType: RepeatType;
  /** Every N days/weeks/months/years; 1 unless a custom repeat says otherwise. */
  interval: number;
  /** Custom weekly: 1..7 (Mon..Sun); empty = the start's weekday. */
  daysOfWeek: number[];
  /** Custom monthly: 1..31; empty = the start's day of month. */
  daysOfMonth: number[];
  /** End of the repetition, an instant: occurrences starting after it are not ones; null = forever. */
  until: Date | null;
  /** The fixed UTC offset (hours, -12..12) occurrences are computed in; WeCom's default is 8. */
  timezoneOffsetHours: number;
}

export interface RecurringSchedule {
  startTime: Date;
  endTime: Date;
  /** null = not recurring (one occurrence: the schedule itself). */
  rule: RecurrenceRule | null;
  /** Starts of occurrences removed by per-occurrence edits/deletes (WeCom exclude_time_list). */
  excludedStarts: readonly Date[];
}

export interface Occurrence {
  start: Date;
  end: Date;
  excluded: boolean;
}

/** WeCom's default `timezone` (UTC+8) when a reminder does not carry one. */
const DEFAULT_TIMEZONE_OFFSET_HOURS = 8;
const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/**
 * The rule a schedule's reminders describe, or null when it does not repeat (isRepeat false / no reminders).
 *
 * - repeatType null (WeCom sends repeat_type 0 or nothing) is DAILY.
 * - A non-custom repeat is derived from the start and the type alone (WeCom: is_custom_repeat 0):
 *   interval 1 and empty day lists, whatever the reminder carries.
 * - A custom repeat keeps its interval (missing or below 1 → 1, fractions rounded down) and its
 *   day lists, out-of-range values dropped, duplicates removed, sorted. The lists are kept for
 *   every type; only WEEKLY reads daysOfWeek and only MONTHLY reads daysOfMonth.
 * - timezone null (or not a number) is WeCom's default, 8.
 */
export function ruleOf(reminder: Reminder | null): RecurrenceRule | null {
  if (!reminder || !reminder.isRepeat) return null;
  const custom = reminder.isCustomRepeat;
  const until = reminder.repeatUntil;
  return {
    repeatType: reminder.repeatType ?? RepeatType.DAILY,
    interval: custom ? positiveInteger(reminder.repeatInterval) : 1,
    daysOfWeek: custom ? dayList(reminder.repeatDayOfWeek, 7) : [],
    daysOfMonth: custom ? dayList(reminder.repeatDayOfMonth, 31) : [],
    until: until ? new Date(until.getTime()) : null,
    timezoneOffsetHours: offsetHours(reminder.timezone),
  };
}

/**
 * Occurrences overlapping [from, to) (start < to && end > from; a zero-length one counts when from <= start < to), in start order, at most `limit`, excluded ones included with excluded: true.
 *
 * An empty or inverted window (to <= from), an invalid date or `limit` <= 0 gives []. Excluded
 * occurrences count toward `limit`. The work is bounded by the window: the expansion starts at the
 * first period that can reach `from` (DAILY/WEEKLY/MONTHLY/YEARLY jump there arithmetically) and
 * stops at `limit` results, at `to` or at `until`, whichever comes first.
 */
export function occurrencesBetween(schedule: RecurringSchedule, from: Date, to: Date, limit: number): Occurrence[] {
  const fromMs = from.getTime();
  const toMs = to.getTime();
  const startMs = schedule.startTime.getTime();
  if (!(limit > 0) || !(fromMs < toMs) || Number.isNaN(startMs)) return [];
  const durationMs = durationOf(schedule);
  const excluded = excludedSet(schedule);
  const found: Occurrence[] = [];
  const consider = (occurrenceStart: number): void => {
    const occurrenceEnd = occurrenceStart + durationMs;
    const overlaps =
      occurrenceStart < toMs && (occurrenceEnd > fromMs || (durationMs === 0 && occurrenceStart >= fromMs));
    if (overlaps) {
      found.push({
        start: new Date(occurrenceStart),
        end: new Date(occurrenceEnd),
        excluded: excluded.has(occurrenceStart),
      });
    }
  };

  // The first occurrence is the schedule itself, whether or not it matches the rule.
  consider(startMs);
  if (found.length >= limit || !schedule.rule) return found;

  const expansion = expansionOf(schedule.rule, startMs);
  // Days before the local day of (from - duration) start too early to end after `from`; days after
  // the local day of `to` start at or after `to`. Both bounds are then checked exactly.
  const minDay = expansion.localDay(fromMs - durationMs);
  const maxDay = expansion.localDay(toMs);
  for (const day of expansion.days(minDay, maxDay)) {
    const occurrenceStart = expansion.startOn(day);
    if (occurrenceStart >= toMs) break;
    consider(occurrenceStart);
    if (found.length >= limit) break;
  }
  return found;
}

/**
 * Whether `start` is exactly the start of a (non-excluded) occurrence. A non-recurring schedule's only occurrence is its startTime.
 *
 * This is what WeCom's op_start_time must be for op_mode 1/2 (WECOM.md 4.3). It uses the same
 * day expansion as occurrencesBetween, restricted to the one local day of `start`.
 */
export function isOccurrenceStart(schedule: RecurringSchedule, start: Date): boolean {
  const ms = start.getTime();
  const startMs = schedule.startTime.getTime();
  if (Number.isNaN(ms) || Number.isNaN(startMs)) return false;
  if (excludedSet(schedule).has(ms)) return false;
  if (ms === startMs) return true;
  if (!schedule.rule || ms < startMs) return false;
  const expansion = expansionOf(schedule.rule, startMs);
  const day = expansion.localDay(ms);
  if (expansion.startOn(day) !== ms) return false; // another local time of day
  for (const matching of expansion.days(day, day)) return matching === day;
  return false;
}

// ---------------------------------------------------------------------------------------------
// Expansion by local day numbers (days since 1970-01-01 in the rule's offset).

interface Expansion {
  /** The local day number of an instant. */
  localDay(ms: number): number;
  /** The start instant of the occurrence on a local day (the first occurrence's local time of day). */
  startOn(day: number): number;
  /** Local days after the start's day, up to `until`, within [minDay, maxDay], matching the rule, ascending. */
  days(minDay: number, maxDay: number): Generator<number>;
}

function expansionOf(rule: RecurrenceRule, startMs: number): Expansion {
  const offsetMs = offsetHours(rule.timezoneOffsetHours) * HOUR_MS;
  const localDay = (ms: number): number => Math.floor((ms + offsetMs) / DAY_MS);
  const startDay = localDay(startMs);
  const timeOfDayMs = startMs + offsetMs - startDay * DAY_MS;
  const startOn = (day: number): number => day * DAY_MS + timeOfDayMs - offsetMs;
  const untilMs = rule.until ? rule.until.getTime() : NaN;
  // An invalid `until` is read as "forever", like a missing one. The last day is the last one whose
  // occurrence starts at or before `until` (occurrences keep one time of day, so one check suffices).
  const untilLocalDay = localDay(untilMs);
  const untilDay = Number.isNaN(untilMs) ? Infinity : startOn(untilLocalDay) <= untilMs ? untilLocalDay : untilLocalDay - 1;
  const interval = positiveInteger(rule.interval);
  return {
    localDay,
    startOn,
    days: (minDay, maxDay) => {
      // Later occurrences only: the start's own day is the first occurrence.
      const lo = Math.max(minDay, startDay + 1);
      const hi = Math.min(maxDay, untilDay);
      return matchingDays(rule, interval, startDay, lo, hi);
    },
  };
}

function* matchingDays(rule: RecurrenceRule, interval: number, startDay: number, lo: number, hi: number): Generator<number> {
  if (!(lo <= hi) || !Number.isFinite(hi)) return;
  switch (rule.repeatType) {
    case RepeatType.DAILY:
      // Every `interval` days from the start.
      yield* everyNthDay(startDay, interval, lo, hi);
      return;
    case RepeatType.WEEKLY: {
      // Every `interval`-th week (weeks start Monday, counted from the start's week) on each listed
      // weekday, or on the start's weekday when the list is empty (the non-custom repeat).
      const weekdays = dayList(rule.daysOfWeek, 7);
      yield* weeklyDays(weekdays.length ? weekdays : [isoWeekday(startDay)], interval, startDay, lo, hi);
      return;
    }
    case RepeatType.MONTHLY: {
      // Every `interval`-th month (counted from the start's month) on each listed day of month, or on
      // the start's day when the list is empty. Months without that day are skipped, not clamped.
      const monthDays = dayList(rule.daysOfMonth, 31);
      yield* monthlyDays(monthDays.length ? monthDays : [civil(startDay).day], interval, startDay, lo, hi);
      return;
    }
    case RepeatType.YEARLY:
      // The start's month and day every `interval` years; Feb 29 only in leap years.
      yield* yearlyDays(interval, startDay, lo, hi);
      return;
    case RepeatType.WORKDAYS:
      // Monday–Friday of every week; the interval is ignored; public holidays are unknown to us.
      for (let day = lo; day <= hi; day++) if (isoWeekday(day) <= 5) yield day;
      return;
  }
}

function* everyNthDay(startDay: number, step: number, lo: number, hi: number): Generator<number> {
  for (let day = startDay + Math.ceil((lo - startDay) / step) * step; day <= hi; day += step) yield day;
}

function* weeklyDays(weekdays: number[], interval: number, startDay: number, lo: number, hi: number): Generator<number> {
  const period = 7 * interval;
  const firstMonday = mondayOf(startDay);
  // The first active week that can hold `lo`: an inactive week's days all lie before the next active one.
  let monday = firstMonday + Math.max(0, Math.ceil((mondayOf(lo) - firstMonday) / period)) * period;
  for (; monday <= hi; monday += period) {
    for (const weekday of weekdays) {
      const day = monday + weekday - 1;
      if (day < lo) continue;
      if (day > hi) return;
      yield day;
    }
  }
}

function* monthlyDays(monthDays: number[], interval: number, startDay: number, lo: number, hi: number): Generator<number> {
  const start = civil(startDay);
  const low = civil(lo);
  const firstMonth = start.year * 12 + start.month;
  let month = firstMonth + Math.max(0, Math.ceil((low.year * 12 + low.month - firstMonth) / interval)) * interval;
  for (; ; month += interval) {
    const year = Math.floor(month / 12);
    const monthOfYear = month - year * 12;
    const firstOfMonth = dayNumber(year, monthOfYear, 1);
    if (!(firstOfMonth <= hi)) return; // also NaN: past the last representable Date
    const length = daysInMonth(year, monthOfYear);
    for (const dayOfMonth of monthDays) {
      if (dayOfMonth > length) break; // sorted: the rest are missing from this month too
      const day = firstOfMonth + dayOfMonth - 1;
      if (day < lo) continue;
      if (day > hi) return;
      yield day;
    }
  }
}

function* yearlyDays(interval: number, startDay: number, lo: number, hi: number): Generator<number> {
  const start = civil(startDay);
  let year = start.year + Math.max(0, Math.ceil((civil(lo).year - start.year) / interval)) * interval;
  // NaN (past the last representable Date) also ends the loop.
  for (; dayNumber(year, 0, 1) <= hi; year += interval) {
    if (start.day > daysInMonth(year, start.month)) continue; // Feb 29 outside leap years
    const day = dayNumber(year, start.month, start.day);
    if (day < lo) continue;
    if (day > hi) return;
    yield day;
  }
}

// ---------------------------------------------------------------------------------------------
// Helpers.

/** 1..7 = Monday..Sunday; day 0 (1970-01-01) was a Thursday. */
function isoWeekday(day: number): number {
  return ((((day + 3) % 7) + 7) % 7) + 1;
}

function mondayOf(day: number): number {
  return day - (isoWeekday(day) - 1);
}

/** Year, month (0-based) and day of month of a day number. */
function civil(day: number): { year: number; month: number; day: number } {
  const date = new Date(day * DAY_MS);
  return { year: date.getUTCFullYear(), month: date.getUTCMonth(), day: date.getUTCDate() };
}

function dayNumber(year: number, month: number, dayOfMonth: number): number {
  const date = new Date(0);
  date.setUTCFullYear(year, month, dayOfMonth); // unlike Date.UTC, no 1900 offset for years 0..99
  return Math.floor(date.getTime() / DAY_MS);
}

function daysInMonth(year: number, month: number): number {
  return dayNumber(year, month + 1, 1) - dayNumber(year, month, 1);
}

function durationOf(schedule: RecurringSchedule): number {
  const duration = schedule.endTime.getTime() - schedule.startTime.getTime();
  return duration > 0 ? duration : 0;
}

function excludedSet(schedule: RecurringSchedule): Set<number> {
  return new Set(schedule.excludedStarts.map((start) => start.getTime()).filter((ms) => !Number.isNaN(ms)));
}

function positiveInteger(value: number | null | undefined): number {
  return value != null && Number.isFinite(value) && value >= 1 ? Math.floor(value) : 1;
}

function offsetHours(value: number | null | undefined): number {
  return value != null && Number.isFinite(value) ? value : DEFAULT_TIMEZONE_OFFSET_HOURS;
}

/** Valid whole days 1..max, deduplicated, ascending. */
function dayList(values: readonly number[], max: number): number[] {
  return [...new Set(values.filter((v) => Number.isInteger(v) && v >= 1 && v <= max))].sort((a, b) => a - b);
}
