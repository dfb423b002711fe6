import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createServer, connect } from 'node:net';

/** Whether a `redis-server` binary is here: tests that stop Redis start their own instead of the shared one. */
export function redisServerAvailability(): { available: boolean; reason: string } {
  const probe = spawnSync('redis-server', ['--version'], { timeout: 3000 });
  if (probe.status === 0) return { available: true, reason: '' };
  return { available: false, reason: 'no redis-server binary on PATH' };
}

/** `describe` when redis-server can be started; skipped with a reason, or failed under REQUIRE_REDIS=1. */
export function describeWithRedisServer(name: string, body: () => void): void {
  const { available, reason } = redisServerAvailability();
  if (available) return describe(name, body);
  if (process.env.REQUIRE_REDIS === '1') {
    describe(name, () => {
      it('needs redis-server (REQUIRE_REDIS=1)', () => {
        throw new Error(`${reason}; install Redis or unset REQUIRE_REDIS`);
      });
    });
    return;
  }
  // eslint-disable-next-line no-console
  console.warn(`Skipping "${name}": ${reason} (set REQUIRE_REDIS=1 to make this a failure)`);
  describe.skip(name, body);
}

/** A throwaway Redis on a spare port, without persistence, that the test may pause and kill. */
export class PrivateRedisServer {
  private constructor(
    readonly port: number,
    private readonly process: ChildProcess,
  ) {}

  /** On `port` when given (a gateway may be told the URL before Redis is up), a spare one otherwise. */
  static async start(port?: number): Promise<PrivateRedisServer> {
    port ??= await sparePort();
    const child = spawn('redis-server', ['--port', String(port), '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    const server = new PrivateRedisServer(port, child);
    await server.waitForPing(5000);
    return server;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** SIGSTOP: the socket stays open and nothing answers (a hung Redis). */
  pause(): void {
    this.process.kill('SIGSTOP');
  }

  resume(): void {
    this.process.kill('SIGCONT');
  }

  /** Kills it (SIGCONT first, in case it was paused) and waits for the exit. */
  async kill(): Promise<void> {
    if (this.process.exitCode !== null || this.process.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => this.process.once('exit', () => resolve()));
    this.process.kill('SIGCONT');
    this.process.kill('SIGKILL');
    await exited;
  }

  private async waitForPing(timeoutMs: number): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (Date.now() < until) {
      if (await ping(this.port)) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await this.kill();
    throw new Error(`redis-server on port ${this.port} did not answer PING`);
  }
}

export function sparePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => done(String(data).startsWith('+PONG')));
  });
}
