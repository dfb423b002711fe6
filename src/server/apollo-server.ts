import { subscriptionsOverHttpRefusal } from './subscriptions-over-http.plugin';
import { ApolloServer, ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import type { KeyValueCache } from '@apollo/utils.keyvaluecache';
import type { GraphQLSchema } from 'graphql';
import type { Logger } from 'pino';
import type { GatewayLimits } from '../config';
import type { GatewayContext } from '../context';
import { createFormatError } from '../errors/format-error';
import { PERSISTED_QUERY_TTL_SECONDS, createDocumentStore, createPersistedQueryCache } from '../limits/query-caches';
import { queryShapeRules } from '../limits/query-shape-rules';
import { wecomCallLimitPlugin } from '../limits/wecom-call-limit.plugin';

export interface ApolloServerOptions {
  schema: GraphQLSchema;
  logger: Logger;
  limits: GatewayLimits;
  /** Persisted queries shared by the fleet (Redis); unset keeps them in a bounded in-process LRU. */
  persistedQueryStore?: KeyValueCache<string>;
  /** The one landing-page plugin Apollo allows. */
  landingPage: ApolloServerPlugin;
  /** More plugins (metrics, access log). @default none */
  plugins?: ApolloServerPlugin[];
  /** Whether an unexpected error may be logged now (a sampler bounds them under floods). @default always */
  mayWarn?: () => boolean;
}

/** Apollo Server with the gateway's limits, error masking, caches and plugins (README, "Query limits"). */
export function createApolloServer(options: ApolloServerOptions): ApolloServer<GatewayContext> {
  const { limits, logger } = options;
  return new ApolloServer<GatewayContext>({
    schema: options.schema,
    formatError: createFormatError(logger, options.mayWarn),
    includeStacktraceInErrorResponses: false,
    introspection: limits.introspection,
    // No "Did you mean …" suggestions where the schema is not to be explored.
    hideSchemaDetailsFromClientErrors: !limits.introspection,
    validationRules: queryShapeRules(limits),
    // The HTTP handler counts tokens first; this also holds for persisted queries.
    parseOptions: { maxTokens: limits.maxTokens },
    documentStore: createDocumentStore(),
    // index.ts owns the signals; the gateway drains its HTTP server itself (server/lifecycle/http-drain.ts)
    // within SHUTDOWN_GRACE_MS, before Apollo stops.
    stopOnTerminationSignals: false,
    logger,
    // Bounded: entries no larger than MAX_QUERY_BYTES, expiring in Redis, an LRU by bytes in memory.
    // (The Redis store is not namespaced 'apq': Apollo's keys already start with 'apq:', and Keyv 5
    // then skips its prefix on writes but not on KeyvAdapter's batched reads: nothing would be found.)
    persistedQueries: {
      cache: createPersistedQueryCache(options.persistedQueryStore, limits.maxQueryBytes),
      ttl: PERSISTED_QUERY_TTL_SECONDS,
    },
    plugins: [
      // No cache hints are set, and Apollo's implicit cache-control plugin wraps every field resolver:
      // about a third of the CPU per 100-schedule response (bench/PROFILE.md).
      ApolloServerPluginCacheControlDisabled(),
      // Off: a router asking for ftv1 would get resolver timings for any caller, and no Apollo Studio is set up.
      ApolloServerPluginInlineTraceDisabled(),
      options.landingPage,
      subscriptionsOverHttpRefusal(),
      wecomCallLimitPlugin(limits.maxWecomCallsPerRequest),
      ...(options.plugins ?? []),
    ],
  });
}
