import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { DocumentNode, GraphQLError, GraphQLSchema, OperationDefinitionNode, getVariableValues } from 'graphql';
import { ErrorCode } from '../errors/error-codes';
import { EstimateTooComplexError, estimateWecomCalls } from './wecom-call-estimate';

export interface OperationToPrice {
  schema: GraphQLSchema;
  document: DocumentNode;
  operation: OperationDefinitionNode;
  /** The variables as the caller sent them (coerced here as execution coerces them). */
  variables: Record<string, unknown> | undefined;
}

/**
 * The refusal of an operation that can plan more WeCom calls than `limit` (API.md, "Limits"):
 * BAD_USER_INPUT with extensions.estimatedWecomCalls and extensions.limit (HTTP 400), or undefined.
 * Also for transports where no Apollo plugin runs (subscriptions over graphql-ws).
 */
export function wecomCallRefusal(request: OperationToPrice, limit: number): GraphQLError | undefined {
  const { schema, document, operation } = request;
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], request.variables ?? {});
  // Invalid variables are refused by execution (BAD_USER_INPUT) before any WeCom call.
  if (coerced.errors) return undefined;
  let estimated: number;
  try {
    estimated = estimateWecomCalls({ schema, document, operation, variables: coerced.coerced });
  } catch (error) {
    if (error instanceof EstimateTooComplexError) return refusal(`Operation refused: ${error.message}`, null, limit);
    throw error;
  }
  if (estimated <= limit) return undefined;
  return refusal(
    `Operation refused: it can make up to ${estimated} WeCom calls, more than the ${limit} allowed per request (MAX_WECOM_CALLS_PER_REQUEST); ask for fewer ids, pages or nested connections`,
    estimated,
    limit,
  );
}

/** Refuses, before anything runs, an operation over MAX_WECOM_CALLS_PER_REQUEST. */
export function wecomCallLimitPlugin<TContext extends BaseContext>(limit: number): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operation, request }) {
          if (!operation) return;
          const error = wecomCallRefusal({ schema, document, operation, variables: request.variables }, limit);
          if (error) throw error;
        },
      };
    },
  };
}

function refusal(message: string, estimated: number | null, limit: number): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code: ErrorCode.BadUserInput, estimatedWecomCalls: estimated, limit, http: { status: 400 } },
  });
}
