import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { buildGatewaySchema } from '../../src/schema/build-schema';
import { subgraphSdl } from '../../src/schema/subgraph-sdl';

const root = join(__dirname, '..', '..');
const read = (file: string) => readFileSync(join(root, file), 'utf8');

describe('generated files are current', () => {
  it('schema.graphql matches the SDL emitted from the code (run `npm run schema:emit`)', async () => {
    const emitted = await subgraphSdl(await buildGatewaySchema());
    expect(read('schema.graphql')).toBe(emitted);
  });

  it('the typed documents match what codegen.ts generates from schema.graphql (run `npm run codegen`)', async () => {
    // The codegen CLI's own dry run; it loads ESM-only modules that jest's CommonJS runtime cannot.
    const cli = join(root, 'node_modules', '.bin', 'graphql-codegen');
    const run = promisify(execFile)(cli, ['--config', 'codegen.ts', '--check'], { cwd: root });
    await expect(run).resolves.toBeDefined();
  }, 60_000);
});
