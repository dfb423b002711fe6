import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import Negotiator from 'negotiator';

export interface GraphiQLPageOptions {
  /** Where GraphiQL sends its operations, e.g. /graphql. */
  endpoint: string;
  title: string;
  /** The editor's content on a first visit (GraphiQL keeps later edits in the browser's storage). */
  defaultQuery: string;
}

type Encoding = 'br' | 'gzip' | 'identity';
const ENCODINGS: Encoding[] = ['br', 'gzip', 'identity'];

interface RenderedPage {
  etag: string;
  bodies: Record<Encoding, Buffer>;
}

const gzipAsync = promisify(gzip);
const brotliAsync = promisify(brotliCompress);

/**
 * The bundled GraphiQL, one self-contained page of ~9 MB (everything inline: nothing is fetched from
 * elsewhere). Rendered and compressed once, at the first request (in zlib's thread pool, off the event
 * loop), then served as br or gzip by Accept-Encoding, with an ETag so a revisit is a 304.
 */
export class GraphiQLPage {
  private rendered?: Promise<RenderedPage>;

  constructor(private readonly options: GraphiQLPageOptions) {}

  async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const page = await this.render();
    addVary(res, 'Accept-Encoding');
    // no-cache: the browser keeps the page but asks each time (a 304 when unchanged, e.g. until a restart).
    const headers = { 'content-type': 'text/html; charset=utf-8', etag: page.etag, 'cache-control': 'no-cache' };
    if (matchesETag(req.headers['if-none-match'], page.etag)) {
      res.writeHead(304, headers).end();
      return;
    }
    const encoding = (new Negotiator(req).encoding(ENCODINGS, { preferred: ENCODINGS }) ?? 'identity') as Encoding;
    const body = page.bodies[encoding];
    res.writeHead(200, {
      ...headers,
      'content-length': String(body.length),
      ...(encoding === 'identity' ? {} : { 'content-encoding': encoding }),
    });
    res.end(body);
  }

  private render(): Promise<RenderedPage> {
    this.rendered ??= renderPage(this.options).catch((error: unknown) => {
      this.rendered = undefined; // try again on the next request rather than failing forever
      throw error;
    });
    return this.rendered;
  }
}

async function renderPage(options: GraphiQLPageOptions): Promise<RenderedPage> {
  // Loaded only when someone asks for the page: the bundle is ~9 MB of JavaScript.
  const { renderGraphiQL } = await import('@graphql-yoga/render-graphiql');
  // No "logo": the default one is inline, and nothing may be fetched from elsewhere. Subscriptions go over
  // WebSocket (graphql-transport-ws; the bundle carries graphql-ws' client): the page derives ws(s)://host/graphql
  // from its own location and the endpoint.
  const pageOptions = { endpoint: options.endpoint, title: options.title, defaultQuery: options.defaultQuery, subscriptionsProtocol: 'WS' };
  const html = Buffer.from(withSocketCredential(renderGraphiQL(pageOptions as Parameters<typeof renderGraphiQL>[0]), JSON.stringify(pageOptions)));
  const [gzipped, brotli] = await Promise.all([
    gzipAsync(html, { level: 9 }),
    // Quality 6: within 3 % of quality 9 at half the time; 11 takes ~17 s for this page.
    brotliAsync(html, { params: { [constants.BROTLI_PARAM_QUALITY]: 6, [constants.BROTLI_PARAM_SIZE_HINT]: html.length } }),
  ]);
  // Weak: the br, gzip and plain bodies are the same page (RFC 9110 8.8.3), so one tag serves all three.
  const etag = `W/"${createHash('sha256').update(html).digest('base64url').slice(0, 27)}"`;
  return { etag, bodies: { identity: html, gzip: gzipped, br: brotli } };
}

/**
 * A browser cannot set headers on a WebSocket: the page sends the Authorization header typed in GraphiQL's
 * Headers tab (the active tab's, as GraphiQL keeps it in localStorage) as connection_init's `authorization`,
 * read at each connection. The options are JSON in the page, so the function is added around them.
 */
function withSocketCredential(html: string, optionsJson: string): string {
  const call = 'YogaGraphiQL.renderYogaGraphiQL(';
  const at = html.indexOf(call);
  const json = at < 0 ? -1 : html.indexOf(optionsJson, at);
  if (json < 0) throw new Error('The bundled GraphiQL page changed: update src/server/graphiql-page.ts');
  const script = `
        function withSocketCredential(options) {
          options.connectionParams = function () {
            try {
              var state = JSON.parse(localStorage.getItem('graphiql:tabState') || 'null');
              var tab = state && state.tabs && state.tabs[state.activeTabIndex];
              var headers = JSON.parse((tab ? tab.headers : localStorage.getItem('graphiql:headers')) || '{}');
              for (var name in headers) {
                if (name.toLowerCase() === 'authorization' && typeof headers[name] === 'string') return { authorization: headers[name] };
              }
            } catch (ignored) {}
            return {};
          };
          return options;
        }
        `;
  return `${html.slice(0, at)}${script}${call}${html.slice(at + call.length, json)}withSocketCredential(${optionsJson})${html.slice(json + optionsJson.length)}`;
}

/** If-None-Match uses the weak comparison: W/ prefixes are ignored; `*` matches any page. */
function matchesETag(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
  return header.split(',').some((tag) => tag.trim() === '*' || opaque(tag) === opaque(etag));
}

/** Keeps a Vary set earlier (CORS sets `Vary: Origin`) instead of replacing it. */
function addVary(res: ServerResponse, value: string): void {
  const current = res.getHeader('vary');
  res.setHeader('vary', current ? `${String(current)}, ${value}` : value);
}
