import type { Logger } from 'pino';
import { WeComApiError, WeComUnavailableError } from '../../errors/gateway-error';
import { ruleForApiErrcode } from '../../errors/wecom-errcodes';
import { BackoffOptions, DEFAULT_BACKOFF, backoffDelayMs } from '../../http/backoff';
import { Deadline, deadlineIn, sleepWithin } from '../../http/deadline';
import { WeComAnswer, WeComHttpClient } from '../../http/wecom-http-client';
import { AccessTokenProvider } from '../../token/access-token-provider';
import {
  CallKind,
  GATEWAY_CALLER,
  WeComAttempt,
  WeComCallOrigin,
  WeComInterceptor,
  composeInterceptors,
} from './wecom-interceptor';

export type { WeComCallOrigin, WeComInterceptor };

export interface WeComClientOptions {
  http: WeComHttpClient;
  tokens: AccessTokenProvider;
  logger: Logger;
  /** Budget of one logical call: token fetch, retries and backoff included. @default 10000 */
  timeoutMs?: number;
  /** Retries of safe calls on busy / rate-limited / unreachable WeCom. */
  backoff?: BackoffOptions;
  /** Policy around every attempt (the call budget, metrics), first = outermost. @default none */
  interceptors?: readonly WeComInterceptor[];
}

/** What the endpoint classes need: a read (safe to repeat) and a write (never repeated blindly). */
export interface WeComCalls {
  read<T extends WeComAnswer>(endpoint: string, body: unknown): Promise<T>;
  write<T extends WeComAnswer>(endpoint: string, body: unknown): Promise<T>;
}

const INTERNAL_ORIGIN: WeComCallOrigin = { caller: GATEWAY_CALLER, internal: true };

/**
 * Calls a WeCom API with the app's token. The retry policy lives here, in one place:
 * - a rejected token (40001/40014/42001) is dropped, refetched and the call repeated once: WeCom
 *   did not process the call, so this is safe for writes too;
 * - reads are repeated with backoff on -1, 45033 (concurrency: a short wait lowers it), 5xx and network
 *   failures; never on 45009 (frequency limit): WeCom blocks the API for a minute and each retry would
 *   prolong it (the call budget's interceptor then pauses the API fleet-wide);
 * - writes are never repeated otherwise: a lost answer may hide an applied write;
 * - every attempt, retries included, passes the interceptors (the call budget counts each one); a
 *   refusal by an interceptor (a GatewayError other than WECOM_UNAVAILABLE) is never retried.
 */
export class WeComClient implements WeComCalls {
  private readonly timeoutMs: number;
  private readonly backoff: BackoffOptions;
  private readonly interceptors: readonly WeComInterceptor[];

  constructor(private readonly options: WeComClientOptions) {
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.backoff = options.backoff ?? DEFAULT_BACKOFF;
    this.interceptors = options.interceptors ?? [];
  }

  /** Calls made for one request's caller (per request: the view is two closures). */
  forCaller(origin: WeComCallOrigin): WeComCalls {
    return {
      read: <T extends WeComAnswer>(endpoint: string, body: unknown) => this.call<T>(endpoint, body, 'read', origin),
      write: <T extends WeComAnswer>(endpoint: string, body: unknown) => this.call<T>(endpoint, body, 'write', origin),
    };
  }

  /** A call the gateway makes on its own account (no caller). */
  read<T extends WeComAnswer>(endpoint: string, body: unknown): Promise<T> {
    return this.call<T>(endpoint, body, 'read', INTERNAL_ORIGIN);
  }

  write<T extends WeComAnswer>(endpoint: string, body: unknown): Promise<T> {
    return this.call<T>(endpoint, body, 'write', INTERNAL_ORIGIN);
  }

  private async call<T extends WeComAnswer>(
    endpoint: string,
    body: unknown,
    kind: CallKind,
    origin: WeComCallOrigin,
  ): Promise<T> {
    const deadline = deadlineIn(this.timeoutMs);
    const attempt: WeComAttempt = { endpoint, body, kind, origin, deadline };
    let tokenRefreshed = false;
    // Attempts that failed for WeCom's sake; the one repeat after a token refresh does not count.
    let failedAttempts = 0;
    for (;;) {
      const token = await this.options.tokens.getToken(deadline);
      let answer: WeComAnswer;
      try {
        answer = await this.attempt(attempt, token);
      } catch (error) {
        if (!(error instanceof WeComUnavailableError)) throw error; // a refusal by policy: nothing was sent
        if (kind === 'read' && (await this.backOff(++failedAttempts, deadline))) continue;
        this.options.logger[errorLevel(origin)]({ endpoint, kind, caller: origin.caller, reason: error.message }, 'WeCom call failed');
        throw error;
      }
      if (answer.errcode === 0) return answer as T;

      const rule = ruleForApiErrcode(answer.errcode);
      if (rule.tokenRejected && !tokenRefreshed) {
        tokenRefreshed = true;
        await this.options.tokens.invalidate(token);
        continue;
      }
      if (rule.transient && kind === 'read' && (await this.backOff(++failedAttempts, deadline))) continue;
      // errmsg stays in our logs: it carries WeCom's hint and our IP, not for callers.
      this.options.logger[errorLevel(origin)]({ endpoint, kind, caller: origin.caller, errcode: answer.errcode, errmsg: answer.errmsg }, 'WeCom error');
      throw new WeComApiError(answer.errcode, rule, endpoint);
    }
  }

  /** One attempt through the interceptors; the token is added innermost, out of policy's sight. */
  private attempt(attempt: WeComAttempt, token: string): Promise<WeComAnswer> {
    if (this.interceptors.length === 0) return this.send(attempt.endpoint, attempt.body, token, attempt.deadline);
    const send = composeInterceptors((a) => this.send(a.endpoint, a.body, token, a.deadline), this.interceptors);
    return send(attempt);
  }

  private async send(endpoint: string, body: unknown, token: string, deadline: Deadline): Promise<WeComAnswer> {
    const started = performance.now();
    const answer = await this.options.http.send({ method: 'POST', endpoint, query: { access_token: token }, body, deadline });
    if (this.options.logger.isLevelEnabled('debug')) {
      const ms = Math.round(performance.now() - started);
      this.options.logger.debug({ endpoint, ms, errcode: answer.errcode }, 'WeCom call');
    }
    return answer;
  }

  /** Waits before the next attempt; false when attempts or time are used up. */
  private async backOff(attempt: number, deadline: Deadline): Promise<boolean> {
    if (attempt >= this.backoff.maxAttempts) return false;
    return sleepWithin(backoffDelayMs(attempt, this.backoff), deadline);
  }
}

/** A request's WeCom errors are debug lines: its access line warns once with the outcome (a 1,000-alias query is one warning). */
function errorLevel(origin: WeComCallOrigin): 'debug' | 'warn' {
  return origin.requestStats ? 'debug' : 'warn';
}
