import { composeServices, type CompositionResult } from '@apollo/composition';
import { ApolloGateway, RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DocumentNode, parse, visit } from 'graphql';
import { CreateScheduleDocument, type CreateScheduleMutation } from '../../client/operations';
import { ServiceSdlDocument } from '../__generated__/operations';
import { scheduleInput } from '../helpers/fixtures';
import { SCHEDULE_GET, TestStack, startTestStack } from '../helpers/test-stack';
import { NewBooking, RunningMeetingRoomSubgraph, startMeetingRoomSubgraph } from './meeting-rooms/subgraph';

/**
 * The composition hints (by code) we decided to accept. Empty: the two subgraphs compose without any.
 * A new hint fails the first test; accept it here only with a reason next to it.
 */
const ACCEPTED_HINTS: string[] = [];

const SCHEDULES = 'schedules';
const MEETING_ROOMS = 'meeting-rooms';

type CreatedSchedule = CreateScheduleMutation['createSchedule'];

/** One subgraph fetch the router made, as seen by its data source. */
interface SubgraphFetch {
  subgraph: string;
  representations?: number;
}

/** The router's subgraph client, recording what it sends (to show query plans, not to change them). */
class RecordingDataSource extends RemoteGraphQLDataSource {
  constructor(
    url: string,
    private readonly subgraph: string,
    private readonly fetches: SubgraphFetch[],
  ) {
    super({ url });
  }

  override willSendRequest({ request }: GraphQLDataSourceProcessOptions): void {
    const representations = request.variables?.representations;
    this.fetches.push({ subgraph: this.subgraph, representations: Array.isArray(representations) ? representations.length : undefined });
  }
}

/** The SDL without @requiresScopes applications (what @apollo/gateway can load). */
function withoutScopeDirectives(document: DocumentNode): DocumentNode {
  return visit(document, { Directive: (node) => (node.name.value === 'requiresScopes' ? null : undefined) });
}

async function serviceSdl(url: string): Promise<string> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ _service { sdl } }' }),
  });
  const body = (await response.json()) as { data?: { _service?: { sdl?: string } } };
  const sdl = body.data?._service?.sdl;
  if (!sdl) throw new Error(`no _service.sdl from ${url}: ${JSON.stringify(body)}`);
  return sdl;
}

/** Runs `count` async tasks, at most `width` at a time, keeping their order. */
async function inParallel<T>(count: number, width: number, task: (index: number) => Promise<T>): Promise<T[]> {
  const results = new Array<T>(count);
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const index = next++;
      results[index] = await task(index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, count) }, worker));
  return results;
}

describe('supergraph: the schedules subgraph composed with a meeting-room subgraph, run through @apollo/gateway', () => {
  let stack: TestStack;
  let rooms: RunningMeetingRoomSubgraph;
  let composition: CompositionResult;
  let routable: CompositionResult;
  let router: ApolloServer | undefined;
  const fetches: SubgraphFetch[] = [];

  let review: CreatedSchedule;
  let standup: CreatedSchedule;
  let unbooked: CreatedSchedule;
  /** A schedule_id WeCom never issued: the booking system holds one after a schedule was purged. */
  const UNKNOWN_SCHEDULE = 'wcUnknownScheduleIdNeverIssued00';

  const seedBookings = (): NewBooking[] => [
    { id: 'b-review', roomId: 'r-301', start: '2026-12-01T01:45:00Z', end: '2026-12-01T03:00:00Z', scheduleId: review.id },
    { id: 'b-standup', roomId: 'atrium', start: '2026-12-02T01:00:00Z', end: '2026-12-02T01:15:00Z', scheduleId: standup.id },
    { id: 'b-stale', roomId: 'r-302', start: '2026-12-03T06:00:00Z', end: '2026-12-03T07:00:00Z', scheduleId: UNKNOWN_SCHEDULE },
    { id: 'b-walk-in', roomId: 'r-302', start: '2026-12-04T06:00:00Z', end: '2026-12-04T06:30:00Z', scheduleId: null },
  ];

  async function create(overrides: Parameters<typeof scheduleInput>[0]): Promise<CreatedSchedule> {
    const { data, errors } = await stack.graphql(CreateScheduleDocument, { input: scheduleInput(overrides) });
    if (!data) throw new Error(`createSchedule failed: ${JSON.stringify(errors)}`);
    return data.createSchedule;
  }

  /** Runs an operation through the router (in-process); the router calls both subgraphs over HTTP. */
  async function route<TData>(query: string, variables?: Record<string, unknown>) {
    if (!router) throw new Error('no router: composition failed (see the first test)');
    const response = await router.executeOperation<TData>({ query, variables });
    if (response.body.kind !== 'single') throw new Error('expected a single result');
    return response.body.singleResult;
  }

  beforeAll(async () => {
    stack = await startTestStack();
    rooms = await startMeetingRoomSubgraph();

    review = await create({
      summary: 'Design review',
      attendees: [{ userId: 'alice' }, { userId: 'bob' }, { userId: 'carol' }],
    });
    standup = await create({
      summary: 'Standup',
      location: 'Atrium',
      startTime: '2026-12-02T09:00:00+08:00',
      endTime: '2026-12-02T09:15:00+08:00',
      attendees: [{ userId: 'dave' }],
    });
    unbooked = await create({ summary: '1:1', location: 'Video call', attendees: [{ userId: 'erin' }] });
    rooms.store.reset(seedBookings());

    // Compose what each subgraph serves as _service { sdl }, as a router's build step would.
    const { data } = await stack.graphql(ServiceSdlDocument, {});
    const roomsSdl = parse(await serviceSdl(rooms.url));
    composition = composeServices([
      { name: SCHEDULES, typeDefs: parse(data!._service.sdl!), url: stack.gateway.url },
      { name: MEETING_ROOMS, typeDefs: roomsSdl, url: rooms.url },
    ]);
    if (composition.errors) return; // the first test reports them
    // @apollo/gateway cannot enforce @requiresScopes and refuses a supergraph that declares them (see
    // the test below); the query-plan tests route through one composed without them.
    routable = composeServices([
      { name: SCHEDULES, typeDefs: withoutScopeDirectives(parse(data!._service.sdl!)), url: stack.gateway.url },
      { name: MEETING_ROOMS, typeDefs: roomsSdl, url: rooms.url },
    ]);
    if (routable.errors) throw new Error(`composition without @requiresScopes failed: ${routable.errors.join('; ')}`);

    const artifacts = join(__dirname, '..', 'artifacts');
    mkdirSync(artifacts, { recursive: true });
    writeFileSync(join(artifacts, 'supergraph.graphql'), composition.supergraphSdl);

    const gateway = new ApolloGateway({
      supergraphSdl: routable.supergraphSdl,
      buildService: ({ name, url }) => new RecordingDataSource(url!, name, fetches),
    });
    router = new ApolloServer({ gateway, stopOnTerminationSignals: false });
    await router.start();
  }, 60_000);

  afterAll(async () => {
    await router?.stop();
    await rooms?.stop();
    await stack?.stop();
  });

  beforeEach(() => {
    stack.emulator.resetCalls();
    fetches.length = 0;
  });

  it('composes without errors and with only the accepted hints; the supergraph has Booking and Schedule.booking', () => {
    expect(composition.errors).toBeUndefined();
    expect((composition.hints ?? []).map((hint) => `${hint.definition.code}: ${hint.message}`)).toEqual(
      ACCEPTED_HINTS.map((code) => expect.stringMatching(new RegExp(`^${code}: `))),
    );

    const supergraph = composition.supergraphSdl!;
    expect(supergraph).toMatch(/join__graph\(name: "schedules", url: "http:\/\/127\.0\.0\.1:\d+\/graphql"\)/);
    expect(supergraph).toMatch(/join__graph\(name: "meeting-rooms", url: "http:\/\/127\.0\.0\.1:\d+\/"\)/);
    expect(supergraph).toMatch(/type Booking\s+@join__type\(graph: MEETING_ROOMS, key: "id"\)/);
    expect(supergraph).toMatch(
      /type Schedule\s+@join__type\(graph: MEETING_ROOMS, key: "id"\)\s+@join__type\(graph: SCHEDULES, key: "id"\)/,
    );
    expect(supergraph).toMatch(/\n\s+booking: Booking @join__field\(graph: MEETING_ROOMS\)\n/);
    expect(supergraph).toMatch(/\n\s+summary: String @join__field\(graph: SCHEDULES\)\n/);
  });

  it('keeps Subscription.scheduleChanged, routed to the schedules subgraph (a router passes it through over graphql_ws), with the read scope', () => {
    const supergraph = composition.supergraphSdl!;
    expect(supergraph).toMatch(/\n\s+subscription: Subscription\n/);
    expect(supergraph).toMatch(
      /type Subscription\s+@join__type\(graph: SCHEDULES\)\s*\{[^}]*\n\s+scheduleChanged\(after: String, calendarId: ID\): ScheduleChange! @requiresScopes\(scopes: \[\["schedules:read"\], \["schedules:write"\]\]\)\n/,
    );
  });

  it('carries the scopes the schedules subgraph declares (@requiresScopes) into the supergraph, for a router to enforce', () => {
    const supergraph = composition.supergraphSdl!;
    const READ = '@requiresScopes(scopes: [["schedules:read"], ["schedules:write"]])';
    const WRITE = '@requiresScopes(scopes: [["schedules:write"]])';
    expect(supergraph).toContain('@link(url: "https://specs.apollo.dev/requiresScopes/v0.1", for: SECURITY)');
    expect(supergraph).toContain(`schedule(id: ID!): Schedule @join__field(graph: SCHEDULES) ${READ}\n`);
    expect(supergraph).toContain(`calendars(ids: [ID!]!): [Calendar]! @join__field(graph: SCHEDULES) ${READ}\n`);
    expect(supergraph).toMatch(new RegExp(`createSchedule\\((?:(?!\\n  \\w)[\\s\\S])*?\\): Schedule! ${WRITE.replace(/[()[\]]/g, '\\$&')}\n`));
    expect(supergraph).toContain(`deleteCalendar(id: ID!): DeleteCalendarPayload! ${WRITE}\n`);
    // On the entity itself, so that Booking.schedule (reached through _entities, no root field of ours) is covered too.
    expect(supergraph).toMatch(new RegExp(`type Schedule\\n(\\s+@join__type\\(.*\\)\\n)+\\s+${READ.replace(/[()[\]]/g, '\\$&')}\\n`));
    // The meeting-room team's own types stay unprotected.
    expect(supergraph).not.toMatch(/type Booking[^{]*@requiresScopes/);
  });

  it('cannot be loaded by @apollo/gateway, which does not enforce @requiresScopes and refuses such a supergraph (fails closed)', async () => {
    const gateway = new ApolloGateway({ supergraphSdl: composition.supergraphSdl! });
    await expect(gateway.load()).rejects.toThrow(/requiresScopes\/v0\.1 is for: SECURITY but is unsupported/);
  });

  it('lists bookings with their WeCom schedules and attendees; an unknown schedule is null without failing the others', async () => {
    type Result = {
      bookings: {
        id: string;
        room: { name: string };
        start: string;
        scheduleId: string | null;
        schedule: { id: string; summary: string | null; startTime: string; attendees: { userId: string; response: string | null }[] } | null;
      }[];
    };
    const result = await route<Result>(`
      query BookingsWithSchedules {
        bookings {
          id
          room { name }
          start
          scheduleId
          schedule { id summary startTime attendees { userId response } }
        }
      }
    `);

    expect(result.errors).toBeUndefined();
    expect(result.data!.bookings).toEqual([
      {
        id: 'b-review',
        room: { name: 'Room 301' },
        start: '2026-12-01T01:45:00.000Z',
        scheduleId: review.id,
        schedule: { id: review.id, summary: 'Design review', startTime: review.startTime, attendees: review.attendees },
      },
      {
        id: 'b-standup',
        room: { name: 'Atrium' },
        start: '2026-12-02T01:00:00.000Z',
        scheduleId: standup.id,
        schedule: { id: standup.id, summary: 'Standup', startTime: standup.startTime, attendees: standup.attendees },
      },
      { id: 'b-stale', room: { name: 'Room 302' }, start: '2026-12-03T06:00:00.000Z', scheduleId: UNKNOWN_SCHEDULE, schedule: null },
      { id: 'b-walk-in', room: { name: 'Room 302' }, start: '2026-12-04T06:00:00.000Z', scheduleId: null, schedule: null },
    ]);
    // What was created, as WeCom holds it.
    expect(review.startTime).toBe('2026-12-01T02:00:00.000Z');
    expect(review.attendees).toEqual([
      { userId: 'alice', response: 'PENDING' },
      { userId: 'bob', response: 'PENDING' },
      { userId: 'carol', response: 'PENDING' },
    ]);
    expect(standup.attendees).toEqual([{ userId: 'dave', response: 'PENDING' }]);

    // Plan: bookings from meeting-rooms, then one _entities fetch for the three referenced schedules
    // (the walk-in has none), answered with one schedule/get.
    expect(fetches).toEqual([{ subgraph: MEETING_ROOMS }, { subgraph: SCHEDULES, representations: 3 }]);
    expect(stack.emulator.callCount(SCHEDULE_GET)).toBe(1);
  });

  it('answers schedule { id } from the booking\'s reference alone, without asking WeCom (even for an unknown id)', async () => {
    type Result = { booking: { schedule: { id: string } | null } | null };
    const result = await route<Result>(`query StaleReference($id: ID!) { booking(id: $id) { schedule { id } } }`, { id: 'b-stale' });
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({ booking: { schedule: { id: UNKNOWN_SCHEDULE } } });
    expect(fetches).toEqual([{ subgraph: MEETING_ROOMS }]);
    expect(stack.emulator.callCount(SCHEDULE_GET)).toBe(0);
  });

  it('reads a schedule with its booking, and schedules with a mix of booked, unbooked and unknown ids', async () => {
    type One = { schedule: { summary: string | null; booking: { id: string; room: { name: string } } | null } | null };
    const one = await route<One>(
      `query ScheduleWithBooking($id: ID!) { schedule(id: $id) { summary booking { id room { name } } } }`,
      { id: review.id },
    );
    expect(one.errors).toBeUndefined();
    expect(one.data).toEqual({ schedule: { summary: 'Design review', booking: { id: 'b-review', room: { name: 'Room 301' } } } });
    expect(fetches).toEqual([{ subgraph: SCHEDULES }, { subgraph: MEETING_ROOMS, representations: 1 }]);

    fetches.length = 0;
    type Many = { schedules: ({ id: string; summary: string | null; booking: { id: string; start: string; room: { name: string; capacity: number | null } } | null } | null)[] };
    const many = await route<Many>(
      `query SchedulesWithBookings($ids: [ID!]!) {
        schedules(ids: $ids) { id summary booking { id start room { name capacity } } }
      }`,
      { ids: [unbooked.id, standup.id, 'no-such-schedule', review.id] },
    );
    expect(many.errors).toBeUndefined();
    expect(many.data!.schedules).toEqual([
      { id: unbooked.id, summary: '1:1', booking: null },
      { id: standup.id, summary: 'Standup', booking: { id: 'b-standup', start: '2026-12-02T01:00:00.000Z', room: { name: 'Atrium', capacity: null } } },
      null,
      { id: review.id, summary: 'Design review', booking: { id: 'b-review', start: '2026-12-01T01:45:00.000Z', room: { name: 'Room 301', capacity: 8 } } },
    ]);
    // The null schedule is not sent to meeting-rooms.
    expect(fetches).toEqual([{ subgraph: SCHEDULES }, { subgraph: MEETING_ROOMS, representations: 3 }]);
    expect(stack.emulator.callCount(SCHEDULE_GET)).toBe(2);
  });

  it('goes booking -> schedule -> booking: Schedule.booking is read where the reference was made', async () => {
    type Result = { booking: { id: string; schedule: { summary: string | null; booking: { id: string } | null } | null } | null };
    const result = await route<Result>(
      `query RoundTrip($id: ID!) { booking(id: $id) { id schedule { summary booking { id } } } }`,
      { id: 'b-standup' },
    );
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({ booking: { id: 'b-standup', schedule: { summary: 'Standup', booking: { id: 'b-standup' } } } });
    // The planner takes schedule { booking } from meeting-rooms in the same fetch as booking(id), with
    // no _entities there: so Schedule.booking must be a field resolver, not filled by __resolveReference.
    expect(fetches).toEqual([{ subgraph: MEETING_ROOMS }, { subgraph: SCHEDULES, representations: 1 }]);
  });

  describe('batching through the router', () => {
    const BOOKINGS = 1200;
    let schedules: CreatedSchedule[];

    beforeAll(async () => {
      schedules = await inParallel(BOOKINGS, 16, (i) => create({ summary: `batch ${i}`, attendees: [{ userId: `u${i}` }] }));
    }, 120_000);

    afterAll(() => rooms.store.reset(seedBookings()));

    /** `count` bookings, each for its own schedule (one booking per schedule). */
    function bookEach(count: number): void {
      rooms.store.reset(
        schedules.slice(0, count).map((schedule, i) => ({
          id: `batch-${String(i).padStart(4, '0')}`,
          roomId: 'r-301',
          start: new Date(Date.UTC(2027, 0, 1) + i * 3_600_000),
          end: new Date(Date.UTC(2027, 0, 1) + i * 3_600_000 + 1_800_000),
          scheduleId: schedule.id,
        })),
      );
    }

    type Result = { bookings: { id: string; schedule: { id: string; summary: string | null; attendees: { userId: string }[] } | null }[] };
    const QUERY = `query BatchedBookings { bookings { id schedule { id summary attendees { userId } } } }`;

    it.each([
      [500, 1],
      [1200, 2],
    ])('resolves %i bookings with their schedules with %i schedule/get call(s)', async (count, calls) => {
      bookEach(count);
      stack.emulator.resetCalls();
      fetches.length = 0;

      const result = await route<Result>(QUERY);

      expect(result.errors).toBeUndefined();
      const bookings = result.data!.bookings;
      expect(bookings).toHaveLength(count);
      bookings.forEach((booking, i) => {
        expect(booking.schedule).toEqual({ id: schedules[i].id, summary: `batch ${i}`, attendees: [{ userId: `u${i}` }] });
      });
      // One _entities fetch with every representation; the subgraph's loader splits it per 1,000 ids.
      expect(fetches).toEqual([{ subgraph: MEETING_ROOMS }, { subgraph: SCHEDULES, representations: count }]);
      expect(stack.emulator.callCount(SCHEDULE_GET)).toBe(calls);
      const sizes = stack.emulator.calls(SCHEDULE_GET).map((call) => (call.body as { schedule_id_list: string[] }).schedule_id_list.length);
      expect(sizes.sort((a, b) => b - a)).toEqual(count === 500 ? [500] : [1000, 200]);
    });
  });
});
