import { request } from 'undici';
import { exitCode, startEntryPoint, waitFor } from '../helpers/entry-point';
import { WeComEmulator, type EmulatorApp } from '../../src/emulator/wecom-emulator';
import { GETTOKEN, SCHEDULE_GET } from '../helpers/test-stack';

/**
 * The production wiring (src/index.ts → createLogger with the corp secret) is what keeps the secret out
 * of the logs when a text the gateway logs happens to carry it. The real entry point runs as a child
 * process against the emulator with a real corp id and secret; WeCom's errmsg (logged for operators,
 * never answered to callers) is made to carry the secret, and the process output is searched for it.
 */

const SECRET = 'EntryPointSecret-7Qx2Lm9Vb4Nc8Zr1';
const APP: EmulatorApp = { corpId: 'entry-corp', corpSecret: SECRET, agentId: 1000007 };


describe('the real entry point with WeCom credentials', () => {
  let emulator: WeComEmulator;
  beforeAll(async () => {
    emulator = await WeComEmulator.start({ apps: [APP] });
  });
  afterAll(() => emulator?.close());

  it('never prints the corp secret, even when WeCom’s errmsg carries it: the log line says [REDACTED]', async () => {
    const { child, output } = startEntryPoint({
      WECOM_CORP_ID: APP.corpId,
      WECOM_CORP_SECRET: SECRET,
      WECOM_AGENT_ID: String(APP.agentId),
      WECOM_API_BASE_URL: emulator.baseUrl,
      PORT: '0',
      LOG_LEVEL: 'debug',
    });
    const exited = exitCode(child);
    try {
      await waitFor(() => /gateway ready at http:\/\/localhost:(\d+)\/graphql/.test(output()), 30_000);
      const port = /gateway ready at http:\/\/localhost:(\d+)/.exec(output())![1];
      // Not an echo of the query string (that form is scrubbed by name): the bare secret inside WeCom's text.
      emulator.failNextWithErrmsg(SCHEDULE_GET, 40058, `invalid parameter, the app secret ${SECRET} is not accepted here`);

      const response = await request(`http://127.0.0.1:${port}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ schedule(id: "any-id") { id } }' }),
      });
      const body = await response.body.text();
      expect(JSON.parse(body).errors[0].extensions).toMatchObject({ code: 'WECOM_ERROR', wecomErrcode: 40058 });
      // The credentials really went out, so the secret was in the process all along.
      expect(emulator.calls(GETTOKEN).at(-1)!.query).toMatchObject({ corpid: APP.corpId, corpsecret: SECRET });
      await waitFor(() => output().includes('"msg":"WeCom error"'), 5_000);
    } finally {
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    }

    const lines = output().split('\n').filter((line) => line.trim() !== '');
    const wecomError = lines.map((line) => JSON.parse(line)).find((entry) => entry.msg === 'WeCom error');
    expect(wecomError).toMatchObject({ endpoint: 'oa/schedule/get', errcode: 40058 });
    expect(wecomError.errmsg).toContain('the app secret [REDACTED] is not accepted here');
    expect(output()).not.toContain(SECRET);
  }, 60_000);
});
