import type { Logger } from 'pino';
import { Schedule, ScheduleStatus } from '../domain/schedule';
import { SchedulePatch, applySchedulePatch, fieldsForCreate, rejectNullRequiredFields } from '../domain/schedule-patch';
import { checkScheduleRules, ruleViewOfFields, ruleViewOfPatch } from '../domain/schedule-rules';
import { NotFoundError } from '../errors/gateway-error';
import { scheduleAsWritten } from '../datasources/wecom/mappers';
import { WeComScheduleApi } from '../datasources/wecom/schedule-api';
import { ScheduleLoader } from '../loaders/schedule-loader';

export type CreateScheduleCommand = SchedulePatch & { startTime: Date; endTime: Date };

/**
 * Schedule writes for one request. Every check runs before the write; a mutation answers with the
 * schedule as WeCom holds it afterwards, or as written when reading it back fails (an error there
 * would invite the caller to retry a write that already happened).
 */
export class ScheduleService {
  constructor(
    private readonly api: WeComScheduleApi,
    private readonly loader: ScheduleLoader,
    private readonly logger: Logger,
  ) {}

  async create(input: CreateScheduleCommand): Promise<Schedule> {
    const fields = fieldsForCreate(input);
    checkScheduleRules(ruleViewOfFields(fields), input);
    const id = await this.api.addSchedule(fields);
    return this.readBack(id, () => scheduleAsWritten(id, fields));
  }

  /** A patch: WeCom's update replaces the schedule whole, so the stored one is read and merged first. */
  async update(id: string, patch: SchedulePatch): Promise<Schedule> {
    rejectNullRequiredFields(patch);
    checkScheduleRules(ruleViewOfPatch(patch), patch);
    this.loader.clear(id);
    const current = await this.loader.load(id);
    if (!current) throw new NotFoundError(`Schedule ${id} does not exist`);
    if (current.status === ScheduleStatus.CANCELLED) throw new NotFoundError(`Schedule ${id} was deleted`);

    const { fields, keepAttendees } = applySchedulePatch(current, patch);
    checkScheduleRules(ruleViewOfFields(fields), patch);
    const updatedId = await this.api.updateSchedule(id, fields, { keepAttendees });
    const keptAttendees = keepAttendees ? current.attendees : undefined;
    return this.readBack(updatedId, () => scheduleAsWritten(updatedId, fields, keptAttendees));
  }

  async delete(id: string): Promise<{ id: string }> {
    await this.api.deleteSchedule(id);
    this.loader.clear(id);
    return { id };
  }

  private async readBack(id: string, asWritten: () => Schedule): Promise<Schedule> {
    this.loader.clear(id);
    try {
      const stored = await this.loader.load(id);
      if (stored) return stored;
      this.logger.warn({ scheduleId: id }, 'schedule not found when read back after a write');
    } catch (error) {
      this.loader.clear(id);
      this.logger.warn({ scheduleId: id, reason: (error as Error).message }, 'read-back after a write failed');
    }
    return asWritten();
  }
}
