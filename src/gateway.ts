import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { WeComAppConfig } from './config';
import { GatewayContext, createContextFactory } from './context';
import { WeComClient } from './datasources/wecom/wecom-client';
import { wecomAppKey } from './domain/app-key';
import { createFormatError } from './errors/format-error';
import { createWeComAgent } from './http/agent';
import { WeComHttpClient } from './http/wecom-http-client';
import { buildGatewaySchema } from './schema/build-schema';
import { GRAPHQL_PATH, createHttpHandler } from './server/http-handler';
import { AccessTokenProvider } from './token/access-token-provider';
import { fetchAccessToken } from './token/fetch-access-token';
import { createSharedCache } from './cache/shared-cache';
import { CachedToken } from './token/access-token-provider';
import { ExplorerMode } from './server/explorer-mode';
import { landingPagePlugin } from './server/landing-page';
import { KeyvAdapter } from '@apollo/utils.keyvadapter';
import { AuthSettings, NO_AUTH } from './callers/auth-settings';
import { createAuthenticator } from './callers/authenticator';
import { guardRootFields } from './callers/root-field-guard';

export interface GatewayOptions {
  wecom: WeComAppConfig;
  logger: Logger;
  /** 0 picks a free port (tests). */
  port: number;
  /** @default '0.0.0.0' */
  host?: string;
  cacheUrl?: string;
  /** Budget of one WeCom call, retries included. @default 10000 */
  wecomTimeoutMs?: number;
  production?: boolean;
  /** The browser page at GET /graphql. @default 'sandbox', or 'off' in production */
  explorer?: ExplorerMode;
  /** Who may call (API keys, JWTs) and with which scopes. @default AUTH=none: everyone is `anonymous` */
  auth?: AuthSettings;
}

export interface RunningGateway {
  /** e.g. http://127.0.0.1:4000/graphql */
  url: string;
  port: number;
  stop(): Promise<void>;
}

/**
 * Wires one gateway: the shared pieces (connection pool, token cache and provider, WeCom client)
 * are created once here; loaders and services are created per request by the context factory.
 */
export async function startGateway(options: GatewayOptions): Promise<RunningGateway> {
  const { logger, wecom } = options;
  const agent = createWeComAgent();
  const http = new WeComHttpClient({ baseUrl: wecom.apiBaseUrl, dispatcher: agent });
  const sharedCache = createSharedCache(options.cacheUrl, logger);
  const tokens = new AccessTokenProvider({
    credentials: wecom,
    cache: sharedCache.keyv<CachedToken>('wecom-access-token', { throwOnErrors: true }),
    fetchToken: (deadline) => fetchAccessToken(http, wecom, deadline),
    logger,
  });
  const client = new WeComClient({ http, tokens, logger, timeoutMs: options.wecomTimeoutMs });
  const appKey = wecomAppKey(wecom);

  const auth = options.auth ?? NO_AUTH;
  if (options.production && auth.methods.length === 0) {
    logger.warn('AUTH=none in production: anyone who reaches this port may read and write schedules and calendars');
  }
  const authenticate = createAuthenticator(auth, logger);
  const schema = await buildGatewaySchema();
  guardRootFields(schema, logger); // scopes per root field, audit lines per write; anonymous has both scopes

  const httpServer = createServer();
  const apollo = new ApolloServer<GatewayContext>({
    schema,
    formatError: createFormatError(logger),
    includeStacktraceInErrorResponses: false,
    introspection: true,
    // index.ts owns the signals: it stops the gateway, then the demo emulator, then exits 0.
    stopOnTerminationSignals: false,
    logger,
    // Automatic persisted queries in the same store as tokens: shared by all instances with CACHE_URL.
    // Not namespace 'apq': Apollo's keys already start with 'apq:', and Keyv 5 then skips its prefix
    // on writes but not on KeyvAdapter's batched reads, so nothing would ever be found.
    persistedQueries: { cache: new KeyvAdapter(sharedCache.keyv<string>('persisted-query', { throwOnErrors: false })) },
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      // No cache hints are set, and Apollo's implicit cache-control plugin wraps every field resolver:
      // about a third of the CPU per 100-schedule response (bench/PROFILE.md).
      ApolloServerPluginCacheControlDisabled(),
      landingPagePlugin(options.explorer ?? (options.production ? 'off' : 'sandbox')),
    ],
  });
  await apollo.start();
  const handler = createHttpHandler({ apollo, context: createContextFactory({ client, appKey, logger, authenticate }) });
  httpServer.on('request', (req, res) => {
    handler(req, res).catch((error: unknown) => {
      logger.error({ err: error }, 'HTTP handler failed');
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  const stop = async () => {
    await apollo.stop();
    await agent.close();
    await sharedCache.close();
  };
  try {
    await new Promise<void>((resolve, reject) => {
      httpServer.once('error', reject);
      httpServer.listen(options.port, options.host ?? '0.0.0.0', () => resolve());
    });
  } catch (error) {
    await stop(); // the port was taken, say: release the pool and the cache connection too
    throw error;
  }
  const { port } = httpServer.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}${GRAPHQL_PATH}`, port, stop };
}
