import type { ApolloServer, BaseContext, HTTPGraphQLRequest } from '@apollo/server';
import { HeaderMap } from '@apollo/server';
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface HttpHandlerOptions<TContext extends BaseContext> {
  apollo: ApolloServer<TContext>;
  /** Builds the request's context; it may throw (UNAUTHENTICATED) before anything runs. */
  context: (req: IncomingMessage) => Promise<TContext>;
  /** Request bodies above this are refused with 413. @default 1 MiB */
  maxBodyBytes?: number;
  /**
   * Runs first, for every request: may set headers on `res` (CORS), or answer the request itself and
   * return true (a CORS preflight, the GraphiQL page), before Apollo and its CSRF prevention.
   */
  intercept?: (req: IncomingMessage, res: ServerResponse) => boolean | Promise<boolean>;
}

export const GRAPHQL_PATH = '/graphql';

/**
 * A node:http integration of Apollo Server (like its standalone server, without Express): `/graphql`
 * for GraphQL (GET and POST) and the landing page, `/health` for probes.
 */
export function createHttpHandler<TContext extends BaseContext>(options: HttpHandlerOptions<TContext>) {
  const maxBodyBytes = options.maxBodyBytes ?? 1024 * 1024;
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (await options.intercept?.(req, res)) return;
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname === '/health') return send(res, 200, { 'content-type': 'application/json' }, '{"status":"ok"}');
    if (url.pathname !== GRAPHQL_PATH) return send(res, 404, { 'content-type': 'text/plain' }, 'Not found: use /graphql\n');

    let body: unknown;
    try {
      body = await readBody(req, maxBodyBytes);
    } catch (error) {
      const status = (error as { status?: number }).status ?? 400;
      return send(res, status, { 'content-type': 'text/plain' }, `${(error as Error).message}\n`);
    }
    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    }
    const request: HTTPGraphQLRequest = { method: req.method ?? 'GET', headers, search: url.search, body };
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

/** JSON bodies are parsed (Apollo expects an object); other content types are passed as text for Apollo to refuse. */
async function readBody(req: IncomingMessage, maxBytes: number): Promise<unknown> {
  if (req.method !== 'POST') return undefined;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) throw Object.assign(new Error('Request body too large'), { status: 413 });
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (!/json/i.test(req.headers['content-type'] ?? '')) return text;
  if (text.length === 0) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw Object.assign(new Error('Request body is not valid JSON'), { status: 400 });
  }
}
