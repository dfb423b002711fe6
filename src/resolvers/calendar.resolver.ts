import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { GatewayContext } from '../context';
import { Calendar } from '../domain/calendar';
import { ruleForApiErrcode } from '../errors/wecom-errcodes';
import { CalendarWritePayload } from '../services/calendar-service';
import { ScheduleConnection, pageOfCalendarSchedules } from '../services/schedule-pages';
import { CreateCalendarInput, UpdateCalendarInput } from '../schema/calendar.input';
import { CalendarObject, CalendarPayload, DeleteCalendarPayload } from '../schema/calendar.type';
import { ScheduleConnectionObject } from '../schema/connection.type';
import { IDEMPOTENCY_KEY_DESCRIPTION } from '../schema/idempotency-key';

/** Stateless: everything per request comes from the context. */
@Resolver(() => CalendarObject)
export class CalendarResolver {
  @Query(() => CalendarObject, { nullable: true, description: 'null when WeCom returns no such calendar.' })
  calendar(@Arg('id', () => ID) id: string, @Ctx() ctx: GatewayContext): Promise<Calendar | null> {
    return ctx.calendarById.load(id);
  }

  @Query(() => [CalendarObject], {
    nullable: 'items',
    description: 'In the order of ids, null where missing. One WeCom call per 1,000 ids.',
  })
  calendars(@Arg('ids', () => [ID]) ids: string[], @Ctx() ctx: GatewayContext): Promise<(Calendar | null)[]> {
    return Promise.all(ids.map((id) => ctx.calendarById.load(id)));
  }

  @FieldResolver(() => ScheduleConnectionObject, { description: 'The calendar’s schedules, a page at a time (first ≤ 1,000).' })
  schedules(
    @Root() calendar: Calendar,
    @Arg('first', () => Int, { defaultValue: 100 }) first: number,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Ctx() ctx: GatewayContext,
  ): Promise<ScheduleConnection> {
    return pageOfCalendarSchedules(ctx.scheduleApi, ctx.scheduleById, calendar.id, first, after);
  }

  @Mutation(() => CalendarPayload, { description: 'Creates a calendar; shares WeCom refused are listed in failedShares.' })
  async createCalendar(
    @Arg('input', () => CreateCalendarInput) input: CreateCalendarInput,
    @Arg('idempotencyKey', () => String, { nullable: true, description: IDEMPOTENCY_KEY_DESCRIPTION }) idempotencyKey: string | null,
    @Ctx() ctx: GatewayContext,
  ) {
    return withMessages(await ctx.creates.createCalendar(input, idempotencyKey));
  }

  @Mutation(() => CalendarPayload, { description: 'Patches the calendar input.id: fields left out keep their values, null clears.' })
  async updateCalendar(@Arg('input', () => UpdateCalendarInput) input: UpdateCalendarInput, @Ctx() ctx: GatewayContext) {
    const { id, ...patch } = input;
    return withMessages(await ctx.calendars.update(id, patch));
  }

  @Mutation(() => DeleteCalendarPayload, { description: 'Deletes the calendar.' })
  deleteCalendar(@Arg('id', () => ID) id: string, @Ctx() ctx: GatewayContext): Promise<DeleteCalendarPayload> {
    return ctx.calendars.delete(id);
  }
}

function withMessages(payload: CalendarWritePayload) {
  return {
    calendar: payload.calendar,
    failedShares: payload.failedShares.map((failure) => ({ ...failure, message: ruleForApiErrcode(failure.wecomErrcode).message })),
  };
}
