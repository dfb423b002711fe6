import { GraphQLError, GraphQLFieldResolver, GraphQLObjectType, GraphQLSchema, defaultFieldResolver } from 'graphql';
import type { Logger } from 'pino';
import { ErrorCode } from '../errors/error-codes';
import { GatewayError } from '../errors/gateway-error';
import { recordOfContext } from '../observability/request-observer';
import { logAudit } from './audit-log';
import { Caller, Scope, callerMay } from './caller';
import { ROOT_SCOPES } from './scope-rules';

interface CallerContext {
  caller: Caller;
}

/** A valid credential without the scope a field needs: FORBIDDEN on that field only. */
export class CallerForbiddenError extends GatewayError {
  constructor(caller: Caller, scope: Scope) {
    super(`The caller "${caller.name}" lacks the scope ${scope} this field needs`, ErrorCode.CallerForbidden, { requiredScope: scope });
    this.name = 'CallerForbiddenError';
  }
}

/**
 * Wraps every root field of the schema (in place): the caller's scope is checked before the field's
 * resolver runs, so a refused field calls no loader and no WeCom API, while the operation's other
 * fields still resolve. Mutation fields also write one audit line each. Only root fields are
 * wrapped: nothing is added per nested field (which would cost on 1,000-item answers).
 * Introspection (__schema, __type) is not a field of the root type, so it needs a credential only.
 */
export function guardRootFields(schema: GraphQLSchema, logger: Logger): void {
  guardType(schema.getQueryType(), ROOT_SCOPES.Query);
  guardType(schema.getSubscriptionType(), ROOT_SCOPES.Subscription);
  const mutation = schema.getMutationType();
  if (!mutation) return;
  for (const field of Object.values(mutation.getFields())) {
    field.resolve = audited(requiringScope(field.resolve ?? defaultFieldResolver, ROOT_SCOPES.Mutation), logger);
  }
}

function guardType(type: GraphQLObjectType | null | undefined, scope: Scope): void {
  for (const field of Object.values(type?.getFields() ?? {})) {
    field.resolve = requiringScope(field.resolve ?? defaultFieldResolver, scope);
    if (field.subscribe) field.subscribe = requiringScope(field.subscribe, scope);
  }
}

type Resolver = GraphQLFieldResolver<unknown, CallerContext>;

function requiringScope(resolve: Resolver, scope: Scope): Resolver {
  return (source, args, ctx, info) => {
    if (!callerMay(ctx.caller, scope)) throw new CallerForbiddenError(ctx.caller, scope);
    return resolve(source, args, ctx, info);
  };
}

function audited(resolve: Resolver, logger: Logger): Resolver {
  return async (source, args, ctx, info) => {
    // The audit line names the request it belongs to (its access line has the same requestId).
    const requestId = recordOfContext(ctx)?.id;
    const auditLogger = requestId ? logger.child({ requestId }) : logger;
    try {
      const result: unknown = await resolve(source, args, ctx, info);
      logAudit(auditLogger, ctx.caller, info, args, { ok: true, result });
      return result;
    } catch (error) {
      const code = error instanceof GraphQLError && typeof error.extensions.code === 'string' ? error.extensions.code : ErrorCode.Internal;
      logAudit(auditLogger, ctx.caller, info, args, { ok: false, code });
      throw error;
    }
  };
}
