import { HeaderMap } from '@apollo/server';
import { GraphQLError } from 'graphql';
import { ErrorCode } from '../errors/error-codes';

const REALM = 'wecom-schedule-gateway';

/** Why a request was refused: what a caller may be told (RFC 6750's error values), never which check failed. */
export type UnauthenticatedReason = 'missing' | 'malformed' | 'invalid';

const MESSAGES: Record<UnauthenticatedReason, string> = {
  missing: 'Authentication required: send the header `Authorization: Bearer <API key or JWT>`',
  malformed: 'Malformed Authorization header: send `Authorization: Bearer <API key or JWT>`',
  invalid: 'Invalid or expired credential',
};

const CHALLENGES: Record<UnauthenticatedReason, string> = {
  missing: `Bearer realm="${REALM}"`,
  malformed: `Bearer realm="${REALM}", error="invalid_request"`,
  invalid: `Bearer realm="${REALM}", error="invalid_token"`,
};

/**
 * UNAUTHENTICATED, thrown by the context function so that nothing runs. Apollo Server reads
 * `extensions.http` (401 and the WWW-Authenticate challenge) and strips it from the response.
 * A plain GraphQLError, not a GatewayError: formatError passes it through as Apollo formatted it,
 * whereas it copies a GatewayError's raw extensions (which would include `http`).
 */
export class UnauthenticatedError extends GraphQLError {
  constructor(readonly reason: UnauthenticatedReason) {
    super(MESSAGES[reason], {
      extensions: {
        code: ErrorCode.Unauthenticated,
        // Apollo iterates these headers as a Map; @graphql-tools/utils' augmentation of graphql types them as a Record.
        http: { status: 401, headers: new HeaderMap([['www-authenticate', CHALLENGES[reason]]]) as unknown as Record<string, string> },
      },
    });
    this.name = 'UnauthenticatedError';
  }
}
