import { ArrayMaxSize, IsByteLength, Matches, Max, Min, ValidateNested } from 'class-validator';
import { Field, ID, InputType, Int } from 'type-graphql';
import { CalendarLimits as L, SharePermission } from '../domain/calendar';
import { CalendarPatch } from '../domain/calendar-patch';
import { ScheduleLimits } from '../domain/schedule-limits';
import './enums';
import { MaxChars } from './max-chars';

// Single-field WeCom limits (WECOM.md 3.1) live here; rules relating fields are in domain/calendar-patch.ts.
const USER_ID_BYTES = ScheduleLimits.userIdMaxBytes;

@InputType()
export class CalendarShareInput {
  @Field(() => String)
  @IsByteLength(1, USER_ID_BYTES, { message: `must be 1 to ${USER_ID_BYTES} bytes` })
  userId!: string;

  @Field(() => SharePermission, { nullable: true, description: 'Defaults to VIEW.' })
  permission?: SharePermission | null;
}

@InputType()
export class PublicRangeInput {
  @Field(() => [String], { nullable: true, description: `At most ${L.publicRangeUsersMax}.` })
  @ArrayMaxSize(L.publicRangeUsersMax, { message: `must hold at most ${L.publicRangeUsersMax} user ids` })
  @IsByteLength(1, USER_ID_BYTES, { each: true, message: `values must be 1 to ${USER_ID_BYTES} bytes` })
  userIds?: string[] | null;

  @Field(() => [Int], { nullable: true, description: `At most ${L.publicRangeDepartmentsMax}.` })
  @ArrayMaxSize(L.publicRangeDepartmentsMax, { message: `must hold at most ${L.publicRangeDepartmentsMax} departments` })
  @Min(1, { each: true, message: 'values must be department ids (positive)' })
  @Max(2 ** 31 - 1, { each: true, message: 'values must be department ids' })
  departmentIds?: number[] | null;
}

/** Fields shared by create and update. */
@InputType()
abstract class CalendarDetailsInput implements CalendarPatch {
  @Field(() => String, { nullable: true, description: '#RRGGBB; required except for corp calendars, which have none.' })
  @Matches(L.colorPattern, { message: 'must be #RRGGBB' })
  color?: string | null;

  @Field(() => String, { nullable: true })
  @MaxChars(L.descriptionMaxChars)
  description?: string | null;

  @Field(() => [String], { nullable: true, description: 'At most 3 user ids, each also among the shares.' })
  @ArrayMaxSize(L.adminsMax, { message: `must hold at most ${L.adminsMax} user ids` })
  @IsByteLength(1, USER_ID_BYTES, { each: true, message: `values must be 1 to ${USER_ID_BYTES} bytes` })
  admins?: string[] | null;

  @Field(() => [CalendarShareInput], { nullable: true, description: `Members, at most ${L.sharesMax}.` })
  @ArrayMaxSize(L.sharesMax, { message: `must hold at most ${L.sharesMax} members` })
  @ValidateNested({ each: true })
  shares?: CalendarShareInput[] | null;

  @Field(() => PublicRangeInput, { nullable: true })
  @ValidateNested()
  publicRange?: PublicRangeInput | null;
}

@InputType()
export class CreateCalendarInput extends CalendarDetailsInput {
  @Field(() => String)
  @MaxChars(L.summaryMaxChars)
  @IsByteLength(1, undefined, { message: 'must not be empty' })
  summary!: string;

  @Field(() => Boolean, { nullable: true, description: 'Public calendars can be subscribed (within publicRange). Cannot change later.' })
  isPublic?: boolean | null;

  @Field(() => Boolean, { nullable: true, description: 'A corp-wide calendar (needs publicRange, has no color). Cannot change later.' })
  isCorpCalendar?: boolean | null;

  @Field(() => Boolean, { nullable: true, description: 'Make it the app’s default calendar.' })
  setAsDefault?: boolean | null;
}

@InputType({ description: 'A patch: a field left out keeps its value, null clears it (publicRange left out is kept by WeCom).' })
export class UpdateCalendarInput extends CalendarDetailsInput {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { nullable: true })
  @MaxChars(L.summaryMaxChars)
  @IsByteLength(1, undefined, { message: 'must not be empty' })
  summary?: string | null;
}
