import type { Logger } from 'pino';
import { CreateCalendarCommand } from '../domain/calendar-patch';
import { Schedule } from '../domain/schedule';
import { fieldsForCreate } from '../domain/schedule-patch';
import { WeComUnavailableError } from '../errors/gateway-error';
import { WeComScheduleApi } from '../datasources/wecom/schedule-api';
import { CalendarService, CalendarWritePayload } from './calendar-service';
import { calendarInputDigest, scheduleInputDigest } from './create-fingerprints';
import { IdempotencyGuard, IdempotencySettings } from './idempotency-guard';
import { searchLostSchedule } from './lost-schedule-search';
import { CreateScheduleCommand, ScheduleService } from './schedule-service';

export interface IdempotentCreatesDeps {
  settings: IdempotencySettings;
  appKey: string;
  callerName: string;
  schedules: ScheduleService;
  calendars: CalendarService;
  scheduleApi: WeComScheduleApi;
  logger: Logger;
}

/** A lost answer of this endpoint may hide a create WeCom applied. */
const lostAnswerOf = (endpoint: string) => (error: unknown): boolean =>
  error instanceof WeComUnavailableError && error.requestSent && error.endpoint === endpoint;

/**
 * createSchedule / createCalendar with an optional idempotency key, for one request. Without a key
 * they are the plain creates; with one, they run under the IdempotencyGuard (per app and caller).
 */
export class IdempotentCreates {
  private readonly guard: IdempotencyGuard;

  constructor(private readonly deps: IdempotentCreatesDeps) {
    this.guard = new IdempotencyGuard(deps.settings, { appKey: deps.appKey, callerName: deps.callerName }, deps.logger);
  }

  createSchedule(input: CreateScheduleCommand, idempotencyKey?: string | null): Promise<Schedule> {
    const { schedules, scheduleApi } = this.deps;
    if (idempotencyKey == null) return schedules.create(input);
    return this.guard.run<Schedule>({
      key: idempotencyKey,
      digest: scheduleInputDigest(input),
      create: () => schedules.create(input),
      isOutcomeUnknown: lostAnswerOf('oa/schedule/add'),
      async recover() {
        const search = await searchLostSchedule(scheduleApi, fieldsForCreate(input));
        if (search.outcome === 'found') {
          return { found: await schedules.recoveredCreate(search.schedule) };
        }
        if (search.outcome === 'cannot-search') return { reason: `the gateway cannot look for it: ${search.reason}` };
        return { reason: search.outcome === 'ambiguous' ? 'several identical schedules exist' : 'no such schedule was found in its calendar' };
      },
      encode: (schedule) => JSON.stringify(schedule),
      decode: reviveSchedule,
    });
  }

  createCalendar(input: CreateCalendarCommand, idempotencyKey?: string | null): Promise<CalendarWritePayload> {
    const { calendars } = this.deps;
    if (idempotencyKey == null) return calendars.create(input);
    return this.guard.run<CalendarWritePayload>({
      key: idempotencyKey,
      digest: calendarInputDigest(input),
      create: () => calendars.create(input),
      isOutcomeUnknown: lostAnswerOf('oa/calendar/add'),
      // WeCom has no API that lists an app's calendars: a lost calendar/add cannot be looked for.
      recover: async () => ({ reason: 'WeCom offers apps no way to list their calendars' }),
      encode: (payload) => JSON.stringify(payload),
      decode: (text) => JSON.parse(text) as CalendarWritePayload,
    });
  }
}

/** A stored schedule answer: JSON turned dates into strings, turned back here. */
function reviveSchedule(text: string): Schedule {
  const raw = JSON.parse(text) as Schedule;
  const date = (value: Date | string) => new Date(value);
  return {
    ...raw,
    startTime: date(raw.startTime),
    endTime: date(raw.endTime),
    excludedOccurrenceStarts: (raw.excludedOccurrenceStarts ?? []).map(date),
    reminders: raw.reminders && { ...raw.reminders, repeatUntil: raw.reminders.repeatUntil && date(raw.reminders.repeatUntil) },
  };
}
