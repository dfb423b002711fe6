import { request } from 'undici';
import { exitCode, startEntryPoint, waitFor } from '../helpers/entry-point';



describe('the entry point', () => {
  it('starts in demo mode without WeCom or Redis, says so first, and serves CRUD over HTTP', async () => {
    const { child, output } = startEntryPoint({ PORT: '0' });
    try {
      await waitFor(() => /gateway ready at http:\/\/localhost:(\d+)\/graphql/.test(output()), 20_000);
      const firstLine = JSON.parse(output().split('\n')[0]);
      expect(firstLine.msg).toMatch(/^DEMO MODE/);
      const port = /gateway ready at http:\/\/localhost:(\d+)/.exec(output())![1];
      const post = async (query: string) => {
        const response = await request(`http://127.0.0.1:${port}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query }),
        });
        return (await response.body.json()) as { data: Record<string, { id: string; summary?: string; status?: string }> };
      };
      const created = await post(
        'mutation { createSchedule(input: { summary: "Demo", startTime: "2026-12-01T10:00:00+08:00", endTime: "2026-12-01T11:00:00+08:00" }) { id summary } }',
      );
      const id = created.data.createSchedule.id;
      expect(created.data.createSchedule.summary).toBe('Demo');
      const updated = await post(`mutation { updateSchedule(input: { id: "${id}", summary: "Demo 2" }) { id summary } }`);
      expect(updated.data.updateSchedule.summary).toBe('Demo 2');
      const deleted = await post(`mutation { deleteSchedule(id: "${id}") { id } }`);
      expect(deleted.data.deleteSchedule.id).toBe(id);
      const read = await post(`{ schedule(id: "${id}") { id status } }`);
      expect(read.data.schedule?.status ?? 'CANCELLED').toBe('CANCELLED');
    } finally {
      const exited = exitCode(child);
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    }
  }, 40_000);

  it('wires the emulator to call back: the logged command acts as a WeCom user, and the event goes to /wecom/callback', async () => {
    const { child, output } = startEntryPoint({ PORT: '0' });
    try {
      await waitFor(() => /gateway ready at/.test(output()), 20_000);
      const lines = output().split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line));
      const hint = lines.find((line) => /^act as a WeCom user/.test(line.msg));
      expect(hint).toMatchObject({ emulator: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/), scheduleId: expect.any(String), callbackUrlVerified: expect.any(Boolean) });
      // The command in the line, run as it is (what curl would send).
      const [, body, url] = /curl -sS -H 'content-type: application\/json' -d '([^']+)' (\S+)$/.exec(hint.msg)!;
      expect(url).toBe(`${hint.emulator}/emulator/act/modify-schedule`);
      const response = await request(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      expect(response.statusCode).toBe(200);
      expect(await response.body.json()).toMatchObject({ ok: true, event: 'modify_schedule', scheduleId: hint.scheduleId, callback: 'delivering' });
      // The gateway's request log shows WeCom's POST arriving at its callback URL.
      await waitFor(() => /"method":"POST","path":"\/wecom\/callback"/.test(output()), 10_000);
    } finally {
      const exited = exitCode(child);
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    }
  }, 40_000);

  it('refuses to start in production without a WeCom corp (never demo mode)', async () => {
    const { child, output } = startEntryPoint({ NODE_ENV: 'production', PORT: '0' });
    expect(await exitCode(child)).toBe(1);
    expect(output()).toMatch(/WECOM_CORP_ID and WECOM_CORP_SECRET/);
    expect(output()).not.toMatch(/DEMO MODE/);
  }, 40_000);
});
