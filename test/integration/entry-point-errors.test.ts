import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');

/** Runs the real entry point (src/index.ts) until it exits; answers its exit code and everything it printed. */
function runEntryPoint(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', 'src/index.ts'], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', ...env },
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const killer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  return new Promise((resolve) =>
    child.once('exit', (code) => {
      clearTimeout(killer);
      resolve({ code, output });
    }),
  );
}

describe('the entry point explains why it cannot start', () => {
  let occupied: Server;
  beforeAll(async () => {
    occupied = createServer();
    await new Promise<void>((resolve) => occupied.listen(0, '0.0.0.0', resolve));
  });
  afterAll(() => new Promise<void>((resolve) => occupied.close(() => resolve())));

  it('exits 1 on a port in use and suggests PORT=<another port>', async () => {
    const { port } = occupied.address() as AddressInfo;
    const { code, output } = await runEntryPoint({ PORT: String(port) });
    expect(code).toBe(1);
    expect(output).toContain(`port ${port} is already in use`);
    expect(output).toContain(`PORT=${port + 1} npm start`);
  }, 40_000);

  it('exits 1 on LOG_LEVEL=verbose, naming the levels it accepts, before starting anything', async () => {
    const { code, output } = await runEntryPoint({ PORT: '0', LOG_LEVEL: 'verbose' });
    expect(code).toBe(1);
    expect(output).toContain('Configuration error: LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent (got "verbose")');
    expect(output).not.toMatch(/DEMO MODE/);
  }, 40_000);
});
