import { GatewayContext } from '../context';
import { Calendar } from '../domain/calendar';
import { Schedule } from '../domain/schedule';
import { UserInputError } from '../errors/gateway-error';

/** A router always sends the key; anything else is a malformed representation, not an internal error. */
function keyOf(reference: { id?: unknown }, typeName: string): string {
  if (typeof reference.id !== 'string' || reference.id === '') {
    throw new UserInputError('representations', `a ${typeName} representation needs its key field id`);
  }
  return reference.id;
}

/** Federation entity resolution (`_entities`) through the same per-request loaders as the queries. */
export const referenceResolvers = {
  Schedule: {
    __resolveReference(reference: { id?: unknown }, ctx: GatewayContext): Promise<Schedule | null> {
      return ctx.scheduleById.load(keyOf(reference, 'Schedule'));
    },
  },
  Calendar: {
    __resolveReference(reference: { id?: unknown }, ctx: GatewayContext): Promise<Calendar | null> {
      return ctx.calendarById.load(keyOf(reference, 'Calendar'));
    },
  },
};
