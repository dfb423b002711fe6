import { createHash, randomBytes } from 'node:crypto';
import { Agent, request } from 'undici';
import type { ApiKeyEntry } from '../../src/callers/auth-settings';
import { Scope } from '../../src/callers/caller';
import type { GraphQLErrorBody } from './test-stack';

/** A fresh random API key and its API_KEYS_FILE entry (the sha256 only, as the README says). */
export function newApiKey(name: string, scopes: Scope[]): { key: string; entry: ApiKeyEntry } {
  const key = randomBytes(32).toString('base64url');
  return { key, entry: { name, sha256: createHash('sha256').update(key).digest('hex'), scopes } };
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  data?: Record<string, unknown> | null;
  errors?: GraphQLErrorBody[];
  text: string;
}

const agent = new Agent({ keepAliveTimeout: 10 });

/** POSTs a GraphQL operation with the given headers (say, Authorization). */
export async function postGraphQL(
  url: string,
  body: { query: string; variables?: Record<string, unknown>; operationName?: string },
  headers: Record<string, string> = {},
): Promise<RawResponse> {
  const response = await request(url, {
    method: 'POST',
    dispatcher: agent,
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  const text = await response.body.text();
  return { status: response.statusCode, headers: response.headers, text, ...(JSON.parse(text) as object) };
}

/** A query over GET, as a CDN or a browser would send it (CSRF prevention wants a preflight header). */
export async function getGraphQL(url: string, query: string, headers: Record<string, string> = {}): Promise<RawResponse> {
  const response = await request(`${url}?query=${encodeURIComponent(query)}`, {
    method: 'GET',
    dispatcher: agent,
    headers: { 'apollo-require-preflight': 'true', ...headers },
  });
  const text = await response.body.text();
  return { status: response.statusCode, headers: response.headers, text, ...(JSON.parse(text) as object) };
}

export const bearer = (credential: string) => ({ authorization: `Bearer ${credential}` });

/** One operation of each kind a caller can send, for the "every kind" tests. */
/** Every row has all three items: jest's it.each would take a missing one for the `done` callback. */
export const OPERATIONS_OF_EVERY_KIND: [string, string, Record<string, unknown>][] = [
  ['query', 'query One($id: ID!) { schedule(id: $id) { id summary } }', { id: 'some-schedule' }],
  ['mutation', 'mutation Create($input: CreateScheduleInput!) { createSchedule(input: $input) { id } }', {
    input: { summary: 'x', startTime: '2026-12-01T10:00:00+08:00', endTime: '2026-12-01T11:00:00+08:00' },
  }],
  ['calendar mutation', 'mutation { createCalendar(input: { summary: "Rooms", color: "#336699" }) { calendar { id } } }', {}],
  ['introspection', '{ __schema { queryType { name } } }', {}],
  ['_service', '{ _service { sdl } }', {}],
  ['_entities', 'query E($r: [_Any!]!) { _entities(representations: $r) { ... on Schedule { id summary } } }', {
    r: [{ __typename: 'Schedule', id: 'some-schedule' }],
  }],
];
