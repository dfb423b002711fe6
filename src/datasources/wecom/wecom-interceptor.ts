import type { Deadline } from '../../http/deadline';
import type { WeComAnswer } from '../../http/wecom-http-client';

/** Who a call is made for: limits and metrics count calls per caller. */
export interface WeComCallOrigin {
  /** The caller's name; 'gateway' for calls the gateway makes on its own account. */
  caller: string;
  /** A call the gateway makes on its own account (no request): counts against the fleet budget only. */
  internal?: boolean;
  /** The request's own tally of attempts sent (its access-log line). */
  requestStats?: { wecomCalls: number };
}

/** The name under which the gateway's own calls (no request, no caller) are made. */
export const GATEWAY_CALLER = 'gateway';

export type CallKind = 'read' | 'write';

/** One attempt at one WeCom API call: every retry is an attempt of its own. */
export interface WeComAttempt {
  /** Path under /cgi-bin/, e.g. 'oa/schedule/get'. */
  endpoint: string;
  body: unknown;
  kind: CallKind;
  origin: WeComCallOrigin;
  deadline: Deadline;
}

/** Sends one attempt and answers WeCom's reply (errcode included); throws when there is none. */
export type WeComSend = (attempt: WeComAttempt) => Promise<WeComAnswer>;

/**
 * Policy around each attempt, composed like undici's interceptors around a dispatcher: it may refuse
 * (throw) before `next`, or look at the answer after it. The access token is added inside, so policy
 * never sees it.
 */
export type WeComInterceptor = (next: WeComSend) => WeComSend;

/** The first interceptor is the outermost. */
export function composeInterceptors(send: WeComSend, interceptors: readonly WeComInterceptor[]): WeComSend {
  return interceptors.reduceRight((next, intercept) => intercept(next), send);
}
