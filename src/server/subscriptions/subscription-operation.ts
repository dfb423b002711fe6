import {
  DocumentNode,
  ExecutionArgs,
  GraphQLError,
  GraphQLSchema,
  NoSchemaIntrospectionCustomRule,
  ValidationRule,
  getOperationAST,
  parse,
  specifiedRules,
  validate,
} from 'graphql';
import type { GatewayLimits } from '../../config';
import { refuseQueryText } from '../../limits/query-text-limits';
import { queryShapeRules } from '../../limits/query-shape-rules';
import { wecomCallRefusal } from '../../limits/wecom-call-limit.plugin';
import { HttpErrorCode } from '../http-errors';

/** What a client's subscribe message carries (graphql-ws has checked it is an object with a query string). */
export interface SubscribePayload {
  query: string;
  operationName?: string | null;
  variables?: Record<string, unknown> | null;
}

/** The operation to run, or the errors to answer (each with its code, as HTTP would answer them). */
export type CheckedOperation = { args: Omit<ExecutionArgs, 'contextValue'>; /** The operation's own name, if it has one. */ name?: string } | { errors: GraphQLError[] };

/**
 * The checks Apollo and its plugins make on HTTP, made here for the WebSocket path, in the same order:
 * query text size and tokens, parse, validation (with the depth, alias and directive limits, and no
 * introspection where it is off), then the WeCom call estimate. Only subscriptions go over the socket:
 * queries and mutations go over HTTP, where their limits, access log and audit already apply.
 * The estimate is per event: each event runs the selection once with fresh loaders, so a selection
 * that would call WeCom more than MAX_WECOM_CALLS_PER_REQUEST times for one change is refused.
 */
export function checkSubscription(schema: GraphQLSchema, limits: GatewayLimits, payload: SubscribePayload): CheckedOperation {
  const text = refuseQueryText(payload.query, limits);
  if (text) return refused(text.message, HttpErrorCode.ValidationFailed, { limit: text.limit });
  let document: DocumentNode;
  try {
    document = parse(payload.query, { maxTokens: limits.maxTokens });
  } catch (error) {
    const syntax = error instanceof GraphQLError ? error : new GraphQLError(String(error));
    return { errors: [withCode(syntax, 'GRAPHQL_PARSE_FAILED')] };
  }
  const rules: ValidationRule[] = [...specifiedRules, ...queryShapeRules(limits)];
  if (!limits.introspection) rules.push(NoSchemaIntrospectionCustomRule);
  const invalid = validate(schema, document, rules);
  if (invalid.length > 0) return { errors: invalid.map((error) => withCode(error, HttpErrorCode.ValidationFailed)) };

  const operation = getOperationAST(document, payload.operationName ?? undefined);
  if (!operation) {
    const message = payload.operationName ? `Unknown operation named "${String(payload.operationName).slice(0, 100)}"` : 'Send one operation, or name the one to run (operationName)';
    return refused(message, HttpErrorCode.BadRequest);
  }
  if (operation.operation !== 'subscription') {
    return refused(`Only subscriptions go over WebSocket: send this ${operation.operation} over HTTP POST to /graphql`, HttpErrorCode.BadRequest);
  }
  const variables = payload.variables ?? undefined;
  const tooManyCalls = wecomCallRefusal({ schema, document, operation, variables }, limits.maxWecomCallsPerRequest);
  if (tooManyCalls) return { errors: [tooManyCalls] };
  return { args: { schema, document, operationName: payload.operationName ?? undefined, variableValues: variables }, name: operation.name?.value };
}

function refused(message: string, code: string, extensions: Record<string, unknown> = {}): CheckedOperation {
  return { errors: [new GraphQLError(message, { extensions: { code, ...extensions } })] };
}

function withCode(error: GraphQLError, code: string): GraphQLError {
  return new GraphQLError(error.message, { nodes: error.nodes, source: error.source, positions: error.positions, extensions: { ...error.extensions, code } });
}
