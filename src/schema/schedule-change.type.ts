import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { Calendar } from '../domain/calendar';
import { Schedule } from '../domain/schedule';
import { ChangeKind, ChangeSource, RecordedChange } from '../sync/change';
import { CalendarObject } from './calendar.type';
import { PageInfoObject } from './connection.type';
import { DateTimeScalar } from './date-time.scalar';
import { ScheduleObject } from './schedule.type';

registerEnumType(ChangeKind, {
  name: 'ScheduleChangeKind',
  description: 'What changed (README, "Staying in sync").',
  valuesConfig: {
    ATTENDEE_RESPONDED: { description: 'An attendee accepted, declined or answered tentatively in WeCom (respond_schedule).' },
    SCHEDULE_DELETED: { description: 'The whole schedule was deleted; deleting some occurrences is SCHEDULE_UPDATED.' },
    CALENDAR_DELETED: { description: 'The calendar was deleted; its schedules get no entries of their own.' },
  },
});
registerEnumType(ChangeSource, {
  name: 'ChangeSource',
  description: 'Who made the change: a caller through this gateway, or someone in WeCom.',
  valuesConfig: {
    GATEWAY: { description: 'A successful write through this gateway (caller names the caller).' },
    WECOM: { description: 'A WeCom callback, or a change a reconciliation sweep found (userId null then).' },
  },
});

@ObjectType('ScheduleChange', { simpleResolvers: true, description: 'One entry of the change feed, with the state after the change.' })
export class ScheduleChangeObject implements RecordedChange {
  @Field(() => String, { description: 'Opaque; the same value as its edge’s cursor. Resume after it.' })
  cursor!: string;

  @Field(() => ChangeKind)
  kind!: ChangeKind;

  @Field(() => ID, { nullable: true })
  scheduleId!: string | null;

  @Field(() => ID, { nullable: true })
  calendarId!: string | null;

  @Field(() => ScheduleObject, { nullable: true, description: 'State after a schedule change; status CANCELLED (or null) after a delete.' })
  schedule!: Schedule | null;

  @Field(() => CalendarObject, { nullable: true, description: 'State after a calendar change; null after a calendar delete.' })
  calendar!: Calendar | null;

  @Field(() => DateTimeScalar, { description: 'When the gateway recorded the change.' })
  at!: Date;

  @Field(() => ChangeSource)
  source!: ChangeSource;

  @Field(() => String, { nullable: true, description: 'Who acted in WeCom, where WeCom says (source WECOM).' })
  userId!: string | null;

  @Field(() => String, { nullable: true, description: 'The caller’s name (source GATEWAY).' })
  caller!: string | null;
}

@ObjectType('ScheduleChangeEdge', { simpleResolvers: true })
export class ScheduleChangeEdgeObject {
  @Field(() => String)
  cursor!: string;

  @Field(() => ScheduleChangeObject)
  node!: ScheduleChangeObject;
}

@ObjectType('ScheduleChangeConnection', {
  simpleResolvers: true,
  description: 'Changes, oldest first. pageInfo.endCursor is where the next page starts (the last change scanned, even one a filter left out).',
})
export class ScheduleChangeConnectionObject {
  @Field(() => [ScheduleChangeEdgeObject])
  edges!: ScheduleChangeEdgeObject[];

  @Field(() => PageInfoObject)
  pageInfo!: PageInfoObject;
}
