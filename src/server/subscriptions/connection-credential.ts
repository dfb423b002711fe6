import type { IncomingMessage } from 'node:http';

/**
 * The credential of a WebSocket connection, as an `Authorization` header value for the HTTP
 * verifier (API.md, "Changes from WeCom"): the connection_init payload's `authorization`
 * ("Bearer …"), or its `token` with or without "Bearer " (what the Apollo Router sends when it
 * forwards the Authorization header), else the upgrade request's Authorization header. Undefined
 * when none was sent; a value of the wrong type is passed on as is, for the verifier to refuse.
 */
export function connectionAuthorization(payload: Record<string, unknown> | undefined, upgrade: IncomingMessage): string | undefined {
  const authorization = payload?.authorization ?? payload?.Authorization;
  if (authorization !== undefined) return typeof authorization === 'string' ? authorization : 'malformed';
  const token = payload?.token;
  if (token !== undefined) {
    if (typeof token !== 'string') return 'malformed';
    return /^bearer /i.test(token) ? token : `Bearer ${token}`;
  }
  return upgrade.headers.authorization;
}
