import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import type { IncomingMessage, ServerResponse } from 'node:http';
import Negotiator from 'negotiator';
import { ExplorerMode } from './explorer-mode';
import { GraphiQLPage } from './graphiql-page';
import { GRAPHQL_PATH } from './http-handler';
import { ExplorerSample, sampleQuery } from './sample-query';
import { sandboxWithFallbackPlugin } from './sandbox-fallback';

/** Sandbox's page sends a browser here when Apollo's CDN cannot be reached. */
export const GRAPHIQL_QUERY_PARAMETER = 'explorer=graphiql';

export interface Explorer {
  /** Apollo Server's landing-page plugin (it takes exactly one, or installs its own default). */
  plugin: ApolloServerPlugin;
  /** Serves the bundled GraphiQL before Apollo does anything; true when it answered the request. */
  route(req: IncomingMessage, res: ServerResponse): Promise<boolean>;
}

/**
 * The browser pages at GET /graphql, by mode:
 * - `sandbox`: Apollo Sandbox, loaded by the browser from Apollo's CDN (Apollo Server's local default); when
 *   the CDN cannot be reached the page goes by itself to the bundled GraphiQL at /graphql?explorer=graphiql;
 * - `graphiql`: the bundled GraphiQL only, for networks that cannot reach the CDN: no request leaves the machine;
 * - `off`: no page (GET /graphql without a query is then a 400).
 * GraphiQL is served by the gateway itself rather than as Apollo's landing page, so that it can go compressed
 * and with an ETag.
 */
export function createExplorer(mode: ExplorerMode, sample?: ExplorerSample): Explorer {
  const defaultQuery = sampleQuery(sample);
  const graphiql = new GraphiQLPage({ endpoint: GRAPHQL_PATH, title: 'WeCom schedule gateway', defaultQuery });
  const servesGraphiQL = (req: IncomingMessage): boolean => {
    if (mode === 'off' || req.method !== 'GET' || !prefersHtml(req)) return false;
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== GRAPHQL_PATH) return false;
    return mode === 'graphiql' || url.searchParams.get('explorer') === 'graphiql';
  };
  return {
    plugin: mode === 'sandbox' ? sandboxWithFallbackPlugin(defaultQuery, `?${GRAPHIQL_QUERY_PARAMETER}`) : ApolloServerPluginLandingPageDisabled(),
    async route(req, res) {
      if (!servesGraphiQL(req)) return false;
      await graphiql.serve(req, res);
      return true;
    },
  };
}

/**
 * Apollo Server's own test for "show the landing page" (ApolloServer.prefersHTML, same library, same list):
 * text/html must win over the GraphQL media types, which win ties (so `Accept: *\/*` is not a browser).
 */
function prefersHtml(req: IncomingMessage): boolean {
  if (!req.headers.accept) return false;
  const preferred = new Negotiator(req).mediaType([
    'application/json; charset=utf-8',
    'application/graphql-response+json; charset=utf-8',
    'multipart/mixed; deferSpec=20220824',
    'multipart/mixed; incrementalSpec=v0.2',
    'multipart/mixed',
    'text/html',
  ]);
  return preferred === 'text/html';
}
