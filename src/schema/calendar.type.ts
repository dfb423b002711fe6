import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import { Calendar, CalendarShare, PublicRange, SharePermission } from '../domain/calendar';
import './enums';

@ObjectType('CalendarShare', { simpleResolvers: true, description: 'A member of the calendar (WeCom 通知范围).' })
export class CalendarShareObject implements CalendarShare {
  @Field(() => String)
  userId!: string;

  @Field(() => SharePermission)
  permission!: SharePermission;
}

@ObjectType('PublicRange', { simpleResolvers: true, description: 'Who may subscribe to a public calendar.' })
export class PublicRangeObject implements PublicRange {
  @Field(() => [String])
  userIds!: string[];

  @Field(() => [Int], { description: 'WeCom department (party) ids.' })
  departmentIds!: number[];
}

@ObjectType('Calendar', { simpleResolvers: true, description: 'A WeCom calendar (日历) created by this app.' })
@Directive('@key(fields: "id")')
export class CalendarObject implements Calendar {
  @Field(() => ID, { description: 'WeCom cal_id.' })
  id!: string;

  @Field(() => String)
  summary!: string;

  @Field(() => String, { nullable: true, description: '#RRGGBB; corp calendars have none.' })
  color!: string | null;

  @Field(() => String, { nullable: true })
  description!: string | null;

  @Field(() => [String], { description: 'At most 3, all among the shares.' })
  admins!: string[];

  @Field(() => [CalendarShareObject])
  shares!: CalendarShareObject[];

  @Field(() => Boolean)
  isPublic!: boolean;

  @Field(() => PublicRangeObject, { nullable: true })
  publicRange!: PublicRangeObject | null;

  @Field(() => Boolean)
  isCorpCalendar!: boolean;

  @Field(() => Boolean, {
    nullable: true,
    description: 'Whether it is the app’s default calendar; known only in the answer to createCalendar (WeCom does not say later).',
  })
  isDefault!: boolean | null;
}

@ObjectType('ShareFailure', { simpleResolvers: true, description: 'A share WeCom refused while accepting the calendar.' })
export class ShareFailureObject {
  @Field(() => String)
  userId!: string;

  @Field(() => Int)
  wecomErrcode!: number;

  @Field(() => String)
  message!: string;
}

@ObjectType('CalendarPayload', { simpleResolvers: true })
export class CalendarPayload {
  @Field(() => CalendarObject, { description: 'The calendar as WeCom holds it after the write.' })
  calendar!: CalendarObject;

  @Field(() => [ShareFailureObject], {
    description: 'Members WeCom did not add (the write itself succeeded). Empty when every share was accepted.',
  })
  failedShares!: ShareFailureObject[];
}

@ObjectType('DeleteCalendarPayload', { simpleResolvers: true })
export class DeleteCalendarPayload {
  @Field(() => ID)
  id!: string;
}
