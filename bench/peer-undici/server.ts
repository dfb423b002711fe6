import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { GraphQLError } from 'graphql';
import { DateTimeResolver } from 'graphql-scalars';
import type { PeerReady } from '../child-protocol';
import { ScheduleInput, scheduleFromWire, wireFromCreateInput, wireFromPatch } from '../peer/mapping';
import { typeDefs } from '../peer/schema';
import { WeComClient } from './wecom-client';

/**
 * The second peer: a minimal Apollo Server calling WeCom with undici directly (no data source, no
 * per-request objects), one schedule/get per id: the fastest thing a team could hand-write. Same schema
 * and mapping as the first peer (bench/peer). Started by the benchmark as a child process (IPC: `ready`).
 */
async function main(): Promise<void> {
  const wecom = new WeComClient({
    baseUrl: required('WECOM_API_BASE_URL'),
    corpId: required('WECOM_CORP_ID'),
    corpSecret: required('WECOM_CORP_SECRET'),
  });
  const read = async (id: string) => {
    const wire = await wecom.getSchedule(id);
    return wire ? scheduleFromWire(wire) : null;
  };
  const resolvers = {
    DateTime: DateTimeResolver,
    Query: {
      schedule: (_: unknown, args: { id: string }) => read(args.id),
      schedules: (_: unknown, args: { ids: string[] }) => Promise.all(args.ids.map(read)),
    },
    Mutation: {
      async createSchedule(_: unknown, args: { input: ScheduleInput & { startTime: Date; endTime: Date } }) {
        return read(await wecom.addSchedule(wireFromCreateInput(args.input)));
      },
      async updateSchedule(_: unknown, args: { input: ScheduleInput & { id: string } }) {
        const { id, ...patch } = args.input;
        const current = await wecom.getSchedule(id);
        if (!current) throw new GraphQLError(`Schedule ${id} does not exist`, { extensions: { code: 'NOT_FOUND' } });
        await wecom.updateSchedule(wireFromPatch(current, patch), !patch.attendees);
        return read(id);
      },
    },
  };
  const server = new ApolloServer({ typeDefs, resolvers });
  const { url } = await startStandaloneServer(server, { listen: { port: Number(process.env.PORT ?? 0), host: '127.0.0.1' } });
  const ready: PeerReady = { type: 'ready', url };
  process.send?.(ready);
  process.once('disconnect', () => void server.stop().then(() => wecom.close()).finally(() => process.exit(0)));
}

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
}

main().catch((error: unknown) => {
  process.stderr.write(`peer-undici failed to start: ${String(error)}\n`);
  process.exit(1);
});
