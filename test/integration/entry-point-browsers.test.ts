import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { request } from 'undici';
import { DEMO_CALENDAR_SUMMARY, DEMO_SCHEDULE_SUMMARY } from '../../src/emulator/demo-data';
import { DEMO_APP, WeComEmulator } from '../../src/emulator/wecom-emulator';
import { graphiqlOptions } from '../helpers/graphiql-page';

const root = join(__dirname, '..', '..');

/** The real entry point (src/index.ts), as `npm start` runs it, until it says where it listens. */
async function startEntryPoint(env: Record<string, string>): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', 'src/index.ts'], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', PORT: '0', ...env },
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const until = Date.now() + 30_000;
  for (;;) {
    const port = /gateway ready at http:\/\/localhost:(\d+)/.exec(output)?.[1];
    if (port) return { child, url: `http://127.0.0.1:${port}/graphql` };
    if (Date.now() > until || child.exitCode !== null) throw new Error(`the gateway did not start:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

async function preflightAllowOrigin(url: string, origin: string): Promise<string | undefined> {
  const response = await request(url, {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
  });
  await response.body.dump();
  return response.headers['access-control-allow-origin'] as string | undefined;
}

async function run(url: string, query: string): Promise<unknown> {
  const response = await request(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
  return response.body.json();
}

describe('the entry point, for browsers', () => {
  it('in demo mode allows every origin, and GraphiQL opens on a sample query that lists the demo data seeded at start', async () => {
    const { child, url } = await startEntryPoint({});
    try {
      expect(await preflightAllowOrigin(url, 'http://localhost:5173')).toBe('http://localhost:5173');
      const { defaultQuery } = await graphiqlOptions(`${url}?explorer=graphiql`);
      const result = (await run(url, defaultQuery)) as {
        errors?: unknown;
        data: { calendar: { summary: string; schedules: { edges: { node: { summary: string; attendees: unknown[] } }[] } } };
      };
      expect(result.errors).toBeUndefined();
      expect(result.data.calendar.summary).toBe(DEMO_CALENDAR_SUMMARY);
      expect(result.data.calendar.schedules.edges.map((edge) => edge.node.summary)).toEqual([DEMO_SCHEDULE_SUMMARY]);
      expect(result.data.calendar.schedules.edges[0].node.attendees).toHaveLength(2);
    } finally {
      await stop(child);
    }
  }, 60_000);

  it('with a corp configured allows no origin, seeds nothing, and the sample query still runs as it is', async () => {
    const emulator = await WeComEmulator.start();
    const { child, url } = await startEntryPoint({
      WECOM_CORP_ID: DEMO_APP.corpId,
      WECOM_CORP_SECRET: DEMO_APP.corpSecret,
      WECOM_API_BASE_URL: emulator.baseUrl,
    });
    try {
      expect(await preflightAllowOrigin(url, 'http://localhost:5173')).toBeUndefined();
      const { defaultQuery } = await graphiqlOptions(`${url}?explorer=graphiql`);
      expect(await run(url, defaultQuery)).toEqual({ data: { __typename: 'Query' } });
      expect(defaultQuery).toMatch(/#\s*query Schedule\(\$id: ID!/); // the example a user fills in, commented out
      expect(emulator.calls().map((call) => call.path)).toEqual([]);
    } finally {
      await stop(child);
      await emulator.close();
    }
  }, 60_000);
});
