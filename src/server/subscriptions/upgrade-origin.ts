import type { IncomingMessage } from 'node:http';
import { CorsOrigins, originAllowedBy } from '../cors';

/**
 * Browsers apply no CORS to WebSockets: any page may open one to the gateway, with the user's network
 * position (and any credential the page holds). The Origin header is the only defence, so an upgrade
 * is allowed, as HTTP would be, when it carries no Origin (not a browser), comes from one of the
 * gateway's own pages (the bundled GraphiQL: Origin's host is the Host it asked for), or from an origin
 * CORS_ORIGINS lists (`*`: any).
 */
export function createUpgradeOriginCheck(origins: CorsOrigins): (req: IncomingMessage) => boolean {
  const allowedByList = originAllowedBy(origins);
  return (req) => {
    const origin = req.headers.origin;
    if (origin === undefined) return true;
    return sameOrigin(origin, req.headers.host) || allowedByList(origin);
  };
}

function sameOrigin(origin: string, host: string | undefined): boolean {
  if (host === undefined) return false;
  try {
    const url = new URL(origin);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.host === host.toLowerCase();
  } catch {
    return false; // "null" (sandboxed frames, file: pages) and anything unparsable
  }
}
