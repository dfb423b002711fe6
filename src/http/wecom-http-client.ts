import { Dispatcher, request } from 'undici';
import { WeComUnavailableError } from '../errors/gateway-error';
import { Deadline, remainingMs } from './deadline';

/** Every WeCom answer carries errcode/errmsg; errcode 0 means success (even errors come as HTTP 200). */
export interface WeComAnswer {
  errcode: number;
  errmsg?: string;
  [field: string]: unknown;
}

export interface WeComRequest {
  method: 'GET' | 'POST';
  /** Path under /cgi-bin/, e.g. 'gettoken' or 'oa/schedule/get'. Used in errors and logs instead of the URL. */
  endpoint: string;
  /** Query parameters; may hold the access token or secret, so the URL never leaves this module. */
  query: Record<string, string>;
  body?: unknown;
  deadline: Deadline;
}

export interface WeComHttpClientOptions {
  /** e.g. https://qyapi.weixin.qq.com */
  baseUrl: string;
  dispatcher: Dispatcher;
}

/** Error codes of failures that happen before the request reached WeCom (said as such in the error). */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'UND_ERR_CONNECT_TIMEOUT', 'EHOSTUNREACH']);

/**
 * Transport to WeCom: one JSON exchange within a deadline. It knows nothing of tokens or errcodes;
 * every transport failure becomes a WeComUnavailableError that names the endpoint, never the URL.
 */
export class WeComHttpClient {
  private readonly baseUrl: string;
  private readonly dispatcher: Dispatcher;

  constructor(options: WeComHttpClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.dispatcher = options.dispatcher;
  }

  async send(req: WeComRequest): Promise<WeComAnswer> {
    const budget = remainingMs(req.deadline);
    if (budget <= 0) throw new WeComUnavailableError('timed out', req.endpoint, { requestSent: false });
    const url = `${this.baseUrl}/cgi-bin/${req.endpoint}?${new URLSearchParams(req.query)}`;
    const signal = AbortSignal.timeout(budget);
    let response: Dispatcher.ResponseData;
    try {
      response = await request(url, {
        method: req.method,
        dispatcher: this.dispatcher,
        signal,
        headersTimeout: budget,
        bodyTimeout: budget,
        headers: req.body === undefined ? undefined : { 'content-type': 'application/json' },
        body: req.body === undefined ? undefined : JSON.stringify(req.body),
      });
    } catch (error) {
      throw transportError(error, signal, req.endpoint);
    }
    return readAnswer(response, signal, req.endpoint);
  }
}

async function readAnswer(response: Dispatcher.ResponseData, signal: AbortSignal, endpoint: string) {
  let text: string;
  try {
    text = await response.body.text();
  } catch (error) {
    throw transportError(error, signal, endpoint);
  }
  if (response.statusCode >= 500) {
    throw new WeComUnavailableError(`HTTP ${response.statusCode}`, endpoint);
  }
  const answer = parseAnswer(text);
  if (!answer) {
    throw new WeComUnavailableError(`unexpected answer (HTTP ${response.statusCode})`, endpoint);
  }
  return answer;
}

function parseAnswer(text: string): WeComAnswer | undefined {
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed && typeof parsed === 'object' && typeof (parsed as WeComAnswer).errcode === 'number') {
      return parsed as WeComAnswer;
    }
  } catch {
    // not JSON: reported by the caller as an unexpected answer
  }
  return undefined;
}

function transportError(error: unknown, signal: AbortSignal, endpoint: string): WeComUnavailableError {
  const code = (error as { code?: string }).code ?? '';
  if (signal.aborted || code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') {
    return new WeComUnavailableError('timed out', endpoint);
  }
  const notSent = NOT_SENT_CODES.has(code);
  return new WeComUnavailableError(notSent ? 'cannot connect' : 'connection failed', endpoint, { requestSent: !notSent });
}
