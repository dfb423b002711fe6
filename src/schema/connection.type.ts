import { DateTimeScalar } from './date-time.scalar';
import { Field, ObjectType } from 'type-graphql';
import { ScheduleObject } from './schedule.type';

@ObjectType('PageInfo', { simpleResolvers: true, description: 'Relay page info.' })
export class PageInfoObject {
  @Field(() => Boolean)
  hasNextPage!: boolean;

  @Field(() => Boolean)
  hasPreviousPage!: boolean;

  @Field(() => String, { nullable: true })
  startCursor!: string | null;

  @Field(() => String, { nullable: true })
  endCursor!: string | null;
}

@ObjectType('ScheduleEdge', { simpleResolvers: true })
export class ScheduleEdgeObject {
  @Field(() => ScheduleObject)
  node!: ScheduleObject;

  @Field(() => String, { description: 'Opaque and stable: pass it as `after` for the next page.' })
  cursor!: string;
}

@ObjectType('ScheduleConnection', { simpleResolvers: true, description: 'A page of a calendar’s schedules, in WeCom’s order.' })
export class ScheduleConnectionObject {
  @Field(() => [ScheduleEdgeObject])
  edges!: ScheduleEdgeObject[];

  @Field(() => PageInfoObject)
  pageInfo!: PageInfoObject;
}

@ObjectType('Occurrence', { simpleResolvers: true, description: 'One occurrence of a (possibly recurring) schedule, computed from its repeat rule.' })
export class OccurrenceObject {
  @Field(() => DateTimeScalar)
  start!: Date;

  @Field(() => DateTimeScalar)
  end!: Date;

  @Field(() => Boolean, { description: 'Removed from the series (changed or deleted on its own, WeCom exclude_time_list).' })
  excluded!: boolean;
}
