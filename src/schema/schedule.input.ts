import { ArrayMaxSize, IsByteLength, IsIn, Max, Min, ValidateNested } from 'class-validator';
import { DateTimeScalar } from './date-time.scalar';
import { Field, ID, InputType, Int } from 'type-graphql';
import { ReminderPatch, SchedulePatch } from '../domain/schedule-patch';
import { ALL_REMIND_TIME_DIFFS, ScheduleLimits as L } from '../domain/schedule-limits';
import { RepeatType } from './enums';
import { MaxChars } from './max-chars';

// Single-field WeCom limits live here, next to the fields; rules relating fields are in domain/schedule-rules.ts.

@InputType()
export class AttendeeInput {
  @Field(() => String)
  @IsByteLength(1, L.userIdMaxBytes, { message: `must be 1 to ${L.userIdMaxBytes} bytes` })
  userId!: string;
}

@InputType({ description: 'Every field is optional. In UpdateScheduleInput a field left out keeps its value; null clears it.' })
export class ReminderInput implements ReminderPatch {
  @Field(() => Boolean, { nullable: true, description: 'Defaults to whether remindTimeDiffs is non-empty.' })
  isRemind?: boolean | null;

  @Field(() => [Int], { nullable: true })
  @IsIn(ALL_REMIND_TIME_DIFFS, { each: true, message: `values must be among ${ALL_REMIND_TIME_DIFFS.join(', ')}` })
  remindTimeDiffs?: number[] | null;

  @Field(() => Boolean, { nullable: true, description: 'Defaults to whether repeatType is given.' })
  isRepeat?: boolean | null;

  @Field(() => RepeatType, { nullable: true })
  repeatType?: RepeatType | null;

  @Field(() => DateTimeScalar, {
    nullable: true,
    description: 'End of the repetition, an instant: an occurrence starting after it is not one; null repeats forever.',
  })
  repeatUntil?: Date | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'Defaults to whether repeatInterval, repeatDayOfWeek or repeatDayOfMonth is given.',
  })
  isCustomRepeat?: boolean | null;

  @Field(() => Int, { nullable: true })
  @Min(1)
  repeatInterval?: number | null;

  @Field(() => [Int], { nullable: true })
  @Min(1, { each: true, message: 'values must be 1..7 (Monday..Sunday)' })
  @Max(7, { each: true, message: 'values must be 1..7 (Monday..Sunday)' })
  repeatDayOfWeek?: number[] | null;

  @Field(() => [Int], { nullable: true })
  @Min(1, { each: true, message: 'values must be 1..31' })
  @Max(31, { each: true, message: 'values must be 1..31' })
  repeatDayOfMonth?: number[] | null;

  @Field(() => Int, { nullable: true })
  @Min(L.timezoneMin, { message: `must be ${L.timezoneMin}..${L.timezoneMax}` })
  @Max(L.timezoneMax, { message: `must be ${L.timezoneMin}..${L.timezoneMax}` })
  timezone?: number | null;
}

/** Fields shared by create and update. */
@InputType()
abstract class ScheduleDetailsInput implements SchedulePatch {
  @Field(() => [String], { nullable: true, description: 'At most 3 user ids.' })
  @ArrayMaxSize(L.adminsMax, { message: `must hold at most ${L.adminsMax} user ids` })
  @IsByteLength(1, L.userIdMaxBytes, { each: true, message: `values must be 1 to ${L.userIdMaxBytes} bytes` })
  admins?: string[] | null;

  @Field(() => [AttendeeInput], { nullable: true, description: 'At most 1,000.' })
  @ArrayMaxSize(L.attendeesMax, { message: `must hold at most ${L.attendeesMax} attendees` })
  @ValidateNested({ each: true })
  attendees?: AttendeeInput[] | null;

  @Field(() => String, { nullable: true })
  @MaxChars(L.summaryMaxChars)
  summary?: string | null;

  @Field(() => String, { nullable: true })
  @MaxChars(L.descriptionMaxChars)
  description?: string | null;

  @Field(() => String, { nullable: true })
  @MaxChars(L.locationMaxChars)
  location?: string | null;

  @Field(() => Boolean, { nullable: true })
  isWholeDay?: boolean | null;

  @Field(() => ReminderInput, { nullable: true })
  @ValidateNested()
  reminders?: ReminderInput | null;
}

@InputType()
export class CreateScheduleInput extends ScheduleDetailsInput {
  @Field(() => ID, { nullable: true, description: 'A calendar created by this app; omitted: the app’s default calendar.' })
  @IsByteLength(1, L.calendarIdMaxBytes, { message: `must be 1 to ${L.calendarIdMaxBytes} bytes` })
  calendarId?: string | null;

  @Field(() => DateTimeScalar)
  startTime!: Date;

  @Field(() => DateTimeScalar)
  endTime!: Date;
}

@InputType({ description: 'A patch: a field left out keeps its value, null clears it. WeCom cannot move a schedule to another calendar.' })
export class UpdateScheduleInput extends ScheduleDetailsInput {
  @Field(() => ID)
  id!: string;

  @Field(() => DateTimeScalar, { nullable: true })
  startTime?: Date | null;

  @Field(() => DateTimeScalar, { nullable: true })
  endTime?: Date | null;
}
