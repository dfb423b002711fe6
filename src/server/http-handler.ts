import type { ApolloServer, BaseContext, HTTPGraphQLRequest } from '@apollo/server';
import { HeaderMap } from '@apollo/server';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { DEFAULT_MAX_BODY_BYTES, DEFAULT_QUERY_LIMITS, QueryLimits } from '../limits/query-limits';
import { QueryTextRefusal, createQueryTextCheck } from '../limits/query-text-limits';
import { HttpErrorAnswer, HttpErrorCode, sendGraphQLError } from './http-errors';
import { readRequestBody } from './request-body';
import { requestPath } from './request-path';

export interface HttpHandlerOptions<TContext extends BaseContext> {
  apollo: ApolloServer<TContext>;
  /** Builds the request's context; it may throw (UNAUTHENTICATED) before anything runs. */
  context: (req: IncomingMessage) => Promise<TContext>;
  /** Request bodies above this are refused with 413. @default 1 MiB */
  maxBodyBytes?: number;
  /** Size and token limits of the query text, checked before Apollo parses it. @default DEFAULT_QUERY_LIMITS */
  queryLimits?: Pick<QueryLimits, 'maxQueryBytes' | 'maxTokens'>;
  /**
   * Runs first, for every request: may set headers on `res` (CORS), or answer the request itself and
   * return true (a CORS preflight, the GraphiQL page), before Apollo and its CSRF prevention.
   */
  intercept?: (req: IncomingMessage, res: ServerResponse) => boolean | Promise<boolean>;
}

export const GRAPHQL_PATH = '/graphql';

/** A body this many times the limit is still read and dropped (keeping the connection); a larger one closes it. */
const DRAIN_FACTOR = 4;

/**
 * A node:http integration of Apollo Server (like its standalone server, without Express): `/graphql`
 * for GraphQL (GET and POST) and the landing page, `/health` for probes. Every error answered here is
 * a JSON GraphQL response with an `extensions.code` (README, "Query limits").
 */
export function createHttpHandler<TContext extends BaseContext>(options: HttpHandlerOptions<TContext>) {
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const checkQueryText = createQueryTextCheck(options.queryLimits ?? DEFAULT_QUERY_LIMITS);
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (await options.intercept?.(req, res)) return;
    const path = requestPath(req);
    if (path === '/health') return send(res, 200, { 'content-type': 'application/json' }, '{"status":"ok"}');
    if (path !== GRAPHQL_PATH) {
      return sendGraphQLError(res, { status: 404, code: HttpErrorCode.NotFound, message: `Not found: ${path.slice(0, 100)}; GraphQL is at ${GRAPHQL_PATH}` });
    }
    const url = new URL(req.url ?? '/', 'http://localhost'); // safe now: the path is /graphql

    const read = await readBody(req, maxBodyBytes);
    if ('status' in read) return sendGraphQLError(res, read);
    const refusal = queryTextRefusal(read.body, url, checkQueryText);
    if (refusal) return sendGraphQLError(res, refusal);

    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    }
    const request: HTTPGraphQLRequest = { method: req.method ?? 'GET', headers, search: url.search, body: read.body };
    const response = await options.apollo.executeHTTPGraphQLRequest({ httpGraphQLRequest: request, context: () => options.context(req) });

    res.statusCode = response.status ?? 200;
    for (const [key, value] of response.headers) res.setHeader(key, value);
    if (response.body.kind === 'complete') {
      res.end(response.body.string);
      return;
    }
    for await (const chunk of response.body.asyncIterator) res.write(chunk);
    res.end();
  };
}

function send(res: ServerResponse, status: number, headers: Record<string, string>, body: string): void {
  res.writeHead(status, headers).end(body);
}

/**
 * POST bodies: JSON is parsed (Apollo expects an object); other content types are passed as text for
 * Apollo to refuse with its own JSON error. Other methods have no body to read (Node drops one if sent).
 */
async function readBody(req: IncomingMessage, maxBytes: number): Promise<{ body: unknown } | HttpErrorAnswer> {
  if (req.method !== 'POST') return { body: undefined };
  const read = await readRequestBody(req, maxBytes, maxBytes * DRAIN_FACTOR);
  if (read.kind === 'too-large') {
    return {
      status: 413,
      code: HttpErrorCode.PayloadTooLarge,
      message: `Request body larger than ${maxBytes} bytes (MAX_BODY_BYTES)`,
      extensions: { limit: maxBytes },
      close: !read.drained,
    };
  }
  const text = read.body.toString('utf8');
  if (!/json/i.test(req.headers['content-type'] ?? '')) return { body: text };
  if (text.length === 0) return { body: undefined };
  try {
    return { body: JSON.parse(text) };
  } catch {
    return { status: 400, code: HttpErrorCode.BadRequest, message: 'Request body is not valid JSON' };
  }
}

/** The query's size and tokens, before Apollo parses and caches it. */
function queryTextRefusal(body: unknown, url: URL, check: (query: string) => QueryTextRefusal | undefined): HttpErrorAnswer | undefined {
  const query = body !== undefined ? (body as { query?: unknown } | null)?.query : url.searchParams.get('query');
  if (typeof query !== 'string') return undefined;
  const refusal = check(query);
  if (!refusal) return undefined;
  return { status: 400, code: HttpErrorCode.ValidationFailed, message: refusal.message, extensions: { limit: refusal.limit } };
}
