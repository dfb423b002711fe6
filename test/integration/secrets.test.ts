import { Agent, request } from 'undici';
import type { EmulatorApp } from '../../src/emulator/wecom-emulator';
import { CreateScheduleDocument, DeleteScheduleDocument, GetScheduleDocument, GetSchedulesDocument, UpdateScheduleDocument } from '../../client/operations';
import { ScheduleEntitiesDocument } from '../__generated__/operations';
import { scheduleInput } from '../helpers/fixtures';
import { GETTOKEN, SCHEDULE_ADD, SCHEDULE_GET, SCHEDULE_UPDATE, TestStack, startTestStack } from '../helpers/test-stack';

/**
 * API.md "Errors": no response, error or log line ever contains the corp secret or an access token.
 * One broad scenario set runs through a gateway (and a misconfigured second gateway on the same
 * emulator); every response text and every log line is then searched for the secrets.
 */

const SECRET = 'TOP-SECRET-abc123';
const WRONG_SECRET = 'TOP-SECRET-wrong-987';
const APP: EmulatorApp = { corpId: 'secret-corp', corpSecret: SECRET, agentId: 1000005 };

describe('secrets never reach a response or a log line', () => {
  let stack: TestStack;
  let misconfigured: TestStack;
  const client = new Agent({ keepAliveTimeout: 10 });
  const responses: string[] = [];

  beforeAll(async () => {
    // A short pause after 45009 (WECOM_BLOCK_MS), so the scenario goes on to the next schedule/add soon;
    // a short cool-down (longer than a read's backoff) of the circuit breaker that the five 502s open.
    stack = await startTestStack({
      emulator: { apps: [APP] },
      gateway: { wecomTimeoutMs: 1500, callBudget: { blockMs: 100 }, breaker: { cooldownMs: 500 } },
    });
    misconfigured = await startTestStack({
      sharedEmulator: stack.emulator,
      app: { corpId: APP.corpId, corpSecret: WRONG_SECRET },
      gateway: { wecomTimeoutMs: 1500 },
    });
  });
  afterAll(async () => {
    await misconfigured?.stop();
    await stack?.stop();
    await client.close();
  });

  /** Raw HTTP to the gateway, for requests the typed documents cannot express. */
  async function raw(target: TestStack, body: string, contentType = 'application/json'): Promise<string> {
    const response = await request(target.gateway.url, {
      method: 'POST',
      dispatcher: client,
      headers: { 'content-type': contentType },
      body,
    });
    return response.body.text();
  }

  async function record<T extends { text: string }>(result: Promise<T>): Promise<T> {
    const awaited = await result;
    responses.push(awaited.text);
    return awaited;
  }

  it('runs create, read, update, delete, token failures, WeCom errors, a timeout and bad input', async () => {
    const { emulator } = stack;

    // Create, read (one and many, and as a federation entity), update, delete, delete again.
    const created = await record(stack.graphql(CreateScheduleDocument, { input: scheduleInput({ summary: 'Secret test' }) }));
    expect(created.errors).toBeUndefined();
    const id = created.data!.createSchedule.id;
    expect((await record(stack.graphql(GetScheduleDocument, { id }))).data?.schedule?.id).toBe(id);
    expect((await record(stack.graphql(GetSchedulesDocument, { ids: [id, 'missing'] }))).errors).toBeUndefined();
    expect(
      (await record(stack.graphql(ScheduleEntitiesDocument, { representations: [{ __typename: 'Schedule', id }] }))).errors,
    ).toBeUndefined();
    const updated = await record(stack.graphql(UpdateScheduleDocument, { input: { id, summary: 'Renamed' } }));
    expect(updated.data?.updateSchedule.summary).toBe('Renamed');

    // A revoked token (refreshed invisibly), an expired one on a write, and a token rejected twice.
    emulator.revokeTokens();
    expect((await record(stack.graphql(GetScheduleDocument, { id }))).errors).toBeUndefined();
    emulator.expireTokens();
    expect((await record(stack.graphql(UpdateScheduleDocument, { input: { id, location: 'Room 1' } }))).errors).toBeUndefined();
    emulator.failNext(SCHEDULE_GET, 40014, 2);
    expect((await record(stack.graphql(GetScheduleDocument, { id }))).errors?.[0].extensions?.wecomErrcode).toBe(40014);

    // WeCom errors on reads and writes.
    emulator.failNext(SCHEDULE_GET, 48002);
    expect((await record(stack.graphql(GetScheduleDocument, { id }))).errors?.[0].extensions?.code).toBe('WECOM_FORBIDDEN');
    emulator.failNext(SCHEDULE_ADD, 45009);
    expect((await record(stack.graphql(CreateScheduleDocument, { input: scheduleInput() }))).errors?.[0].extensions?.code).toBe(
      'WECOM_RATE_LIMITED',
    );
    await new Promise((resolve) => setTimeout(resolve, 150)); // the gateway's pause of schedule/add ends
    emulator.failNext(SCHEDULE_UPDATE, 12345);
    expect((await record(stack.graphql(UpdateScheduleDocument, { input: { id, summary: 'x' } }))).errors?.[0].extensions?.code).toBe(
      'WECOM_ERROR',
    );
    emulator.failNextHttp(SCHEDULE_GET, 502, 5);
    expect((await record(stack.graphql(GetScheduleDocument, { id }))).errors?.[0].extensions?.code).toBe('WECOM_UNAVAILABLE');
    emulator.failNextHttp(SCHEDULE_ADD, 503);
    expect((await record(stack.graphql(CreateScheduleDocument, { input: scheduleInput() }))).errors?.[0].extensions?.code).toBe(
      'WECOM_UNAVAILABLE',
    );
    // Drain what is left of the 502s (a read retries up to 3 times): the fifth opens schedule/get's circuit
    // breaker, which refuses the next call (a response checked too); after its cool-down a trial closes it.
    const refused = await record(stack.graphql(GetScheduleDocument, { id }));
    expect(refused.errors?.[0].extensions).toMatchObject({ code: 'WECOM_UNAVAILABLE', circuitOpen: true });
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect((await record(stack.graphql(GetScheduleDocument, { id }))).errors).toBeUndefined();

    // A hang: the read times out, then the write's answer is lost.
    emulator.hang(SCHEDULE_GET);
    expect((await record(stack.graphql(GetScheduleDocument, { id }))).errors?.[0].extensions?.code).toBe('WECOM_UNAVAILABLE');
    emulator.release();
    emulator.hang(SCHEDULE_ADD);
    expect((await record(stack.graphql(CreateScheduleDocument, { input: scheduleInput() }))).errors?.[0].extensions?.code).toBe(
      'WECOM_UNAVAILABLE',
    );
    emulator.release();

    // Bad input: a WeCom limit, a malformed DateTime variable, an entity representation without its key.
    const tooLong = await record(stack.graphql(CreateScheduleDocument, { input: scheduleInput({ summary: 'x'.repeat(200) }) }));
    expect(tooLong.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const badDate = await record(stack.graphql(CreateScheduleDocument, { input: scheduleInput({ startTime: 'tomorrow-ish' }) }));
    expect(badDate.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const noId = await record(stack.graphql(ScheduleEntitiesDocument, { representations: [{ __typename: 'Schedule' }] }));
    expect(noId.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'representations' });

    // Malformed operations and bodies.
    responses.push(await raw(stack, JSON.stringify({ query: '{ schedule(id: "1") { id ' })));
    responses.push(await raw(stack, JSON.stringify({ query: '{ schedule(id: "1") { noSuchField } }' })));
    responses.push(await raw(stack, '{not json'));
    responses.push(await raw(stack, 'query { schedule(id: "1") { id } }', 'text/plain'));

    // Deletes, the second one NOT_FOUND.
    expect((await record(stack.graphql(DeleteScheduleDocument, { id }))).data?.deleteSchedule.id).toBe(id);
    expect((await record(stack.graphql(DeleteScheduleDocument, { id }))).errors?.[0].extensions?.code).toBe('NOT_FOUND');

    // gettoken itself failing while refreshing (as after a secret reset); last, since
    // the gateway then answers WECOM_AUTH_FAILED for a cooldown without calling gettoken again.
    emulator.expireTokens();
    emulator.failNext(GETTOKEN, 40001);
    expect((await record(stack.graphql(GetScheduleDocument, { id }))).errors?.[0].extensions?.code).toBe('WECOM_AUTH_FAILED');

    // The gateway configured with a wrong secret.
    const wrong = await record(misconfigured.graphql(GetScheduleDocument, { id }));
    expect(wrong.errors?.[0].extensions).toMatchObject({ code: 'WECOM_AUTH_FAILED', wecomErrcode: 40001 });
    const wrongWrite = await record(misconfigured.graphql(CreateScheduleDocument, { input: scheduleInput() }));
    expect(wrongWrite.errors?.[0].extensions?.code).toBe('WECOM_AUTH_FAILED');
  });

  it('no response and no log line contains the corp secret, an issued access token, or a credentialed WeCom URL', () => {
    const tokens = [
      ...new Set(
        stack.emulator
          .calls()
          .map((call) => call.query.access_token)
          .filter((token): token is string => typeof token === 'string' && token.length > 0),
      ),
    ];
    // The scenario really did use several tokens (initial, after revocation, after each expiry).
    expect(tokens.length).toBeGreaterThanOrEqual(3);
    // And the wrong secret really reached the emulator (so the misconfigured gateway held it).
    expect(stack.emulator.calls(GETTOKEN).some((call) => call.query.corpsecret === WRONG_SECRET)).toBe(true);

    const logs = [stack.logs(), misconfigured.logs()];
    // The logs are not vacuously empty: failures were logged.
    expect(logs[0]).toContain('WeCom error');
    expect(logs[0]).toContain('WeCom rejected the configured corp id or secret');
    expect(logs[1].length).toBeGreaterThan(0);
    expect(responses.length).toBeGreaterThanOrEqual(25);

    const credentialedUrl = new RegExp(`${stack.emulator.baseUrl.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}[^\\s"']*\\?`);
    const outputs = [...responses.map((text, i) => [`response #${i}`, text]), ['gateway log', logs[0]], ['misconfigured gateway log', logs[1]]];
    for (const [where, text] of outputs) {
      for (const secret of [SECRET, WRONG_SECRET, ...tokens]) {
        if (text.includes(secret)) throw new Error(`${where} contains a secret or token: ${text.slice(0, 500)}`);
      }
      expect({ where, accessTokenParam: text.includes('access_token=') }).toEqual({ where, accessTokenParam: false });
      expect({ where, corpSecretParam: text.includes('corpsecret=') }).toEqual({ where, corpSecretParam: false });
      expect({ where, credentialedUrl: credentialedUrl.test(text) }).toEqual({ where, credentialedUrl: false });
    }
  });
});
