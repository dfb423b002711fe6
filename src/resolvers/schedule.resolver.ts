import { DateTimeScalar } from '../schema/date-time.scalar';
import { Arg, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { GatewayContext } from '../context';
import { Schedule, ScheduleScope } from '../domain/schedule';
import '../schema/enums';
import { CreateScheduleInput, UpdateScheduleInput } from '../schema/schedule.input';
import { DeleteSchedulePayload, ScheduleObject } from '../schema/schedule.type';
import { IDEMPOTENCY_KEY_DESCRIPTION } from '../schema/idempotency-key';

/** Stateless: type-graphql keeps one instance, so everything per request comes from the context. */
@Resolver(() => ScheduleObject)
export class ScheduleResolver {
  @Query(() => ScheduleObject, { nullable: true, description: 'null when WeCom returns no such schedule.' })
  schedule(@Arg('id', () => ID) id: string, @Ctx() ctx: GatewayContext): Promise<Schedule | null> {
    return ctx.scheduleById.load(id);
  }

  @Query(() => [ScheduleObject], {
    nullable: 'items',
    description: 'In the order of ids, null where WeCom has no such schedule. One WeCom call per 1,000 ids.',
  })
  schedules(@Arg('ids', () => [ID]) ids: string[], @Ctx() ctx: GatewayContext): Promise<(Schedule | null)[]> {
    // Promise.all, not loadMany: a failed WeCom call is one error for the field, not one per id.
    return Promise.all(ids.map((id) => ctx.scheduleById.load(id)));
  }

  @Mutation(() => ScheduleObject, { description: 'Creates a schedule; answers with it as WeCom holds it.' })
  createSchedule(
    @Arg('input', () => CreateScheduleInput) input: CreateScheduleInput,
    @Arg('idempotencyKey', () => String, { nullable: true, description: IDEMPOTENCY_KEY_DESCRIPTION }) idempotencyKey: string | null,
    @Ctx() ctx: GatewayContext,
  ) {
    return ctx.creates.createSchedule(input, idempotencyKey);
  }

  @Mutation(() => ScheduleObject, {
    description:
      'Patches the schedule input.id: fields left out keep their values, null clears a field. With a scope other than ALL, WeCom splits the recurring schedule: the answer is the new piece (a new id) and the original stays reachable.',
  })
  updateSchedule(
    @Arg('input', () => UpdateScheduleInput) input: UpdateScheduleInput,
    @Arg('scope', () => ScheduleScope, { defaultValue: ScheduleScope.ALL }) scope: ScheduleScope,
    @Arg('occurrenceStart', () => DateTimeScalar, { nullable: true, description: 'Start of the occurrence the scope starts at.' })
    occurrenceStart: Date | null,
    @Ctx() ctx: GatewayContext,
  ) {
    const { id, ...patch } = input;
    return ctx.schedules.update(id, patch, { scope, occurrenceStart: occurrenceStart ?? undefined });
  }

  @Mutation(() => DeleteSchedulePayload, { description: 'Cancels the schedule in WeCom, or some occurrences of a recurring one.' })
  deleteSchedule(
    @Arg('id', () => ID) id: string,
    @Arg('scope', () => ScheduleScope, { defaultValue: ScheduleScope.ALL }) scope: ScheduleScope,
    @Arg('occurrenceStart', () => DateTimeScalar, { nullable: true, description: 'Start of the occurrence the scope starts at.' })
    occurrenceStart: Date | null,
    @Ctx() ctx: GatewayContext,
  ): Promise<DeleteSchedulePayload> {
    return ctx.schedules.delete(id, { scope, occurrenceStart: occurrenceStart ?? undefined });
  }

  @Mutation(() => ScheduleObject, {
    description:
      'Adds attendees without rewriting the schedule (user ids already attending are ignored; at most 1,000 attendees in all). Answers the schedule afterwards.',
  })
  addScheduleAttendees(
    @Arg('id', () => ID) id: string,
    @Arg('userIds', () => [String]) userIds: string[],
    @Ctx() ctx: GatewayContext,
  ): Promise<Schedule> {
    return ctx.schedules.addAttendees(id, userIds);
  }

  @Mutation(() => ScheduleObject, {
    description:
      'Removes attendees without rewriting the schedule (user ids not attending are ignored). Sent to WeCom 1,000 at a time: if a later call fails, the earlier ones stay applied and the error says how many (extensions.appliedUserIds); repeating the whole call is safe.',
  })
  removeScheduleAttendees(
    @Arg('id', () => ID) id: string,
    @Arg('userIds', () => [String]) userIds: string[],
    @Ctx() ctx: GatewayContext,
  ): Promise<Schedule> {
    return ctx.schedules.removeAttendees(id, userIds);
  }
}
