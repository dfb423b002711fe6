import type { ApolloServerPlugin, LandingPage } from '@apollo/server';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';

/** Seconds to wait for Sandbox's script before giving up on a CDN that does not answer at all. */
export const SANDBOX_LOAD_TIMEOUT_SECONDS = 10;

const SANDBOX_TARGET = '<div id="embeddableSandbox"></div>';
const CSP_META = /<meta http-equiv="Content-Security-Policy"[^>]*>/;
const APOLLO_OFFLINE_TEXT = '<p>Apollo Sandbox cannot be loaded; it appears that you might be offline.</p>';

/**
 * Apollo Server's local default landing page (embedded Sandbox, no cookies), opened on `document`, plus
 * a way out when the browser cannot load Sandbox from Apollo's CDN: the page then goes to `fallbackHref`
 * (the bundled GraphiQL) by itself, and its offline notice links there instead of being a dead end.
 */
export function sandboxWithFallbackPlugin(document: string, fallbackHref: string): ApolloServerPlugin {
  const apollo = ApolloServerPluginLandingPageLocalDefault({ embed: true, includeCookies: false, document });
  return {
    async serverWillStart(service) {
      const listener = await apollo.serverWillStart?.(service);
      const render = listener?.renderLandingPage;
      if (!render) throw new Error('Apollo Server’s landing page plugin no longer renders a page');
      return {
        async renderLandingPage(): Promise<LandingPage> {
          const { html } = await render();
          // Apollo's page is rendered per request (a fresh CSP nonce each time): wrap each one.
          return { html: async () => withFallback(typeof html === 'string' ? html : await html(), fallbackHref) };
        },
      };
    },
  };
}

/**
 * Inserts, first in the head (with the page's CSP nonce), a script that leaves for the fallback when
 * Sandbox's CDN script fails to load or has not arrived after a while. First, because the page's Google
 * Fonts stylesheet blocks every later script until it loads or fails, which on a network that drops
 * packets may take minutes. Fails loudly if Apollo's page changed shape.
 */
export function withFallback(html: string, fallbackHref: string): string {
  const nonce = /'nonce-([A-Za-z0-9+/=_-]+)'/.exec(html)?.[1];
  const csp = CSP_META.exec(html)?.[0];
  if (!nonce || !csp || !html.includes(SANDBOX_TARGET) || !html.includes(APOLLO_OFFLINE_TEXT)) {
    throw new Error('Apollo Server’s Sandbox page changed: update src/server/sandbox-fallback.ts');
  }
  const href = JSON.stringify(fallbackHref);
  const script = `<script nonce="${nonce}">
  (function () {
    function fallBack() {
      var sandbox = document.getElementById('embeddableSandbox');
      if (sandbox) sandbox.style.display = 'none';
      location.replace(${href});
    }
    window.addEventListener('error', function (event) {
      var element = event.target;
      if (element && element.tagName === 'SCRIPT' && /embeddable-sandbox/.test(element.src)) fallBack();
    }, true);
    setTimeout(function () { if (!window.EmbeddedSandbox) fallBack(); }, ${SANDBOX_LOAD_TIMEOUT_SECONDS * 1000});
  })();
</script>`;
  const notice =
    '<p>Apollo Sandbox loads from Apollo’s CDN, which this browser cannot reach. ' +
    `<a id="graphiql-fallback" href=${href}>Open the bundled GraphiQL</a> instead: it works offline.</p>`;
  return html.replace(APOLLO_OFFLINE_TEXT, () => notice).replace(csp, () => `${csp}\n${script}`);
}
