/** Writes schema.graphql: the subgraph SDL the server serves as `_service { sdl }`, emitted from the type-graphql classes. */
import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildGatewaySchema } from '../src/schema/build-schema';
import { subgraphSdl } from '../src/schema/subgraph-sdl';

export const SCHEMA_FILE = join(__dirname, '..', 'schema.graphql');

async function main(): Promise<void> {
  const sdl = await subgraphSdl(await buildGatewaySchema());
  writeFileSync(SCHEMA_FILE, sdl);
  process.stdout.write(`wrote ${SCHEMA_FILE}\n`);
}

void main();
