import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createServer, connect } from 'node:net';

export interface OwnRedis {
  url: string;
  /** Kills the server (SIGKILL: as abrupt as a crash) and waits for it to be gone. */
  kill(): Promise<void>;
}

/** Whether `redis-server` can be started here (tests that stop Redis bring their own). */
export function redisServerAvailability(): { available: boolean; reason: string } {
  const probe = spawnSync('redis-server', ['--version'], { timeout: 3000 });
  if (probe.status === 0) return { available: true, reason: '' };
  return { available: false, reason: 'no redis-server binary on PATH' };
}

/** `describe` when redis-server can be started, else skipped with a printed reason (a failure with REQUIRE_REDIS=1). */
export function describeWithOwnRedis(name: string, body: () => void): void {
  const { available, reason } = redisServerAvailability();
  if (available) return describe(name, body);
  if (process.env.REQUIRE_REDIS === '1') {
    describe(name, () => it('needs redis-server (REQUIRE_REDIS=1)', () => {
      throw new Error(`${reason}; install redis-server or unset REQUIRE_REDIS`);
    }));
    return;
  }
  // eslint-disable-next-line no-console
  console.warn(`Skipping "${name}": ${reason}`);
  describe.skip(name, body);
}

/** A throwaway redis-server on a spare loopback port, without persistence. */
export async function startOwnRedis(): Promise<OwnRedis> {
  const port = await sparePort();
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
    stdio: 'ignore',
  });
  await untilPong(port, child);
  return {
    url: `redis://127.0.0.1:${port}`,
    kill: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGKILL');
      }),
  };
}

function sparePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function untilPong(port: number, child: ChildProcess): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    if (child.exitCode !== null) throw new Error(`redis-server exited with ${child.exitCode}`);
    if (await ping(port)) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  child.kill('SIGKILL');
  throw new Error('redis-server did not answer PING within 5 s');
}

function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.setTimeout(500, () => (socket.destroy(), resolve(false)));
    socket.on('error', () => resolve(false));
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (data) => {
      socket.destroy();
      resolve(String(data).startsWith('+PONG'));
    });
  });
}
