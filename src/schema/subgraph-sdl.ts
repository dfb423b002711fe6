import { GraphQLSchema, graphql } from 'graphql';

/** The SDL the subgraph serves as `_service { sdl }`: what a router composes, and what schema.graphql holds. */
export async function subgraphSdl(schema: GraphQLSchema): Promise<string> {
  const result = await graphql({ schema, source: '{ _service { sdl } }' });
  const sdl = (result.data as { _service?: { sdl?: string } } | null)?._service?.sdl;
  if (!sdl) throw new Error(`cannot read _service.sdl: ${JSON.stringify(result.errors)}`);
  return sdl.endsWith('\n') ? sdl : `${sdl}\n`;
}
