import type { IncomingMessage } from 'node:http';
import type { Logger } from 'pino';
import { ApiKeyVerifier } from './api-key-verifier';
import type { AuthSettings } from './auth-settings';
import { ANONYMOUS_CALLER, Caller } from './caller';
import { JwtRejected, JwtVerifier } from './jwt-verifier';
import { UnauthenticatedError } from './unauthenticated-error';

/** Finds the caller of a request, or throws UnauthenticatedError (401) before anything runs. */
export type Authenticate = (req: IncomingMessage) => Promise<Caller>;

/** Longer credentials are refused unread: no key or token of ours comes near it. */
const MAX_CREDENTIAL_LENGTH = 8192;
/** Three base64url parts: a JWS in compact form. */
const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

/** The caller named by an `Authorization` header value (`Bearer <key or JWT>`); throws UnauthenticatedError. */
export type VerifyAuthorization = (authorization: string | undefined) => Promise<Caller>;

/** AUTH=none: everyone is `anonymous` with both scopes. Otherwise `Authorization: Bearer <key or JWT>`. */
export function createAuthenticator(settings: AuthSettings, logger: Logger): Authenticate {
  const verify = createAuthorizationVerifier(settings, logger);
  return (req) => verify(req.headers.authorization);
}

/**
 * The same check for transports without an HTTP request per operation (a WebSocket's
 * connection_init payload): pass `Bearer <credential>`.
 */
export function createAuthorizationVerifier(settings: AuthSettings, logger: Logger): VerifyAuthorization {
  if (settings.methods.length === 0) return async () => ANONYMOUS_CALLER;
  const apiKeys = settings.methods.includes('api-key') ? new ApiKeyVerifier(settings.apiKeys ?? []) : undefined;
  const jwt = settings.methods.includes('jwt') && settings.jwt ? new JwtVerifier(settings.jwt) : undefined;
  if (!apiKeys && !jwt) throw new Error('AUTH names a method without its settings (API keys or a JWT key)');

  const refuse = (reason: string, kind: string): never => {
    // The reason (jose's error code, "unknown key") stays in our logs; the caller learns only "invalid".
    logger.info({ auth: kind, reason }, 'authentication failed');
    throw new UnauthenticatedError('invalid');
  };

  return async (authorization) => {
    const credential = bearerCredential(authorization);
    // With both methods, a JWT-shaped bearer is a JWT (keys made as the README says contain no dots).
    if (jwt && (!apiKeys || JWT_SHAPE.test(credential))) {
      try {
        return await jwt.verify(credential);
      } catch (error) {
        if (!(error instanceof JwtRejected)) throw error;
        return refuse(error.reason, 'jwt');
      }
    }
    return apiKeys!.verify(credential) ?? refuse('unknown key', 'api-key');
  };
}

/** The credential of `Authorization: Bearer <credential>`. */
function bearerCredential(header: string | undefined): string {
  if (header === undefined || header.trim() === '') throw new UnauthenticatedError('missing');
  const match = /^Bearer +([^\s]+) *$/i.exec(header);
  if (!match || match[1].length > MAX_CREDENTIAL_LENGTH) throw new UnauthenticatedError('malformed');
  return match[1];
}
