import { GatewayContext } from '../context';
import { Schedule } from '../domain/schedule';

/** Federation entity resolution (`_entities`) through the same per-request loader as `schedules`. */
export const scheduleReferenceResolver = {
  Schedule: {
    __resolveReference(reference: { id: string }, ctx: GatewayContext): Promise<Schedule | null> {
      return ctx.scheduleById.load(reference.id);
    },
  },
};
