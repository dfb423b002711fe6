import { Fixtures, scheduleInput, wireSchedule } from './fixtures';
import { CREATE_SCHEDULE, GET_SCHEDULE, GET_SCHEDULES, UPDATE_SCHEDULE, graphqlBody } from './operations';

/** What the load generator sends for one scenario against one target: POST bodies used in rotation. */
export interface RequestPlan {
  path: string;
  bodies: string[];
  /** Extra request headers (a credential). */
  headers?: Record<string, string>;
  /** Cheap check of every response body; a false counts as an error ("mismatch"). */
  verify(body: string): boolean;
}

export type ScenarioName = 'one-by-id' | 'hundred-by-id' | 'create' | 'update';

export interface Scenario {
  name: ScenarioName;
  title: string;
  /** The same operation as GraphQL (peer and gateway) ... */
  graphql(fixtures: Fixtures): RequestPlan;
  /** ... and as the single WeCom call it comes down to, straight to the emulator (the floor). */
  direct(fixtures: Fixtures): RequestPlan;
}

export const HUNDRED = 100;
const WINDOWS = 64;

/** `n` windows of `size` consecutive seeded ids, spread over the pool. */
export function idWindows(ids: string[], size: number, n = WINDOWS): string[][] {
  return Array.from({ length: n }, (_, i) => {
    const start = Math.floor((i * (ids.length - size)) / Math.max(1, n - 1));
    return ids.slice(start, start + size);
  });
}

const graphqlOk = (body: string) => body.startsWith('{"data":{') && !body.includes('"errors"');
/** A null list item (a missing schedule) prints as `[null` or `,null`; null fields print as `:null`. */
const noNullItem = (body: string) => !body.includes('[null') && !body.includes(',null');
const wecomOk = (body: string) => body.startsWith('{"errcode":0,');
const direct = (token: string, endpoint: string) => `/cgi-bin/oa/schedule/${endpoint}?access_token=${encodeURIComponent(token)}`;

export const SCENARIOS: Scenario[] = [
  {
    name: 'one-by-id',
    title: 'one schedule by id',
    graphql: ({ ids }) => ({
      path: '/graphql',
      bodies: ids.map((id) => graphqlBody(GET_SCHEDULE, { id })),
      verify: (body) => graphqlOk(body) && !body.includes('"schedule":null'),
    }),
    direct: ({ ids, token }) => ({
      path: direct(token, 'get'),
      bodies: ids.map((id) => JSON.stringify({ schedule_id_list: [id] })),
      verify: (body) => wecomOk(body) && body.includes('"schedule_list":[{'),
    }),
  },
  {
    name: 'hundred-by-id',
    title: '100 schedules by id, one operation',
    graphql: ({ ids }) => ({
      path: '/graphql',
      bodies: idWindows(ids, HUNDRED).map((window) => graphqlBody(GET_SCHEDULES, { ids: window })),
      verify: (body) => graphqlOk(body) && noNullItem(body),
    }),
    direct: ({ ids, token }) => ({
      path: direct(token, 'get'),
      bodies: idWindows(ids, HUNDRED).map((window) => JSON.stringify({ schedule_id_list: window })),
      verify: (body) => wecomOk(body) && body.includes('"schedule_list":[{'),
    }),
  },
  {
    name: 'create',
    title: 'create',
    graphql: () => ({
      path: '/graphql',
      bodies: Array.from({ length: 16 }, (_, i) => graphqlBody(CREATE_SCHEDULE, { input: scheduleInput(`Bench create ${i}`) })),
      verify: graphqlOk,
    }),
    direct: ({ token }) => ({
      path: direct(token, 'add'),
      bodies: Array.from({ length: 16 }, (_, i) => JSON.stringify({ schedule: wireSchedule(`Bench create ${i}`) })),
      verify: (body) => wecomOk(body) && body.includes('"schedule_id"'),
    }),
  },
  {
    name: 'update',
    title: 'update (patch: summary only)',
    graphql: ({ ids }) => ({
      path: '/graphql',
      bodies: ids.map((id, i) => graphqlBody(UPDATE_SCHEDULE, { input: { id, summary: `Bench update ${i}` } })),
      verify: graphqlOk,
    }),
    // The floor of a patch is the one full write WeCom needs (the caller already knows every field).
    direct: ({ ids, token }) => ({
      path: direct(token, 'update'),
      bodies: ids.map((id, i) => JSON.stringify({ skip_attendees: 1, schedule: wireSchedule(`Bench update ${i}`, id) })),
      verify: wecomOk,
    }),
  },
];
