import { RESTDataSource } from '@apollo/datasource-rest';
import { GraphQLError } from 'graphql';
import type { WeComAnswer, WireSchedule, WireScheduleWrite } from './wire';

export interface WeComCredentials {
  baseUrl: string;
  corpId: string;
  corpSecret: string;
}

/** The obvious token cache: a module variable, filled by the first gettoken. */
let accessToken: string | undefined;

/** WeCom's REST API with @apollo/datasource-rest, one instance per GraphQL request. */
export class WeComAPI extends RESTDataSource {
  constructor(private readonly credentials: WeComCredentials) {
    super();
    this.baseURL = `${credentials.baseUrl}/cgi-bin/`;
  }

  async getSchedule(id: string): Promise<WireSchedule | null> {
    const answer = await this.call<{ schedule_list?: WireSchedule[] }>('oa/schedule/get', { schedule_id_list: [id] });
    return answer.schedule_list?.[0] ?? null;
  }

  async addSchedule(schedule: WireScheduleWrite): Promise<string> {
    const answer = await this.call<{ schedule_id: string }>('oa/schedule/add', { schedule });
    return answer.schedule_id;
  }

  async updateSchedule(schedule: WireScheduleWrite, skipAttendees: boolean): Promise<void> {
    await this.call('oa/schedule/update', { skip_attendees: skipAttendees ? 1 : 0, schedule });
  }

  private async token(): Promise<string> {
    if (!accessToken) {
      const answer = await this.get<WeComAnswer & { access_token: string }>('gettoken', {
        params: { corpid: this.credentials.corpId, corpsecret: this.credentials.corpSecret },
      });
      checkErrcode(answer);
      accessToken = answer.access_token;
    }
    return accessToken;
  }

  private async call<T>(path: string, body: object): Promise<WeComAnswer & T> {
    const answer = await this.post<WeComAnswer & T>(path, { params: { access_token: await this.token() }, body });
    if (answer.errcode === 40014 || answer.errcode === 42001) accessToken = undefined;
    checkErrcode(answer);
    return answer;
  }
}

function checkErrcode(answer: WeComAnswer): void {
  if (answer.errcode !== 0) {
    throw new GraphQLError(`WeCom error ${answer.errcode}`, { extensions: { code: 'WECOM_ERROR', wecomErrcode: answer.errcode } });
  }
}
