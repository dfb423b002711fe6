import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Scope } from '../../src/callers/caller';
import { DEMO_APP, WeComEmulator } from '../../src/emulator/wecom-emulator';
import { bearer, newApiKey, postGraphQL } from '../helpers/callers';

const root = join(__dirname, '..', '..');

/** The real entry point (src/index.ts), configured from the environment only, as in production. */
describe('the entry point with NODE_ENV=production and AUTH=api-key', () => {
  let emulator: WeComEmulator;
  let child: ChildProcess;
  let output = '';
  const key = newApiKey('meeting-rooms', [Scope.Read]);

  beforeAll(async () => {
    emulator = await WeComEmulator.start();
    const keysFile = join(mkdtempSync(join(tmpdir(), 'gateway-keys-')), 'api-keys.json');
    writeFileSync(keysFile, JSON.stringify([key.entry]));
    child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', 'src/index.ts'], {
      cwd: root,
      env: {
        PATH: process.env.PATH ?? '',
        NODE_ENV: 'production',
        PORT: '0',
        WECOM_CORP_ID: DEMO_APP.corpId,
        WECOM_CORP_SECRET: DEMO_APP.corpSecret,
        WECOM_API_BASE_URL: emulator.baseUrl,
        AUTH: 'api-key',
        API_KEYS_FILE: keysFile,
      },
    });
    child.stdout!.on('data', (chunk) => (output += chunk));
    child.stderr!.on('data', (chunk) => (output += chunk));
    const until = Date.now() + 30_000;
    while (!/gateway ready at/.test(output)) {
      if (Date.now() > until || child.exitCode !== null) throw new Error(`gateway did not start:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }, 40_000);
  afterAll(async () => {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
    await emulator.close();
  });

  it('answers 401 without the key and serves the caller holding it, warning about nothing', async () => {
    const url = `http://127.0.0.1:${/localhost:(\d+)/.exec(output)![1]}/graphql`;
    const anonymous = await postGraphQL(url, { query: '{ schedule(id: "x") { id } }' });
    expect(anonymous.status).toBe(401);
    const keyed = await postGraphQL(url, { query: '{ schedule(id: "x") { id } }' }, bearer(key.key));
    expect(keyed).toMatchObject({ status: 200, data: { schedule: null } });
    expect(output).not.toContain('AUTH=none');
    expect(output).not.toContain(key.key);
  });
});
