import { identityOf, type EmulatorApp } from './app-identity';
import { attendeeHandlers } from './attendee-routes';
import { calendarHandlers } from './calendar-routes';
import { isJsonObject, type JsonObject } from './schedule-rules';
import { scheduleHandlers, type AppHandler } from './schedule-routes';
import type { ScheduleStore } from './schedule-store';
import type { TokenRegistry } from './token-registry';
import type { UserDirectory } from './user-directory';
import { WeComError } from './wecom-errors';
import type { CalendarAdminsKey } from './wire-calendar';

/** A parsed request as the routes see it. */
export interface RouteRequest {
  method: string;
  query: Record<string, string>;
  /** Parsed JSON, or undefined when the body was empty or not JSON. */
  json: unknown;
}

type PublicHandler = (query: Record<string, string>) => JsonObject;

/** 'public' routes take query parameters (gettoken); 'app' routes need an access_token and a JSON POST body. */
type Route = { kind: 'public'; handle: PublicHandler } | { kind: 'app'; handle: AppHandler };

export interface RouteDeps {
  apps: readonly EmulatorApp[];
  tokens: TokenRegistry;
  store: ScheduleStore;
  directory: UserDirectory;
  /** Key calendar/get uses for a calendar's admins (WECOM.md 0: the doc examples spell it `adminis`). */
  calendarAdminsKey: CalendarAdminsKey;
}

/** Path → route: gettoken, then every `oa/*` endpoint (schedules, attendee edits, calendars). */
export function buildRouteTable(deps: RouteDeps): ReadonlyMap<string, Route> {
  const table = new Map<string, Route>();
  table.set('/cgi-bin/gettoken', { kind: 'public', handle: (query) => getToken(deps, query) });
  const calendarDeps = { store: deps.store, directory: deps.directory, adminsKey: deps.calendarAdminsKey };
  const appHandlers = [scheduleHandlers(deps.store), attendeeHandlers(deps.store), calendarHandlers(calendarDeps)];
  for (const handlers of appHandlers) {
    for (const [path, handle] of handlers) table.set(path, { kind: 'app', handle });
  }
  return table;
}

/**
 * Runs a route; throws WeComError for WeCom-level errors. Checks run in WeCom's order: token, frequency
 * limit (`admit`, per corp: it needs the token's app), method, body.
 */
export function runRoute(
  route: Route,
  request: RouteRequest,
  tokens: TokenRegistry,
  admit?: (corpId: string) => void,
): JsonObject {
  if (route.kind === 'public') return route.handle(request.query);
  const caller = tokens.authenticate(request.query.access_token);
  admit?.(caller.corpId);
  // WECOM.md 6: 40058 covers "GET instead of POST" and bad JSON alike.
  if (request.method !== 'POST') throw new WeComError(40058, 'invalid request method, POST required');
  if (!isJsonObject(request.json)) throw new WeComError(40058, 'invalid json body');
  return route.handle(caller, request.json);
}

/**
 * `GET /cgi-bin/gettoken?corpid&corpsecret` (doc 91039) → `{access_token, expires_in}`.
 * 41002 corpid missing, 41004 secret missing, 40013 unknown corpid, 40001 wrong secret for that corp.
 * [U] any HTTP method is accepted, as the parameters are read from the query only.
 */
function getToken(deps: RouteDeps, query: Record<string, string>): JsonObject {
  if (!query.corpid) throw new WeComError(41002);
  if (!query.corpsecret) throw new WeComError(41004);
  const corpApps = deps.apps.filter((app) => app.corpId === query.corpid);
  if (corpApps.length === 0) throw new WeComError(40013);
  const app = corpApps.find((candidate) => candidate.corpSecret === query.corpsecret);
  if (!app) throw new WeComError(40001);
  return { ...deps.tokens.obtain(identityOf(app)) };
}
