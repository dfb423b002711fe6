import { Calendar, CalendarFields, SharePermission, ShareFailure } from '../../domain/calendar';
import { WireCalendar, WireCalendarWrite, WireFailResult } from './calendar-wire.types';
import { textOrNull } from './mappers';

const PERMISSION_TO_WIRE: Record<SharePermission, number> = {
  [SharePermission.VIEW]: 1,
  [SharePermission.FREE_BUSY_ONLY]: 3,
};


export function calendarFromWire(wire: WireCalendar, isDefault: boolean | null = null): Calendar {
  const range = wire.public_range;
  const hasRange = Boolean(range && ((range.userids?.length ?? 0) > 0 || (range.partyids?.length ?? 0) > 0));
  return {
    id: wire.cal_id,
    summary: wire.summary ?? '',
    color: textOrNull(wire.color),
    description: textOrNull(wire.description),
    // WeCom's doc example spells the field `adminis`; either spelling is read.
    admins: wire.admins ?? wire.adminis ?? [],
    shares: (wire.shares ?? []).map((share) => ({
      userId: share.userid,
      permission: share.permission === 3 ? SharePermission.FREE_BUSY_ONLY : SharePermission.VIEW,
    })),
    isPublic: wire.is_public === 1,
    publicRange: hasRange ? { userIds: range?.userids ?? [], departmentIds: range?.partyids ?? [] } : null,
    isCorpCalendar: wire.is_corp_calendar === 1,
    isDefault,
  };
}

/** The full calendar for calendar/add or calendar/update (immutable flags only on add). */
export function calendarToWire(fields: CalendarFields, options: { forAdd: boolean; includePublicRange: boolean }): WireCalendarWrite {
  const wire: WireCalendarWrite = {
    admins: fields.admins,
    summary: fields.summary,
    description: fields.description ?? '',
    shares: fields.shares.map((share) => ({ userid: share.userId, permission: PERMISSION_TO_WIRE[share.permission] })),
  };
  if (fields.color) wire.color = fields.color;
  if (options.includePublicRange) {
    wire.public_range = { userids: fields.publicRange?.userIds ?? [], partyids: fields.publicRange?.departmentIds ?? [] };
  }
  if (options.forAdd) {
    wire.is_public = fields.isPublic ? 1 : 0;
    wire.is_corp_calendar = fields.isCorpCalendar ? 1 : 0;
    if (fields.setAsDefault) wire.set_as_default = 1;
  }
  return wire;
}

export function shareFailuresFromWire(failResult: WireFailResult | undefined): ShareFailure[] {
  return (failResult?.shares ?? []).map((failure) => ({ userId: failure.userid, wecomErrcode: failure.errcode }));
}

/** The calendar as written, for when WeCom accepted a write but reading it back failed. */
export function calendarAsWritten(id: string, fields: CalendarFields, failures: ShareFailure[]): Calendar {
  const failed = new Set(failures.map((failure) => failure.userId));
  return {
    id,
    summary: fields.summary,
    color: fields.color,
    description: fields.description,
    admins: fields.admins,
    shares: fields.shares.filter((share) => !failed.has(share.userId)),
    isPublic: fields.isPublic,
    publicRange: fields.publicRange,
    isCorpCalendar: fields.isCorpCalendar,
    isDefault: fields.setAsDefault || null,
  };
}
