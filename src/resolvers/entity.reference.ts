import { GatewayContext } from '../context';
import { Calendar } from '../domain/calendar';
import { Schedule } from '../domain/schedule';

/** Federation entity resolution (`_entities`) through the same per-request loaders as the queries. */
export const referenceResolvers = {
  Schedule: {
    __resolveReference(reference: { id: string }, ctx: GatewayContext): Promise<Schedule | null> {
      return ctx.scheduleById.load(reference.id);
    },
  },
  Calendar: {
    __resolveReference(reference: { id: string }, ctx: GatewayContext): Promise<Calendar | null> {
      return ctx.calendarById.load(reference.id);
    },
  },
};
