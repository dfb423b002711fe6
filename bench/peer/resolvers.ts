import { GraphQLError } from 'graphql';
import { DateTimeResolver } from 'graphql-scalars';
import { ScheduleInput, scheduleFromWire, wireFromCreateInput, wireFromPatch } from './mapping';
import type { WeComAPI } from './wecom-api';

export interface PeerContext {
  dataSources: { wecom: WeComAPI };
}

async function readSchedule(wecom: WeComAPI, id: string) {
  const wire = await wecom.getSchedule(id);
  return wire ? scheduleFromWire(wire) : null;
}

/** The obvious resolvers: one schedule/get per id; patches read the schedule, merge, write it whole, read it back. */
export const resolvers = {
  DateTime: DateTimeResolver,
  Query: {
    schedule: (_: unknown, args: { id: string }, ctx: PeerContext) => readSchedule(ctx.dataSources.wecom, args.id),
    schedules: (_: unknown, args: { ids: string[] }, ctx: PeerContext) =>
      Promise.all(args.ids.map((id) => readSchedule(ctx.dataSources.wecom, id))),
  },
  Mutation: {
    async createSchedule(_: unknown, args: { input: ScheduleInput & { startTime: Date; endTime: Date } }, ctx: PeerContext) {
      const id = await ctx.dataSources.wecom.addSchedule(wireFromCreateInput(args.input));
      return readSchedule(ctx.dataSources.wecom, id);
    },
    async updateSchedule(_: unknown, args: { input: ScheduleInput & { id: string } }, ctx: PeerContext) {
      const { id, ...patch } = args.input;
      const wecom = ctx.dataSources.wecom;
      const current = await wecom.getSchedule(id);
      if (!current) throw new GraphQLError(`Schedule ${id} does not exist`, { extensions: { code: 'NOT_FOUND' } });
      await wecom.updateSchedule(wireFromPatch(current, patch), !patch.attendees);
      return readSchedule(wecom, id);
    },
  },
};
