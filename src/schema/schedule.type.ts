import { DateTimeScalar } from './date-time.scalar';
import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import { Attendee, Reminder, Schedule } from '../domain/schedule';
import { AttendeeResponse, RepeatType, ScheduleStatus } from './enums';

@ObjectType('Attendee', { simpleResolvers: true })
export class AttendeeObject implements Attendee {
  @Field(() => String)
  userId!: string;

  @Field(() => AttendeeResponse, { nullable: true })
  response!: AttendeeResponse | null;
}

@ObjectType('Reminder', { simpleResolvers: true, description: 'Reminders and the repeat rule of a schedule.' })
export class ReminderObject implements Reminder {
  @Field(() => Boolean)
  isRemind!: boolean;

  @Field(() => [Int], {
    description: 'Seconds relative to startTime: 0, -300, -900, -3600, -86400 (whole day also 32400, -172800, -604800).',
  })
  remindTimeDiffs!: number[];

  @Field(() => Boolean)
  isRepeat!: boolean;

  @Field(() => RepeatType, { nullable: true })
  repeatType!: RepeatType | null;

  @Field(() => DateTimeScalar, {
    nullable: true,
    description: 'End of the repetition, an instant: an occurrence starting after it is not one; null repeats forever.',
  })
  repeatUntil!: Date | null;

  @Field(() => Boolean)
  isCustomRepeat!: boolean;

  @Field(() => Int, { nullable: true, description: 'Custom repeat: every N weeks or months.' })
  repeatInterval!: number | null;

  @Field(() => [Int], { description: 'Custom weekly repeat: 1..7, Monday..Sunday.' })
  repeatDayOfWeek!: number[];

  @Field(() => [Int], { description: 'Custom monthly repeat: 1..31.' })
  repeatDayOfMonth!: number[];

  @Field(() => Int, { nullable: true, description: 'UTC offset in hours (-12..12) the repeat rule is computed in.' })
  timezone!: number | null;
}

@ObjectType('Schedule', { simpleResolvers: true, description: 'A WeCom schedule (日程).' })
@Directive('@key(fields: "id")')
export class ScheduleObject implements Schedule {
  @Field(() => ID, { description: 'WeCom schedule_id.' })
  id!: string;

  @Field(() => ID, { nullable: true, description: 'The calendar (cal_id) the schedule belongs to.' })
  calendarId!: string | null;

  @Field(() => ScheduleStatus)
  status!: ScheduleStatus;

  @Field(() => [String], { description: 'User ids of the schedule’s admins (at most 3).' })
  admins!: string[];

  @Field(() => [AttendeeObject])
  attendees!: AttendeeObject[];

  @Field(() => String, { nullable: true })
  summary!: string | null;

  @Field(() => String, { nullable: true })
  description!: string | null;

  @Field(() => String, { nullable: true })
  location!: string | null;

  @Field(() => DateTimeScalar)
  startTime!: Date;

  @Field(() => DateTimeScalar)
  endTime!: Date;

  @Field(() => Boolean)
  isWholeDay!: boolean;

  @Field(() => ReminderObject, { nullable: true })
  reminders!: ReminderObject | null;

  @Field(() => String, { nullable: true, description: 'WeCom’s change counter (uint64 as a decimal string), where WeCom returns it.' })
  sequence!: string | null;

  /** Exposed through `occurrences(...)`, not as a field of its own. */
  excludedOccurrenceStarts!: Date[];
}

@ObjectType('DeleteSchedulePayload', { simpleResolvers: true })
export class DeleteSchedulePayload {
  @Field(() => ID, { description: 'The id of the deleted (cancelled) schedule.' })
  id!: string;
}
