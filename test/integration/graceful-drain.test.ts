import { print } from 'graphql';
import { ChildProcess } from 'node:child_process';
import { connect } from 'node:net';
import { CreateScheduleDocument, UpdateScheduleDocument } from '../../client/operations';
import { DEMO_APP, WeComEmulator } from '../../src/emulator/wecom-emulator';
import { postGraphQL } from '../helpers/callers';
import { exitCode, startEntryPoint, waitFor } from '../helpers/entry-point';
import { scheduleInput } from '../helpers/fixtures';
import { RawHttpConnection, RawResponse, rawPost } from '../helpers/raw-http';
import { SCHEDULE_UPDATE } from '../helpers/test-stack';

interface GatewayProcess {
  child: ChildProcess;
  port: number;
  output: () => string;
  exited: Promise<number | null>;
}

/** The real entry point (src/index.ts) in front of the emulator, as an orchestrator would run it. */
async function startGatewayProcess(emulator: WeComEmulator, graceMs: number): Promise<GatewayProcess> {
  const { child, output } = startEntryPoint({
    PORT: '0',
    WECOM_CORP_ID: DEMO_APP.corpId,
    WECOM_CORP_SECRET: DEMO_APP.corpSecret,
    WECOM_API_BASE_URL: emulator.baseUrl,
    SHUTDOWN_GRACE_MS: String(graceMs),
  });
  const exited = exitCode(child);
  await waitFor(() => /gateway ready at/.test(output()) || child.exitCode !== null, 30_000);
  const port = /localhost:(\d+)/.exec(output())?.[1];
  if (!port) throw new Error(`gateway did not start:\n${output()}`);
  return { child, port: Number(port), output, exited };
}

async function createSchedule(port: number, summary: string): Promise<string> {
  const answer = await postGraphQL(`http://127.0.0.1:${port}/graphql`, {
    query: print(CreateScheduleDocument),
    variables: { input: scheduleInput({ summary }) },
  });
  const id = (answer.data as { createSchedule?: { id: string } } | undefined)?.createSchedule?.id;
  if (!id) throw new Error(`create failed: ${answer.text}`);
  return id;
}

const updateRequest = (id: string, summary: string) =>
  rawPost(JSON.stringify({ query: print(UpdateScheduleDocument), variables: { input: { id, summary } } }));

/** Sends a request on its own kept-alive connection; resolves with the answer (or rejects when the socket is cut). */
async function send(port: number, bytes: Buffer, timeoutMs: number): Promise<RawResponse> {
  const connection = await RawHttpConnection.open(port);
  await connection.write(bytes);
  return connection.response(timeoutMs);
}

function connectionRefused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(false)));
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'ECONNREFUSED'));
  });
}

/** A request whose head is sent up to its last header line: the connection is busy, not idle, until `finish`. */
async function halfSent(port: number, bytes: Buffer): Promise<{ finish(): Promise<RawResponse> }> {
  const connection = await RawHttpConnection.open(port);
  const split = bytes.indexOf('\r\n\r\n') + 2;
  await connection.write(bytes.subarray(0, split));
  return { finish: async () => (await connection.write(bytes.subarray(split)), connection.response(5000)) };
}

describe('SIGTERM with mutations in flight (the entry point as a child process)', () => {
  let emulator: WeComEmulator;
  let gateway: GatewayProcess | undefined;

  beforeEach(async () => {
    emulator = await WeComEmulator.start();
  });
  afterEach(async () => {
    if (gateway && gateway.child.exitCode === null && gateway.child.signalCode === null) gateway.child.kill('SIGKILL');
    await gateway?.exited;
    gateway = undefined;
    await emulator.close();
  });

  it('answers every mutation in flight, refuses new work with 503 and new connections, and exits 0 within the grace', async () => {
    gateway = await startGatewayProcess(emulator, 10_000);
    const { port } = gateway;
    const ids = await Promise.all(['a', 'b', 'c'].map((name) => createSchedule(port, `before ${name}`)));
    const readyProbe = await halfSent(port, Buffer.from('GET /ready HTTP/1.1\r\nhost: localhost\r\n\r\n'));
    const late = await halfSent(port, updateRequest(ids[0], 'too late'));
    emulator.setLatency(2000, SCHEDULE_UPDATE);
    const answers = ids.map((id, i) => send(port, updateRequest(id, `moved ${i}`), 15_000));
    await waitFor(() => emulator.callCount(SCHEDULE_UPDATE) === ids.length, 10_000); // every write is at WeCom

    const signalled = Date.now();
    gateway.child.kill('SIGTERM');
    await waitFor(() => gateway!.output().includes('draining'), 5000);
    gateway.child.kill('SIGTERM'); // a supervisor repeating the signal joins the drain, it does not cut it
    const ready = await readyProbe.finish();
    expect(ready).toMatchObject({ status: 503, body: '{"status":"draining"}' });
    const refused = await late.finish();
    expect(refused.status).toBe(503);
    expect(refused.headers.connection).toBe('close');
    expect(JSON.parse(refused.body).errors[0].extensions.code).toBe('SHUTTING_DOWN');
    expect(await connectionRefused(port)).toBe(true);

    const results = await Promise.all(answers);
    results.forEach((result, i) => {
      expect(result.status).toBe(200);
      expect(JSON.parse(result.body)).toEqual({ data: { updateSchedule: expect.objectContaining({ id: ids[i], summary: `moved ${i}` }) } });
      expect(result.headers.connection).toBe('close');
    });
    ids.forEach((id, i) => expect(emulator.storedSchedule(id)?.summary).toBe(`moved ${i}`));
    expect(emulator.callCount(SCHEDULE_UPDATE)).toBe(ids.length); // the refused one never reached WeCom
    expect(await gateway.exited).toBe(0);
    expect(Date.now() - signalled).toBeLessThan(10_000);
  }, 60_000);

  it('cuts a mutation still running when SHUTDOWN_GRACE_MS is over and still exits 0 in time', async () => {
    gateway = await startGatewayProcess(emulator, 1000);
    const { port } = gateway;
    const id = await createSchedule(port, 'slow');
    emulator.setLatency(5000, SCHEDULE_UPDATE);
    const answer = send(port, updateRequest(id, 'never answered'), 15_000);
    await waitFor(() => emulator.callCount(SCHEDULE_UPDATE) === 1, 10_000);

    const signalled = Date.now();
    gateway.child.kill('SIGTERM');
    await expect(answer).rejects.toThrow('connection closed');
    expect(await gateway.exited).toBe(0);
    expect(Date.now() - signalled).toBeLessThan(3500); // the grace (1 s) plus shutdown, well before WeCom's 5 s
    expect(gateway.output()).toContain('SHUTDOWN_GRACE_MS is over');
  }, 60_000);

  it('closes idle kept-alive sockets at once and busy ones after their answer, so they do not hold the exit', async () => {
    gateway = await startGatewayProcess(emulator, 20_000);
    const { port } = gateway;
    const id = await createSchedule(port, 'keep-alive');
    const idle = await RawHttpConnection.open(port);
    await idle.write('GET /health HTTP/1.1\r\nhost: localhost\r\n\r\n');
    expect((await idle.response()).status).toBe(200); // kept alive, now idle
    emulator.setLatency(1000, SCHEDULE_UPDATE);
    const busy = await RawHttpConnection.open(port);
    await busy.write(updateRequest(id, 'answered'));
    await waitFor(() => emulator.callCount(SCHEDULE_UPDATE) === 1, 10_000);

    gateway.child.kill('SIGTERM');
    expect(await idle.closedWithin(1000)).toBe(true);
    const answered = await busy.response(10_000);
    const answeredAt = Date.now();
    expect(answered.status).toBe(200);
    expect(answered.headers.connection).toBe('close');
    expect(await busy.closedWithin(1000)).toBe(true);
    expect(await gateway.exited).toBe(0);
    // Node would keep the busy socket open for its 5 s keep-alive timeout, and the drain would wait for it.
    expect(Date.now() - answeredAt).toBeLessThan(2000);
  }, 60_000);
});
