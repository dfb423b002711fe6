import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, relative, resolve } from 'node:path';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';

const root = join(__dirname, '..', '..');
const SECTION = '## Operations, with curl';
const SYNC_SECTION = '## Staying in sync';

/** The ```sh blocks of a README section, in order: from its heading to the next level-2 heading. */
function walkBlocks(heading = SECTION): string[] {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const start = readme.indexOf(`\n${heading}\n`);
  if (start < 0) throw new Error(`README.md has no "${heading}" section`);
  const end = readme.indexOf('\n## ', start + heading.length + 1);
  const section = readme.slice(start, end < 0 ? undefined : end);
  return [...section.matchAll(/^```sh\n([\s\S]*?)^```$/gm)].map((match) => match[1]);
}

/** The real entry point in demo mode, as `npm run dev` starts it; PORT=0 picks a spare port. */
function startDemoGateway(listenOn = 0): { child: ChildProcess; port: Promise<number> } {
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', 'src/index.ts'], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', PORT: String(listenOn) },
  });
  let output = '';
  const port = new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the gateway did not start:\n${output}`)), 30_000);
    child.stdout!.on('data', (chunk) => {
      output += chunk;
      const ready = /gateway ready at http:\/\/localhost:(\d+)\/graphql/.exec(output);
      if (ready) {
        clearTimeout(timer);
        resolve(Number(ready[1]));
      }
    });
    child.stderr!.on('data', (chunk) => (output += chunk));
  });
  return { child, port };
}

/** Starts the demo gateway for a suite, and stops it (SIGTERM, until it exits) after the suite. */
function demoGatewayStoppedAfterAll(): (listenOn?: number) => ReturnType<typeof startDemoGateway> {
  let gateway: ReturnType<typeof startDemoGateway> | undefined;
  afterAll(async () => {
    if (!gateway) return;
    const exited = new Promise((resolve) => gateway!.child.once('exit', resolve));
    gateway.child.kill('SIGTERM');
    await exited;
  });
  return (listenOn) => (gateway = startDemoGateway(listenOn));
}

/** Runs the blocks in one bash session, as a person pasting them in order would; answers each block's output. */
function runBlocks(blocks: string[], port: number): Promise<{ code: number | null; outputs: string[]; all: string }> {
  const marker = '@@ readme block @@';
  const script = ['set -euo pipefail', 'exec 2>&1', ...blocks.flatMap((block) => [`echo '${marker}'`, block])]
    .join('\n')
    .replace(/localhost:4000/g, `localhost:${port}`)
    .replace(/localhost:4001/g, `localhost:${port + 1}`); // demo mode's emulator: the gateway's port + 1
  const bash = spawn('bash', ['-c', script], { cwd: root, env: { PATH: process.env.PATH ?? '' } });
  let all = '';
  bash.stdout.on('data', (chunk) => (all += chunk));
  bash.stderr.on('data', (chunk) => (all += chunk));
  const killer = setTimeout(() => bash.kill('SIGKILL'), 50_000); // a hung curl must not outlive the test
  return new Promise((resolve) =>
    bash.once('exit', (code) => {
      clearTimeout(killer);
      resolve({ code, all, outputs: all.split(`${marker}\n`).slice(1) });
    }),
  );
}

/** A parsed JSON answer; the checks below say what shape they expect. */
type Json = Record<string, any>;

/** The GraphQL answers a block printed (one JSON object per line), each checked to carry data and no errors. */
function answersOf(output: string): Json[] {
  const answers = output
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Json);
  for (const answer of answers) {
    expect(answer.errors).toBeUndefined();
    expect(answer.data).toBeDefined();
  }
  return answers;
}

const shownValue = (output: string, label: string) => new RegExp(`^${label}: (\\S+)$`, 'm').exec(output)?.[1];

describe('the README walk ("Operations, with curl")', () => {
  const startGateway = demoGatewayStoppedAfterAll();

  it('runs top to bottom in demo mode, each block using what the earlier ones created, without errors', async () => {
    const blocks = walkBlocks();
    expect(blocks).toHaveLength(13);
    const gateway = startGateway();
    const { code, outputs, all } = await runBlocks(blocks, await gateway.port);
    if (code !== 0) throw new Error(`the walk stopped (exit ${code}):\n${all}`);
    expect(outputs).toHaveLength(13);
    const [setup, createCal, readCal, create, read, get, update, attendees, weekly, occurrences, scopes, paging, deletes] =
      outputs;

    expect(setup).toBe('');

    const [calendar] = answersOf(createCal);
    const calId = calendar.data.createCalendar.calendar.id;
    expect(calendar.data.createCalendar).toMatchObject({ calendar: { summary: 'Meeting rooms' }, failedShares: [] });
    expect(shownValue(createCal, 'calendar')).toBe(calId);

    const [calendars, calendarPatch] = answersOf(readCal);
    expect(calendars.data.calendars).toEqual([expect.objectContaining({ id: calId, color: '#3366FF' })]);
    expect(calendarPatch.data.updateCalendar.calendar).toEqual({ id: calId, summary: 'Meeting rooms', color: '#FF9900', description: null });

    const created = answersOf(create).map((answer) => answer.data.createSchedule);
    expect(created.map((schedule) => [schedule.summary, schedule.calendarId])).toEqual([
      ['Design review', calId],
      ['Team lunch', calId],
    ]);
    expect(created[0].startTime).toBe('2026-12-01T02:00:00.000Z');
    const [id, id2] = created.map((schedule) => schedule.id as string);
    expect(create).toContain(`schedules: ${id} ${id2}\n`);

    const [one, several] = answersOf(read);
    expect(one.data.schedule).toMatchObject({ id, status: 'ACTIVE', calendar: { summary: 'Meeting rooms', color: '#FF9900' } });
    expect(several.data.schedules).toEqual([
      { id, summary: 'Design review' },
      { id: id2, summary: 'Team lunch' },
      null,
    ]);

    expect(answersOf(get)).toEqual([{ data: { schedule: { summary: 'Design review', location: 'Room 301' } } }]);

    const [patched] = answersOf(update);
    expect(patched.data.updateSchedule).toEqual({
      id,
      summary: 'Design review (moved)',
      location: null,
      attendees: [{ userId: 'alice' }, { userId: 'bob' }],
      reminders: { remindTimeDiffs: [-900] },
    });

    const [added, removed] = answersOf(attendees);
    expect(added.data.addScheduleAttendees.attendees.map((a: Json) => a.userId)).toEqual(['alice', 'bob', 'carol', 'dave']);
    expect(removed.data.removeScheduleAttendees.attendees.map((a: Json) => a.userId)).toEqual(['alice', 'bob', 'carol']);

    const [recurring] = answersOf(weekly);
    const weeklyId = recurring.data.createSchedule.id;
    expect(recurring.data.createSchedule.reminders).toMatchObject({ isRepeat: true, repeatType: 'WEEKLY' });
    expect(shownValue(weekly, 'weekly')).toBe(weeklyId);

    const tuesdays = ['2026-12-08', '2026-12-15', '2026-12-22', '2026-12-29', '2027-01-05'].map((day) => `${day}T02:00:00.000Z`);
    const [expanded] = answersOf(occurrences);
    expect(expanded.data.schedule.occurrences.map((o: Json) => [o.start, o.excluded])).toEqual(tuesdays.map((start) => [start, false]));

    const [moved, stopped, after] = answersOf(scopes);
    expect(moved.data.updateSchedule.id).not.toBe(weeklyId);
    expect(moved.data.updateSchedule.startTime).toBe('2026-12-15T06:00:00.000Z');
    expect(stopped.data.deleteSchedule.id).toBe(weeklyId);
    expect(after.data.schedule.occurrences.map((o: Json) => [o.start, o.excluded])).toEqual([
      [tuesdays[0], false],
      [tuesdays[1], true],
      [tuesdays[2], false],
      [tuesdays[3], false],
    ]);
    expect(shownValue(scopes, 'moved occurrence')).toBe(moved.data.updateSchedule.id);

    const pages = answersOf(paging).map((answer) => answer.data.calendar.schedules);
    expect(pages.map((page) => [page.edges.length, page.pageInfo.hasNextPage])).toEqual([
      [2, true],
      [2, false],
    ]);
    const paged = pages.flatMap((page) => page.edges.map((edge: Json) => edge.node.id));
    expect([...paged].sort()).toEqual([id, id2, weeklyId, moved.data.updateSchedule.id].sort());

    const [deleted, readAfter, calendarDeleted] = answersOf(deletes);
    expect(deleted.data.deleteSchedule.id).toBe(id);
    expect(readAfter.data.schedule?.status ?? 'CANCELLED').toBe('CANCELLED');
    expect(calendarDeleted.data.deleteCalendar.id).toBe(calId);
  }, 60_000);

  it('links only to files inside the repository that exist (docs/API.md, not ../shared/API.md)', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const targets = [...readme.matchAll(/\]\(([^)#\s]+)(#[^)]*)?\)|`(\.\.\/[^`]+)`/g)]
      .map((match) => match[1] ?? match[3])
      .filter((target) => !/^[a-z]+:/.test(target));
    expect(targets).toContain('docs/API.md');
    for (const target of targets) {
      const path = resolve(root, target);
      expect({ target, inside: !relative(root, path).startsWith('..'), exists: existsSync(path) }).toEqual({
        target,
        inside: true,
        exists: true,
      });
    }
  });
});

/** Two free ports in a row: the demo gateway's and its emulator's (the gateway's + 1). */
async function freePortPair(): Promise<number> {
  const listen = (port: number) =>
    new Promise<ReturnType<typeof createServer> | undefined>((resolve) => {
      const server = createServer();
      server.once('error', () => resolve(undefined));
      server.listen(port, '0.0.0.0', () => resolve(server));
    });
  for (let attempt = 0; attempt < 20; attempt += 1) {
    const first = await listen(0);
    const port = (first!.address() as { port: number }).port;
    const second = port < 65535 ? await listen(port + 1) : undefined;
    await new Promise((done) => first!.close(done));
    if (second) {
      await new Promise((done) => second.close(done));
      return port;
    }
  }
  throw new Error('no two free ports in a row');
}

describe('the README demo of "Staying in sync"', () => {
  const startGateway = demoGatewayStoppedAfterAll();

  it('shows a subscription receiving the gateway\'s create, then the WeCom users\' change and answer, from the commands as written', async () => {
    const blocks = walkBlocks(SYNC_SECTION).slice(0, 2); // the demo: the commands, then the page of changes
    expect(blocks[1]).toContain('scheduleChanges');
    const gateway = startGateway(await freePortPair());
    const port = await gateway.port;
    const client = createClient({ url: `ws://127.0.0.1:${port}/graphql`, webSocketImpl: WebSocket, retryAttempts: 0 });
    const received: Json[] = [];
    const declined = (change: Json) => change.schedule?.attendees?.some((a: Json) => a.userId === 'lisi' && a.response === 'DECLINED');
    const subscribed = new Promise<void>((resolveSubscribed, reject) => {
      const dispose = client.subscribe(
        { query: 'subscription { scheduleChanged { kind source userId caller scheduleId schedule { summary attendees { userId response } } } }' },
        {
          next: (value) => {
            received.push(value.data!.scheduleChanged as Json);
            // Done once lisi's answer is in a recorded state (its own entry, or the move's if both were read at once).
            if (declined(received[received.length - 1])) {
              dispose();
              resolveSubscribed();
            }
          },
          error: reject,
          complete: () => undefined,
        },
      );
    });
    // The README starts the subscription before the commands: wait until the gateway counts it.
    for (let waited = 0; !/^wecom_gateway_subscriptions_active 1$/m.test(await (await fetch(`http://127.0.0.1:${port}/metrics`)).text()); waited += 50) {
      if (waited > 10_000) throw new Error('the subscription never started');
      await new Promise((ready) => setTimeout(ready, 50));
    }
    const { code, outputs, all } = await runBlocks([blocks[0]], port);
    if (code !== 0) throw new Error(`the commands stopped (exit ${code}):\n${all}`);
    await Promise.race([subscribed, new Promise((_, reject) => setTimeout(() => reject(new Error(`only ${JSON.stringify(received)}`)), 10_000))]);
    await client.dispose();
    const id = /^schedule: (\S+)$/m.exec(outputs[0])?.[1];
    expect(id).toBeDefined();
    const entries = received.map((change) => [change.kind, change.source, change.userId, change.caller, change.scheduleId]);
    const [created, moved, answered] = [
      ['SCHEDULE_CREATED', 'GATEWAY', null, 'anonymous', id],
      ['SCHEDULE_UPDATED', 'WECOM', 'zhangsan', null, id],
      ['ATTENDEE_RESPONDED', 'WECOM', 'lisi', null, id],
    ];
    // Three entries, or two when both WeCom events were read at once (the README says so).
    expect([[created, moved, answered], [created, moved]]).toContainEqual(entries);
    expect(received[1].schedule.summary).toBe('Design review, moved to room 502');
    expect(received[received.length - 1].schedule.attendees).toContainEqual({ userId: 'lisi', response: 'DECLINED' });

    const paged = await runBlocks(blocks, port); // the setup again (a second schedule), then the page
    expect(paged.code).toBe(0);
    const [page] = answersOf(paged.outputs[1]);
    expect(page.data.scheduleChanges.edges.map((edge: Json) => edge.node.kind)).toEqual(
      expect.arrayContaining(['SCHEDULE_CREATED', 'SCHEDULE_UPDATED']),
    );
  }, 60_000);
});
