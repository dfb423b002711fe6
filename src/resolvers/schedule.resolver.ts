import { Arg, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { GatewayContext } from '../context';
import { Schedule } from '../domain/schedule';
import { CreateScheduleInput, UpdateScheduleInput } from '../schema/schedule.input';
import { DeleteSchedulePayload, ScheduleObject } from '../schema/schedule.type';

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
  createSchedule(@Arg('input', () => CreateScheduleInput) input: CreateScheduleInput, @Ctx() ctx: GatewayContext) {
    return ctx.schedules.create(input);
  }

  @Mutation(() => ScheduleObject, {
    description: 'Patches the schedule input.id: fields left out keep their values, null clears a field.',
  })
  updateSchedule(@Arg('input', () => UpdateScheduleInput) input: UpdateScheduleInput, @Ctx() ctx: GatewayContext) {
    const { id, ...patch } = input;
    return ctx.schedules.update(id, patch);
  }

  @Mutation(() => DeleteSchedulePayload, { description: 'Cancels the schedule in WeCom.' })
  deleteSchedule(@Arg('id', () => ID) id: string, @Ctx() ctx: GatewayContext): Promise<DeleteSchedulePayload> {
    return ctx.schedules.delete(id);
  }
}
