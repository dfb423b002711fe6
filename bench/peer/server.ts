import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import http from 'node:http';
import type { PeerReady } from '../child-protocol';
import { PeerContext, resolvers } from './resolvers';
import { typeDefs } from './schema';
import { WeComAPI, WeComCredentials } from './wecom-api';

/**
 * The peer: a minimal hand-written Apollo Server over WeCom with @apollo/datasource-rest, as one would
 * write it without this project. Started by the benchmark as a child process (IPC channel: `ready`).
 */
async function main(): Promise<void> {
  // The one setting added to "the obvious way": at most 64 keep-alive sockets to WeCom, as the gateway's pool.
  // Unbounded (Node's default), 256 concurrent 100-id queries open 25,600 sockets at once, overflow the
  // emulator's accept backlog and stall for tens of seconds in SYN retries: that measures the socket storm,
  // not the peer, and it spills into the next measurement.
  http.globalAgent.maxSockets = 64;
  const credentials: WeComCredentials = {
    baseUrl: required('WECOM_API_BASE_URL'),
    corpId: required('WECOM_CORP_ID'),
    corpSecret: required('WECOM_CORP_SECRET'),
  };
  const server = new ApolloServer<PeerContext>({ typeDefs, resolvers });
  const { url } = await startStandaloneServer(server, {
    listen: { port: Number(process.env.PORT ?? 0), host: '127.0.0.1' },
    context: async () => ({ dataSources: { wecom: new WeComAPI(credentials) } }),
  });
  const ready: PeerReady = { type: 'ready', url };
  process.send?.(ready);
  // The orchestrator owns this process: when it goes away (or asks), stop.
  process.once('disconnect', () => void server.stop().finally(() => process.exit(0)));
}

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
}

main().catch((error: unknown) => {
  process.stderr.write(`peer failed to start: ${String(error)}\n`);
  process.exit(1);
});
