import { DateTimeScalar } from '../schema/date-time.scalar';
import { Arg, Ctx, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import { GatewayContext } from '../context';
import { Calendar } from '../domain/calendar';
import { Occurrence, occurrencesBetween } from '../domain/recurrence';
import { Schedule, ScheduleStatus } from '../domain/schedule';
import { recurringScheduleOf } from '../domain/schedule-scope';
import { UserInputError } from '../errors/gateway-error';
import { CalendarObject } from '../schema/calendar.type';
import { OccurrenceObject } from '../schema/connection.type';
import { ScheduleObject } from '../schema/schedule.type';

const MAX_OCCURRENCES = 1000;

/** Fields of Schedule computed or fetched beyond schedule/get. */
@Resolver(() => ScheduleObject)
export class ScheduleFieldsResolver {
  @FieldResolver(() => CalendarObject, { nullable: true, description: 'Through the batched calendar look-up.' })
  calendar(@Root() schedule: Schedule, @Ctx() ctx: GatewayContext): Promise<Calendar | null> | null {
    return schedule.calendarId ? ctx.calendarById.load(schedule.calendarId) : null;
  }

  @FieldResolver(() => [OccurrenceObject], {
    description:
      'Occurrences overlapping [from, to), computed locally from the repeat rule and WeCom’s excluded occurrences (no WeCom call). A schedule that does not repeat has one; a cancelled schedule has none.',
  })
  occurrences(
    @Root() schedule: Schedule,
    @Arg('from', () => DateTimeScalar) from: Date,
    @Arg('to', () => DateTimeScalar) to: Date,
    @Arg('first', () => Int, { defaultValue: 100, description: `At most ${MAX_OCCURRENCES}.` }) first: number,
  ): Occurrence[] {
    if (to <= from) throw new UserInputError('to', 'must be after from');
    if (first < 1 || first > MAX_OCCURRENCES) throw new UserInputError('first', `must be 1..${MAX_OCCURRENCES}`);
    if (schedule.status === ScheduleStatus.CANCELLED) return [];
    return occurrencesBetween(recurringScheduleOf(schedule), from, to, first);
  }
}
