import 'reflect-metadata';
import { buildGatewaySchema } from '../src/schema/build-schema';
import { subgraphSdl } from '../src/schema/subgraph-sdl';
buildGatewaySchema().then(subgraphSdl).then((sdl) => process.stdout.write(sdl));
