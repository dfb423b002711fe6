import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, GraphQLFormattedError } from 'graphql';
import type { Logger } from 'pino';
import { ErrorCode } from './error-codes';
import { GatewayError } from './gateway-error';

/**
 * Apollo's formatError: our errors go out with their code (and wecomErrcode / field); GraphQL's own
 * (parse, validation, bad variables) keep Apollo's codes; anything else is masked as
 * INTERNAL_SERVER_ERROR and logged here, since its message may carry internals.
 */
export function createFormatError(logger: Logger, mayWarn: () => boolean = () => true) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    if (original instanceof GatewayError) {
      return { message: original.message, locations: formatted.locations, path: formatted.path, extensions: original.extensions };
    }
    if (original instanceof GraphQLError) return isCsrfRefusal(formatted) ? { ...formatted, message: CSRF_MESSAGE } : formatted;
    // Sampled: one hostile query can raise the same unexpected error in every aliased field.
    if (mayWarn()) logger.error({ err: original, path: formatted.path }, 'unexpected error while resolving');
    return {
      message: 'Internal server error',
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: ErrorCode.Internal },
    };
  };
}

/**
 * Apollo's CSRF text names the content types it refuses, not the one to send: say what to do.
 * Same code (BAD_REQUEST), same status (400).
 */
const CSRF_MESSAGE =
  'Refused as a possible Cross-Site Request Forgery (CSRF): send the header `content-type: application/json` ' +
  '(with a JSON body for POST). A GET without a content-type needs a non-empty `apollo-require-preflight: true` ' +
  'or `x-apollo-operation-name: <name>` header.';

function isCsrfRefusal(formatted: GraphQLFormattedError): boolean {
  return formatted.extensions?.code === 'BAD_REQUEST' && formatted.message.includes('Cross-Site Request Forgery');
}
