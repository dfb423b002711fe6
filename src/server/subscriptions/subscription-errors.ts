import { GraphQLError, GraphQLFormattedError } from 'graphql';
import { ErrorCode } from '../../errors/error-codes';

/** Apollo's formatError signature (src/errors/format-error.ts). */
export type FormatError = (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError;

/**
 * Formats errors for the socket as Apollo formats them for HTTP (no Apollo runs on this path): a
 * default code of INTERNAL_SERVER_ERROR, no `http` extension, no stack trace, "Did you mean …"
 * suggestions left out where the schema is not to be explored, then the gateway's formatError (codes
 * kept, anything unexpected masked and logged).
 */
export function createSubscriptionErrorFormatter(formatError: FormatError, hideSchemaDetails: boolean) {
  return (error: GraphQLError): GraphQLFormattedError => {
    try {
      const extensions: Record<string, unknown> = { ...error.extensions, code: error.extensions.code ?? ErrorCode.Internal };
      delete extensions.http;
      const json = error.toJSON();
      const message = hideSchemaDetails && extensions.code === 'GRAPHQL_VALIDATION_FAILED' ? withoutSuggestions(json.message) : json.message;
      return formatError({ ...json, message, extensions }, error);
    } catch {
      return { message: 'Internal server error', extensions: { code: ErrorCode.Internal } };
    }
  };
}

/** graphql-js appends ` Did you mean "x"?` to names it does not know: that would reveal the schema. */
function withoutSuggestions(message: string): string {
  return message.replace(/ Did you mean .+\?$/, '');
}

/**
 * Errors of a result that stopped before any field ran (bad variables, say): graphql-js gives them no
 * code, and Apollo answers them with BAD_USER_INPUT.
 */
export function withRequestErrorCodes(errors: readonly GraphQLError[], hasData: boolean): readonly GraphQLError[] {
  if (hasData) return errors;
  return errors.map((error) =>
    error.extensions.code === undefined && error.path === undefined && error.originalError === undefined
      ? new GraphQLError(error.message, { nodes: error.nodes, source: error.source, positions: error.positions, extensions: { code: ErrorCode.BadUserInput } })
      : error,
  );
}
