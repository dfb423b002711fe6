import { Pool } from 'undici';
import { GraphQLError } from 'graphql';
import type { WeComAnswer, WireSchedule, WireScheduleWrite } from '../peer/wire';

export interface WeComCredentials {
  baseUrl: string;
  corpId: string;
  corpSecret: string;
}

/**
 * WeCom over one undici Pool, one call per id: what a team would hand-write for speed. The token is a
 * module-level cache filled by the first gettoken (and dropped when WeCom rejects it).
 */
export class WeComClient {
  private readonly pool: Pool;
  private token?: Promise<string>;

  constructor(private readonly credentials: WeComCredentials) {
    // 64 keep-alive connections, as the other peer and the gateway.
    this.pool = new Pool(credentials.baseUrl, { connections: 64 });
  }

  async getSchedule(id: string): Promise<WireSchedule | null> {
    const answer = await this.call<{ schedule_list?: WireSchedule[] }>('/cgi-bin/oa/schedule/get', { schedule_id_list: [id] });
    return answer.schedule_list?.[0] ?? null;
  }

  async addSchedule(schedule: WireScheduleWrite): Promise<string> {
    return (await this.call<{ schedule_id: string }>('/cgi-bin/oa/schedule/add', { schedule })).schedule_id;
  }

  async updateSchedule(schedule: WireScheduleWrite, skipAttendees: boolean): Promise<void> {
    await this.call('/cgi-bin/oa/schedule/update', { skip_attendees: skipAttendees ? 1 : 0, schedule });
  }

  close(): Promise<void> {
    return this.pool.close();
  }

  private accessToken(): Promise<string> {
    this.token ??= this.fetchToken().catch((error: unknown) => {
      this.token = undefined;
      throw error;
    });
    return this.token;
  }

  private async fetchToken(): Promise<string> {
    const query = new URLSearchParams({ corpid: this.credentials.corpId, corpsecret: this.credentials.corpSecret });
    const { body } = await this.pool.request({ method: 'GET', path: `/cgi-bin/gettoken?${query}` });
    const answer = (await body.json()) as WeComAnswer & { access_token: string };
    checkErrcode(answer);
    return answer.access_token;
  }

  private async call<T>(path: string, payload: object): Promise<WeComAnswer & T> {
    const token = await this.accessToken();
    const { body } = await this.pool.request({
      method: 'POST',
      path: `${path}?access_token=${encodeURIComponent(token)}`,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(payload),
    });
    const answer = (await body.json()) as WeComAnswer & T;
    if (answer.errcode === 40014 || answer.errcode === 42001) this.token = undefined;
    checkErrcode(answer);
    return answer;
  }
}

function checkErrcode(answer: WeComAnswer): void {
  if (answer.errcode !== 0) {
    throw new GraphQLError(`WeCom error ${answer.errcode}`, { extensions: { code: 'WECOM_ERROR', wecomErrcode: answer.errcode } });
  }
}
