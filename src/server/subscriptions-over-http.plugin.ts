import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError } from 'graphql';

/**
 * A subscription sent as an HTTP request would run its field once as a query and fail obscurely:
 * it is refused with a pointer to the WebSocket transport, before anything runs.
 */
export function subscriptionsOverHttpRefusal<TContext extends object>(): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation }) {
          if (operation?.operation !== 'subscription') return;
          throw new GraphQLError(
            'Subscriptions are served over WebSocket (the graphql-ws protocol, subprotocol graphql-transport-ws) at this same /graphql path, not over HTTP',
            { extensions: { code: 'BAD_REQUEST', http: { status: 400 } } },
          );
        },
      };
    },
  };
}
