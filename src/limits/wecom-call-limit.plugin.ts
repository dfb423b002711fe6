import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { GraphQLError, getVariableValues } from 'graphql';
import { ErrorCode } from '../errors/error-codes';
import { EstimateTooComplexError, estimateWecomCalls } from './wecom-call-estimate';

/**
 * Refuses, before anything runs, an operation that can plan more WeCom calls than
 * MAX_WECOM_CALLS_PER_REQUEST (API.md, "Limits"): HTTP 400, BAD_USER_INPUT, with
 * extensions.estimatedWecomCalls and extensions.limit.
 */
export function wecomCallLimitPlugin<TContext extends BaseContext>(limit: number): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operation, request }) {
          if (!operation) return;
          const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], request.variables ?? {});
          // Invalid variables are refused by execution (BAD_USER_INPUT) before any WeCom call.
          if (coerced.errors) return;
          let estimated: number;
          try {
            estimated = estimateWecomCalls({ schema, document, operation, variables: coerced.coerced });
          } catch (error) {
            if (error instanceof EstimateTooComplexError) throw refusal(`Operation refused: ${error.message}`, null, limit);
            throw error;
          }
          if (estimated > limit) {
            throw refusal(
              `Operation refused: it can make up to ${estimated} WeCom calls, more than the ${limit} allowed per request (MAX_WECOM_CALLS_PER_REQUEST); ask for fewer ids, pages or nested connections`,
              estimated,
              limit,
            );
          }
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
