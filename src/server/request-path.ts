import type { IncomingMessage } from 'node:http';

/**
 * The path of a request, without parsing it as a URL: node:http accepts request targets such as
 * `//[` that WHATWG URL parsing throws on, and a throw in the server's 'request' listener would
 * take the whole process down.
 */
export function requestPath(req: Pick<IncomingMessage, 'url'>): string {
  const url = req.url ?? '/';
  const end = url.search(/[?#]/);
  return (end >= 0 ? url.slice(0, end) : url) || '/';
}
