import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { startStandaloneServer } from '@apollo/server/standalone';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'graphql';
import { DateTimeResolver } from 'graphql-scalars';

/**
 * A meeting-room team's subgraph, as a test fixture for composing with the schedules subgraph.
 *
 * Design, as that team would do it:
 * - It owns `Room` and `Booking` and stores a booking's WeCom `scheduleId` as a plain column. It never
 *   calls WeCom: `Booking.schedule` is only a reference `{ id }` that the router resolves through the
 *   schedules subgraph (`_entities`, batched there onto schedule/get).
 * - It contributes one field, `Schedule.booking`, to the schedules subgraph's entity. Its
 *   `__resolveReference` answers for any schedule id (it cannot know which exist in WeCom, and need
 *   not: the schedules subgraph decides whether the schedule itself is null); `booking` finds the
 *   booking by scheduleId through a unique index.
 * - At most one booking per schedule (the store refuses a second): a WeCom schedule has one location,
 *   so "which room is this meeting in" has one answer, which is what makes `booking` a single value.
 * - Times are the team's own (a room may be held longer than the meeting), so there is no
 *   `@requires(fields: "startTime")`: composition and query plans stay simple, and a moved schedule
 *   does not silently move a booking.
 * - `DateTime` uses the same implementation (graphql-scalars) as the schedules subgraph, so
 *   `Booking.start` and `Schedule.startTime` serialize alike (UTC, e.g. 2026-12-01T02:00:00.000Z).
 * - Only `@key` is imported: no `@shareable`, `@external`, `@provides` or `@override` is needed, so no
 *   field is resolved by two subgraphs.
 */

export const MEETING_ROOM_SDL = readFileSync(join(__dirname, 'schema.graphql'), 'utf8');

export interface Room {
  id: string;
  name: string;
  capacity: number | null;
}

export interface Booking {
  id: string;
  roomId: string;
  start: Date;
  end: Date;
  /** WeCom schedule_id, or null for a walk-in booking. */
  scheduleId: string | null;
}

export interface NewBooking {
  id: string;
  roomId: string;
  start: string | Date;
  end: string | Date;
  scheduleId?: string | null;
}

export const ROOMS: readonly Room[] = [
  { id: 'r-301', name: 'Room 301', capacity: 8 },
  { id: 'r-302', name: 'Room 302', capacity: 12 },
  { id: 'atrium', name: 'Atrium', capacity: null },
];

/** The team's booking table, in memory: the test seeds it. */
export class BookingStore {
  private readonly rooms = new Map(ROOMS.map((room) => [room.id, room]));
  private readonly bookings = new Map<string, Booking>();
  private readonly byScheduleId = new Map<string, Booking>();

  add(input: NewBooking): Booking {
    const booking: Booking = {
      id: input.id,
      roomId: input.roomId,
      start: new Date(input.start),
      end: new Date(input.end),
      scheduleId: input.scheduleId ?? null,
    };
    if (this.bookings.has(booking.id)) throw new Error(`booking ${booking.id} exists`);
    if (!this.rooms.has(booking.roomId)) throw new Error(`no room ${booking.roomId}`);
    if (!(booking.start.getTime() < booking.end.getTime())) throw new Error(`booking ${booking.id}: start must be before end`);
    if (booking.scheduleId !== null && this.byScheduleId.has(booking.scheduleId)) {
      throw new Error(`schedule ${booking.scheduleId} already has a booking`);
    }
    this.bookings.set(booking.id, booking);
    if (booking.scheduleId !== null) this.byScheduleId.set(booking.scheduleId, booking);
    return booking;
  }

  /** Replaces every booking (rooms stay). */
  reset(bookings: NewBooking[] = []): void {
    this.bookings.clear();
    this.byScheduleId.clear();
    for (const booking of bookings) this.add(booking);
  }

  /** In start order, then id: how a room calendar lists them. */
  all(): Booking[] {
    return [...this.bookings.values()].sort((a, b) => a.start.getTime() - b.start.getTime() || a.id.localeCompare(b.id));
  }

  byId(id: string): Booking | undefined {
    return this.bookings.get(id);
  }

  forSchedule(scheduleId: string): Booking | undefined {
    return this.byScheduleId.get(scheduleId);
  }

  room(id: string): Room {
    const room = this.rooms.get(id);
    if (!room) throw new Error(`no room ${id}`);
    return room;
  }
}

/** What this subgraph holds for a `Schedule`: its key only. */
interface ScheduleReference {
  id: string;
}

export function meetingRoomResolvers(store: BookingStore) {
  return {
    DateTime: DateTimeResolver,
    Query: {
      bookings: () => store.all(),
      booking: (_: unknown, args: { id: string }) => store.byId(args.id) ?? null,
    },
    Booking: {
      __resolveReference: (reference: { id: string }) => store.byId(reference.id) ?? null,
      room: (booking: Booking) => store.room(booking.roomId),
      // A reference only: the schedules subgraph resolves the rest (and answers null for an id WeCom
      // does not know).
      schedule: (booking: Booking) => (booking.scheduleId === null ? null : { id: booking.scheduleId }),
    },
    Schedule: {
      // Any id is accepted: whether the schedule exists is the schedules subgraph's answer.
      __resolveReference: (reference: { id: string }): ScheduleReference => ({ id: reference.id }),
      // A field resolver, not a value filled in by __resolveReference: the router also reads
      // `Schedule.booking` straight off `Booking.schedule` in this subgraph (booking -> schedule ->
      // booking is planned as one fetch here), where no reference is resolved.
      booking: (schedule: ScheduleReference) => store.forSchedule(schedule.id) ?? null,
    },
  };
}

export interface RunningMeetingRoomSubgraph {
  /** e.g. http://127.0.0.1:41234/ */
  url: string;
  store: BookingStore;
  stop(): Promise<void>;
}

/** Starts the subgraph on a free loopback port with an empty booking table. */
export async function startMeetingRoomSubgraph(): Promise<RunningMeetingRoomSubgraph> {
  const store = new BookingStore();
  const server = new ApolloServer({
    schema: buildSubgraphSchema([{ typeDefs: parse(MEETING_ROOM_SDL), resolvers: meetingRoomResolvers(store) }]),
    stopOnTerminationSignals: false,
    // No GraphOS usage reporting in this fixture, so no federated traces (ftv1) either.
    plugins: [ApolloServerPluginInlineTraceDisabled()],
  });
  const { url } = await startStandaloneServer(server, { listen: { port: 0, host: '127.0.0.1' } });
  return { url, store, stop: () => server.stop() };
}
