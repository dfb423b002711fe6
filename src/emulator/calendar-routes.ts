import { checkAgentId, type AppIdentity } from './app-identity';
import { checkColorPresent, checkCorpRange, parseCalendarInput, parseCalIdList, type CalendarInput } from './calendar-rules';
import type { OwnedCalendar } from './calendar-store';
import type { AppHandler } from './schedule-routes';
import { isJsonObject, parseFlag, requiredCalId, type JsonObject } from './schedule-rules';
import type { ScheduleStore } from './schedule-store';
import type { UserDirectory } from './user-directory';
import { WeComError, baseErrmsg } from './wecom-errors';
import {
  calendarToWire,
  emptyPublicRange,
  type CalendarAdminsKey,
  type CalendarFields,
  type WireCalendarShare,
  type WirePublicRange,
} from './wire-calendar';

export interface CalendarRouteDeps {
  store: ScheduleStore;
  directory: UserDirectory;
  adminsKey: CalendarAdminsKey;
}

/** Calendar endpoints by path (WECOM.md 3). */
export function calendarHandlers(deps: CalendarRouteDeps): ReadonlyMap<string, AppHandler> {
  return new Map<string, AppHandler>([
    ['/cgi-bin/oa/calendar/add', (caller, body) => addCalendar(deps, caller, body)],
    ['/cgi-bin/oa/calendar/update', (caller, body) => updateCalendar(deps, caller, body)],
    ['/cgi-bin/oa/calendar/get', (caller, body) => getCalendars(deps, caller, body)],
    ['/cgi-bin/oa/calendar/del', (caller, body) => deleteCalendar(deps, caller, body)],
  ]);
}

/**
 * `calendar/add` (doc 93647/93702/96823) → `{cal_id}`, plus `fail_result.shares` for members that failed
 * (overall errcode stays 0). [U] a corp calendar is stored with is_public=1 (the doc calls it public).
 */
function addCalendar(deps: CalendarRouteDeps, caller: AppIdentity, body: JsonObject): JsonObject {
  checkAgentId(caller, body.agentid);
  const input = parseCalendarInput(body.calendar);
  const isCorp = input.isCorpCalendar === 1;
  checkColorPresent(input, isCorp);
  const range = input.publicRange ?? emptyPublicRange();
  checkCorpRange(isCorp, range);
  const screened = screenShares(deps.directory, input.shares);
  const fields = toFields(input, screened.accepted, range, { isPublic: isCorp ? 1 : (input.isPublic ?? 0), isCorp });
  const calId = deps.store.calendars.create(caller, fields, input.setAsDefault === 1);
  return { cal_id: calId, ...screened.failResult };
}

/**
 * `calendar/update` (doc 97716/97783/97758): full replacement like schedule/update: admins, description and
 * shares not sent are cleared; public_range too unless `skip_public_range=1`. is_public / is_corp_calendar are
 * immutable: sent with another value → 40058. [U] set_as_default is ignored on update.
 */
function updateCalendar(deps: CalendarRouteDeps, caller: AppIdentity, body: JsonObject): JsonObject {
  const skipPublicRange = parseFlag(body, 'skip_public_range') === 1;
  if (!isJsonObject(body.calendar)) throw new WeComError(40058, 'missing parameter calendar');
  const calId = requiredCalId(body.calendar);
  const input = parseCalendarInput(body.calendar);
  const current = deps.store.calendars.owned(caller, calId);
  checkImmutable(input, current);
  const isCorp = current.fields.is_corp_calendar === 1;
  checkColorPresent(input, isCorp);
  const range = skipPublicRange ? current.fields.public_range : (input.publicRange ?? emptyPublicRange());
  checkCorpRange(isCorp, range);
  const screened = screenShares(deps.directory, input.shares);
  const fields = toFields(input, screened.accepted, range, { isPublic: current.fields.is_public, isCorp });
  deps.store.calendars.replace(calId, fields);
  return { ...screened.failResult };
}

/**
 * `calendar/get` (doc 97717): `cal_id_list` (1..1000) → `{calendar_list}`. Unknown, deleted and other apps'
 * ids are absent; [U] a repeated id is returned once. [U] WeCom documents no order: answered in reverse
 * request order, so a client that maps by position fails.
 */
function getCalendars(deps: CalendarRouteDeps, caller: AppIdentity, body: JsonObject): JsonObject {
  const ids = [...new Set(parseCalIdList(body.cal_id_list))].reverse();
  const found = ids.map((id) => deps.store.calendars.visible(caller, id));
  const list = found.filter((calendar) => calendar !== undefined);
  return { calendar_list: list.map((calendar) => calendarToWire(calendar.calId, calendar.fields, deps.adminsKey)) };
}

/**
 * `calendar/del` (doc 97718): unknown → 90457, already deleted → 90459, another app's → 90466.
 * [U] The calendar's schedules stay readable through schedule/get; new ones cannot be added (90459).
 */
function deleteCalendar(deps: CalendarRouteDeps, caller: AppIdentity, body: JsonObject): JsonObject {
  const calId = requiredCalId(body);
  deps.store.calendars.owned(caller, calId);
  deps.store.calendars.markDeleted(calId);
  return {};
}

function checkImmutable(input: CalendarInput, current: OwnedCalendar): void {
  if (input.isPublic !== undefined && input.isPublic !== current.fields.is_public) {
    throw new WeComError(40058, 'is_public can not be changed');
  }
  if (input.isCorpCalendar !== undefined && input.isCorpCalendar !== current.fields.is_corp_calendar) {
    throw new WeComError(40058, 'is_corp_calendar can not be changed');
  }
}

function toFields(
  input: CalendarInput,
  shares: WireCalendarShare[],
  range: WirePublicRange,
  kind: { isPublic: number; isCorp: boolean },
): CalendarFields {
  return {
    admins: input.admins,
    summary: input.summary,
    color: input.color,
    description: input.description,
    shares,
    is_public: kind.isPublic,
    public_range: range,
    is_corp_calendar: kind.isCorp ? 1 : 0,
  };
}

interface ScreenedShares {
  accepted: WireCalendarShare[];
  /** `{}` when every member was fine ([U] the key is then left out), else `{fail_result: {shares}}`. */
  failResult: JsonObject;
}

/** Members unknown to the corp (markUnknownUsers) fail one by one with 60111 and are not shared with. */
function screenShares(directory: UserDirectory, shares: WireCalendarShare[]): ScreenedShares {
  const accepted = shares.filter((share) => directory.exists(share.userid));
  const failed = shares.filter((share) => !directory.exists(share.userid));
  if (failed.length === 0) return { accepted, failResult: {} };
  const items = failed.map((share) => ({ errcode: 60111, errmsg: baseErrmsg(60111), userid: share.userid }));
  return { accepted, failResult: { fail_result: { shares: items } } };
}
