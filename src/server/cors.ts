import type { IncomingMessage, ServerResponse } from 'node:http';
import { ErrorCode } from '../errors/error-codes';

/** Origins whose browser pages may call the gateway (env CORS_ORIGINS): every origin, or these (possibly none). */
export type CorsOrigins = '*' | readonly string[];

export const CORS_ALLOWED_METHODS = 'GET, POST';
/** What our callers send: JSON bodies, credentials, Apollo's CSRF header, a request id. */
export const CORS_ALLOWED_HEADERS = 'content-type, authorization, apollo-require-preflight, x-request-id';
/** Browsers cap this (Chromium at 2 h); it spares a preflight per request. */
export const CORS_MAX_AGE_SECONDS = 7200;

/**
 * Cross-origin access for browsers (API.md, "Browsers on other origins"). Returns a hook for the top of
 * the HTTP handler: it answers a preflight itself (true), before Apollo and so before its CSRF prevention,
 * which stays on; for other requests from an allowed origin it sets Access-Control-Allow-Origin on the
 * response before anything is written, so every answer carries it, errors included (false: go on).
 * The origin is echoed rather than `*`, so `Vary: Origin` keeps shared caches from mixing origins.
 */
export function createCorsHook(origins: CorsOrigins): (req: IncomingMessage, res: ServerResponse) => boolean {
  const isAllowed = originAllowedBy(origins);
  return (req, res) => {
    const origin = req.headers.origin;
    const preflight = req.method === 'OPTIONS' && origin !== undefined && req.headers['access-control-request-method'] !== undefined;
    if (origin === undefined) return false;
    // Whether the answer carries CORS headers depends on Origin: shared caches must key on it.
    res.setHeader('Vary', 'Origin');
    if (!isAllowed(origin)) {
      if (preflight) refusePreflight(res, origin);
      return preflight;
    }
    res.setHeader('Access-Control-Allow-Origin', origin);
    if (!preflight) return false;
    res.writeHead(204, {
      'Access-Control-Allow-Methods': CORS_ALLOWED_METHODS,
      'Access-Control-Allow-Headers': CORS_ALLOWED_HEADERS,
      'Access-Control-Max-Age': String(CORS_MAX_AGE_SECONDS),
      'Content-Length': '0',
    });
    res.end();
    return true;
  };
}

/** Whether CORS_ORIGINS lets pages of `origin` (an Origin header's value) call the gateway. */
export function originAllowedBy(origins: CorsOrigins): (origin: string) => boolean {
  if (origins === '*') return () => true;
  const allowed = new Set(origins);
  return (origin) => allowed.has(origin);
}

/** No Access-Control-* header, so the browser blocks the call; the body says why, for whoever reads the network tab. */
function refusePreflight(res: ServerResponse, origin: string): void {
  const body = JSON.stringify({
    errors: [
      {
        message: `Browser pages from ${JSON.stringify(origin)} may not call this gateway: add the origin to CORS_ORIGINS`,
        extensions: { code: ErrorCode.CallerForbidden },
      },
    ],
  });
  res.writeHead(403, { 'content-type': 'application/json; charset=utf-8' }).end(body);
}
