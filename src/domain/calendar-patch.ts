import { UserInputError } from '../errors/gateway-error';
import { patched } from './patch-value';
import { Calendar, CalendarFields, CalendarShare, PublicRange, SharePermission } from './calendar';

/** What a caller may send for a calendar. `undefined` = left out (keep), `null` = clear. */
export interface CalendarPatch {
  summary?: string | null;
  color?: string | null;
  description?: string | null;
  admins?: string[] | null;
  shares?: { userId: string; permission?: SharePermission | null }[] | null;
  publicRange?: { userIds?: string[] | null; departmentIds?: number[] | null } | null;
}

export interface CreateCalendarCommand extends CalendarPatch {
  summary: string;
  isPublic?: boolean | null;
  isCorpCalendar?: boolean | null;
  setAsDefault?: boolean | null;
}

export interface PatchedCalendar {
  fields: CalendarFields;
  /** The public range was not given: tell WeCom to keep its own (`skip_public_range`). */
  keepPublicRange: boolean;
}

const shares = (given: CalendarPatch['shares']): CalendarShare[] =>
  (given ?? []).map((share) => ({ userId: share.userId, permission: share.permission ?? SharePermission.VIEW }));

const publicRange = (given: CalendarPatch['publicRange']): PublicRange | null =>
  given ? { userIds: given.userIds ?? [], departmentIds: given.departmentIds ?? [] } : null;

export function calendarFieldsForCreate(input: CreateCalendarCommand): CalendarFields {
  return {
    summary: input.summary,
    color: input.color ?? null,
    description: input.description ?? null,
    admins: input.admins ?? [],
    shares: shares(input.shares),
    publicRange: publicRange(input.publicRange),
    isPublic: input.isPublic ?? false,
    isCorpCalendar: input.isCorpCalendar ?? false,
    setAsDefault: input.setAsDefault ?? false,
  };
}

/** The full calendar to send for a patch of `current`; WeCom's calendar/update overwrites. */
/** Needs no stored calendar: checked before anything is read. */
export function rejectNullCalendarSummary(patch: CalendarPatch): void {
  if (patch.summary === null) throw new UserInputError('input.summary', 'cannot be null');
}

export function applyCalendarPatch(current: Calendar, patch: CalendarPatch): PatchedCalendar {
  rejectNullCalendarSummary(patch);
  return {
    fields: {
      summary: patch.summary ?? current.summary,
      color: patched(patch.color, current.color, null),
      description: patched(patch.description, current.description, null),
      admins: patched(patch.admins, current.admins, []),
      shares: patch.shares === undefined ? current.shares : shares(patch.shares),
      publicRange: patch.publicRange === undefined ? current.publicRange : publicRange(patch.publicRange),
      isPublic: current.isPublic,
      isCorpCalendar: current.isCorpCalendar,
      setAsDefault: false,
    },
    keepPublicRange: patch.publicRange === undefined,
  };
}

/**
 * Rules relating calendar fields (single-field limits are on the input classes), checked on the
 * calendar about to be written. `given` says which fields the caller sent, so values WeCom already
 * holds are not re-judged.
 */
export function checkCalendarRules(fields: CalendarFields, given: CalendarPatch & { isCorpCalendar?: unknown }): void {
  const sent = (key: keyof CalendarPatch | 'isCorpCalendar'): boolean => given[key] !== undefined;
  if (sent('admins') || sent('shares')) {
    const sharedUserIds = new Set(fields.shares.map((share) => share.userId));
    const outsider = fields.admins.find((admin) => !sharedUserIds.has(admin));
    if (outsider !== undefined) {
      throw new UserInputError('input.admins', `${outsider} must also be among the shares (WeCom: admins are members)`);
    }
  }
  if (fields.isCorpCalendar) {
    if ((sent('publicRange') || sent('isCorpCalendar')) && !hasMembers(fields.publicRange)) {
      throw new UserInputError('input.publicRange', 'a corp calendar needs a public range');
    }
    if (sent('color') && fields.color) throw new UserInputError('input.color', 'a corp calendar has no color');
    if (fields.setAsDefault) throw new UserInputError('input.setAsDefault', 'a corp calendar cannot be the app’s default');
  } else if (!fields.color) {
    // Also on updates: WeCom's update overwrites, and a calendar without a color would be refused.
    throw new UserInputError('input.color', 'is required (#RRGGBB) except for corp calendars');
  }
}

const hasMembers = (range: PublicRange | null): boolean =>
  range !== null && (range.userIds.length > 0 || range.departmentIds.length > 0);
