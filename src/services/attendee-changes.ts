import { AttendeeResponse, Schedule } from '../domain/schedule';
import { ScheduleLimits } from '../domain/schedule-limits';
import { GatewayError, UserInputError } from '../errors/gateway-error';
import { ATTENDEES_PER_CALL, WeComScheduleApi } from '../datasources/wecom/schedule-api';
import type { LockLease } from '../coordination/lock-resource';

export interface AttendeeChange {
  kind: 'add' | 'remove';
  current: Schedule;
  userIds: string[];
}

/**
 * Adds or removes attendees without rewriting the schedule (add_attendees / del_attendees), in
 * calls of at most 1,000 user ids, one after the other. If a later call fails, the earlier ones
 * stay applied: the error says how many user ids were applied. Repeating the whole change is
 * safe, since WeCom ignores user ids already attending (add) or not attending (remove).
 */
export async function changeAttendees(api: WeComScheduleApi, change: AttendeeChange, lease: LockLease): Promise<void> {
  const userIds = checkedUserIds(change);
  let applied = 0;
  for (let offset = 0; offset < userIds.length; offset += ATTENDEES_PER_CALL) {
    const chunk = userIds.slice(offset, offset + ATTENDEES_PER_CALL);
    try {
      lease.assertHeld(); // each chunk is a write of its own
      if (change.kind === 'add') await api.addAttendees(change.current.id, chunk);
      else await api.removeAttendees(change.current.id, chunk);
    } catch (error) {
      throw applied > 0 && error instanceof GatewayError ? partialFailure(error, applied, userIds.length) : error;
    }
    applied += chunk.length;
  }
}

/** The schedule as the change left it, for when reading it back fails. */
export function withAttendeeChange(change: AttendeeChange): Schedule {
  const { current, userIds } = change;
  const changed = new Set(userIds);
  const kept = current.attendees.filter((attendee) => change.kind === 'add' || !changed.has(attendee.userId));
  const known = new Set(kept.map((attendee) => attendee.userId));
  const added = change.kind === 'add' ? [...changed].filter((userId) => !known.has(userId)) : [];
  return { ...current, attendees: [...kept, ...added.map((userId) => ({ userId, response: AttendeeResponse.PENDING }))] };
}

/**
 * The distinct user ids of a change, each a valid WeCom userid. Needs no schedule, so it runs before
 * any WeCom call: an add of more distinct ids than a schedule can hold is refused whatever it holds.
 */
export function distinctUserIds(kind: AttendeeChange['kind'], userIds: readonly string[]): string[] {
  const distinct = [...new Set(userIds)];
  if (distinct.length === 0) throw new UserInputError('userIds', 'must name at least one user');
  distinct.forEach((userId, index) => {
    const bytes = Buffer.byteLength(userId, 'utf8');
    if (bytes < 1 || bytes > ScheduleLimits.userIdMaxBytes) {
      throw new UserInputError(`userIds[${index}]`, `must be 1 to ${ScheduleLimits.userIdMaxBytes} bytes`);
    }
  });
  if (kind === 'add' && distinct.length > ScheduleLimits.attendeesMax) {
    throw new UserInputError(
      'userIds',
      `names ${distinct.length} distinct users; a schedule holds at most ${ScheduleLimits.attendeesMax} attendees`,
    );
  }
  return distinct;
}

/** The change's user ids (checked as distinctUserIds does); an add must keep the schedule within 1,000 attendees. */
function checkedUserIds(change: AttendeeChange): string[] {
  const userIds = distinctUserIds(change.kind, change.userIds);
  if (change.kind === 'add') {
    const attending = new Set(change.current.attendees.map((attendee) => attendee.userId));
    const total = attending.size + userIds.filter((userId) => !attending.has(userId)).length;
    if (total > ScheduleLimits.attendeesMax) {
      throw new UserInputError('userIds', `would make ${total} attendees; WeCom allows at most ${ScheduleLimits.attendeesMax}`);
    }
  }
  return userIds;
}

function partialFailure(error: GatewayError, applied: number, total: number): GatewayError {
  return new GatewayError(
    `${error.message}; the first ${applied} of ${total} user ids were applied (repeating the whole call is safe)`,
    error.code,
    { ...error.extensions, appliedUserIds: applied, totalUserIds: total },
  );
}
