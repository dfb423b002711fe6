import { WeComApiError, WeComUnavailableError } from '../errors/gateway-error';
import { ruleForTokenErrcode } from '../errors/wecom-errcodes';
import { Deadline } from '../http/deadline';
import { WeComHttpClient } from '../http/wecom-http-client';

export interface FetchedToken {
  accessToken: string;
  expiresInSeconds: number;
}

export interface AppCredentials {
  corpId: string;
  corpSecret: string;
}

/** GET /cgi-bin/gettoken (WeCom doc 91039). Errcodes map through the gettoken table: 40001/40013 are configuration faults. */
export async function fetchAccessToken(
  http: WeComHttpClient,
  credentials: AppCredentials,
  deadline: Deadline,
): Promise<FetchedToken> {
  const answer = await http.send({
    method: 'GET',
    endpoint: 'gettoken',
    query: { corpid: credentials.corpId, corpsecret: credentials.corpSecret },
    deadline,
  });
  if (answer.errcode !== 0) {
    throw new WeComApiError(answer.errcode, ruleForTokenErrcode(answer.errcode), 'gettoken');
  }
  const accessToken = answer.access_token;
  const expiresIn = answer.expires_in;
  if (typeof accessToken !== 'string' || !accessToken || typeof expiresIn !== 'number') {
    throw new WeComUnavailableError('unexpected answer', 'gettoken');
  }
  return { accessToken, expiresInSeconds: expiresIn };
}
