import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import { ExplorerMode } from './explorer-mode';
import { GRAPHQL_PATH } from './http-handler';

const EXAMPLE_QUERY = `# The WeCom schedule gateway. Try:
query Schedule($id: ID! = "<schedule id>") {
  schedule(id: $id) {
    id
    summary
    startTime
    endTime
    attendees { userId response }
  }
}
`;

/**
 * One landing-page plugin (Apollo Server takes only one):
 * - `sandbox`: Apollo Sandbox, loaded by the browser from Apollo's CDN (Apollo Server's local default);
 * - `graphiql`: GraphiQL bundled from npm and served by the gateway itself as one self-contained page,
 *   for networks that cannot reach the CDN: no request leaves the machine;
 * - `off`: no landing page (GET /graphql without a query is then a 400).
 */
export function landingPagePlugin(mode: ExplorerMode): ApolloServerPlugin {
  if (mode === 'off') return ApolloServerPluginLandingPageDisabled();
  if (mode === 'sandbox') return ApolloServerPluginLandingPageLocalDefault({ embed: true, includeCookies: false });
  return offlineGraphiQLPlugin();
}

function offlineGraphiQLPlugin(): ApolloServerPlugin {
  return {
    async serverWillStart() {
      return {
        // Apollo renders the page once, at start; the ~9 MB bundle is loaded only in this mode.
        async renderLandingPage() {
          const { renderGraphiQL } = await import('@graphql-yoga/render-graphiql');
          // No "logo": the default one is inline, and nothing may be fetched from elsewhere.
          return { html: renderGraphiQL({ endpoint: GRAPHQL_PATH, title: 'WeCom schedule gateway', defaultQuery: EXAMPLE_QUERY }) };
        },
      };
    },
  };
}
