import { ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Pool } from 'undici';

/**
 * The attack: 4 clients sending distinct valid 1 MB queries (`{ __typename } # <n> <padding>`)
 * for 55 s (plus start-up and warm-up: about 70 s in all), each also registered as a persisted query. MAX_QUERY_BYTES is raised so that every one is
 * parsed, validated, cached and persisted: the caches themselves must hold memory bounded.
 *
 * The bound: the gateway's RSS may grow at most 320 MiB above its RSS once warmed up. What it may
 * legitimately hold: the parsed-document cache (32 MiB by estimate, the text counted twice) and the
 * persisted queries in memory (16 MiB by estimate), 4 requests in flight (about 5 copies of 1 MB
 * each: socket chunks, the joined body, the JSON string, the query), plus the V8 garbage of 1 MB
 * strings between major collections (measured: a sawtooth of about 220-400 MiB with a 220 MiB start,
 * so growth up to ~180 MiB; the bound leaves room for a slower collector on a busy machine).
 * Without the bounds (Apollo's default document store, an unbounded persisted-query Keyv) RSS grew
 * linearly, ~1.8 MB per query: 620 MiB after 226 queries.
 */
const DURATION_MS = Number(process.env.MEMORY_TEST_DURATION_MS ?? 55_000);
const CLIENTS = 4;
const QUERY_BYTES = 1_000_000;
const GROWTH_BOUND_BYTES = 320 * 1024 * 1024;

const ROOT = join(__dirname, '..', '..');

function rssOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) * 1024;
}

/** The gateway as `npm run dev` starts it (demo mode), in its own process so its RSS is its own. */
function startGatewayProcess(): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', 'src/index.ts'], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', LOG_LEVEL: 'info', NODE_ENV: 'development', MAX_QUERY_BYTES: String(2 * QUERY_BYTES), MAX_BODY_BYTES: String(4 * QUERY_BYTES) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /gateway ready at http:\/\/localhost:(\d+)\/graphql/.exec(output);
      if (match) resolve({ child, port: Number(match[1]) });
    });
    child.once('exit', (code) => reject(new Error(`gateway exited (${code}) before it was ready: ${output}`)));
  });
}

function distinctQuery(n: number): string {
  const head = `{ __typename } # ${n} `;
  return head + 'x'.repeat(QUERY_BYTES - head.length);
}

describe('memory under distinct 1 MB queries', () => {
  let gateway: { child: ChildProcess; port: number };
  let pool: Pool;

  beforeAll(async () => {
    gateway = await startGatewayProcess();
    pool = new Pool(`http://127.0.0.1:${gateway.port}`, { connections: CLIENTS });
  }, 60_000);
  afterAll(async () => {
    await pool.close();
    gateway.child.kill('SIGTERM');
  });

  async function send(n: number): Promise<number> {
    const query = distinctQuery(n);
    const sha256Hash = createHash('sha256').update(query).digest('hex');
    const response = await pool.request({
      path: '/graphql',
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query, extensions: { persistedQuery: { version: 1, sha256Hash } } }),
    });
    const body = (await response.body.json()) as { data?: unknown };
    expect(body.data).toEqual({ __typename: 'Query' });
    return response.statusCode;
  }

  it(
    `keeps the gateway's RSS within 320 MiB of its warmed-up RSS while ${CLIENTS} clients send distinct 1 MB queries`,
    async () => {
      let sent = 0;
      for (let i = 0; i < 20; i++) await send(sent++); // warm up: code paths compiled, caches in use
      const pid = gateway.child.pid!;
      const baseline = rssOf(pid);
      let peak = baseline;
      const sampler = setInterval(() => (peak = Math.max(peak, rssOf(pid))), 200);

      const end = Date.now() + DURATION_MS;
      const statuses = await Promise.all(
        Array.from({ length: CLIENTS }, async () => {
          const seen: number[] = [];
          while (Date.now() < end) seen.push(await send(sent++));
          return seen;
        }),
      );
      clearInterval(sampler);
      peak = Math.max(peak, rssOf(pid));

      const answered = statuses.flat();
      // Enough distinct queries that unbounded caches (~1.8 MB kept per query: the parsed document and
      // the persisted text) would have grown past the bound: 250 × 1.8 MB = 450 MB.
      expect(answered.length).toBeGreaterThan(250);
      expect(answered.every((status) => status === 200)).toBe(true);
      process.stdout.write(
        `memory-bound: ${answered.length} distinct 1 MB queries, RSS ${(baseline / 2 ** 20).toFixed(0)} MiB warmed up, peak ${(peak / 2 ** 20).toFixed(0)} MiB\n`,
      );
      expect(peak - baseline).toBeLessThan(GROWTH_BOUND_BYTES);
    },
    DURATION_MS + 30_000,
  );
});
