import type { GraphQLResolveInfo } from 'graphql';
import type { Logger } from 'pino';
import type { Caller } from './caller';

/**
 * One audit line per write (a mutation root field): who, which operation, which schedule or
 * calendar, and how it ended. Never the arguments or a credential.
 */
export function logAudit(logger: Logger, caller: Caller, info: GraphQLResolveInfo, args: Record<string, unknown>, outcome: AuditOutcome): void {
  const resource = /calendar/i.test(info.fieldName) ? 'calendar' : 'schedule';
  const id = idFromArgs(args) ?? (outcome.ok ? idFromResult(outcome.result) : undefined);
  logger.info(
    {
      audit: true,
      caller: caller.name,
      callerKind: caller.kind,
      operation: info.fieldName,
      operationName: info.operation.name?.value ?? null,
      resource,
      id: id ?? null,
      outcome: outcome.ok ? 'ok' : outcome.code,
    },
    'audit: write',
  );
}

export type AuditOutcome = { ok: true; result: unknown } | { ok: false; code: string };

/** updateX(input: { id }), deleteX(id), addScheduleAttendees(id, …). */
function idFromArgs(args: Record<string, unknown>): string | undefined {
  if (typeof args.id === 'string') return args.id;
  const input = args.input as { id?: unknown } | undefined;
  return typeof input?.id === 'string' ? input.id : undefined;
}

/** Creates: the schedule itself, or a payload holding the calendar. */
function idFromResult(result: unknown): string | undefined {
  const value = result as { id?: unknown; calendar?: { id?: unknown } } | null | undefined;
  if (typeof value?.id === 'string') return value.id;
  return typeof value?.calendar?.id === 'string' ? value.calendar.id : undefined;
}
