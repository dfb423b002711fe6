import type { Logger } from 'pino';
import { createHash } from 'node:crypto';
import { WeComCallOrigin, WeComInterceptor } from '../datasources/wecom/wecom-interceptor';
import { RateLimitedError } from '../errors/rate-limited-error';
import { BudgetWindow, CallBudgetStore, Clock } from './call-budget-store';

/** WeCom's frequency limit: the API is blocked for the corp (minute limit: 60 s). WECOM.md 6 and 7. */
export const WECOM_FREQUENCY_LIMIT = 45009;

/** Why a call was refused: the fleet's budget, the caller's share, or WeCom's block after 45009. */
export type BudgetRefusal = 'gateway' | 'caller' | 'wecom';

export interface WeComCallBudgetOptions {
  /** The app (wecomAppKey): budgets are per app and API, as WeCom counts per corp and API. */
  appKey: string;
  store: CallBudgetStore;
  /** Calls per API per window for the whole fleet (WECOM_CALLS_PER_MINUTE). */
  callsPerMinute: number;
  /** Each caller's share per API per window (CALLER_WECOM_CALLS_PER_MINUTE); unset: none. */
  callerCallsPerMinute?: number;
  /** How long an API is avoided after WeCom answered 45009 (WECOM_BLOCK_MS). @default 60000 */
  blockMs?: number;
  /** @default 60000 */
  windowMs?: number;
  /** @default Date.now */
  clock?: Clock;
  logger: Logger;
  /** Told of every refusal (metrics). */
  onRefusal?: (reason: BudgetRefusal, api: string) => void;
}

/**
 * The gateway's budget of WeCom calls per API per minute, fleet-wide when the store is shared. Every
 * attempt takes a unit before it is sent (a retry is a WeCom call too); gettoken is not counted (it
 * does not go through the API client, is rare and is coordinated by the token provider). Calls for a
 * caller also take a unit of that caller's share, in the same atomic step; the gateway's own calls
 * (origin.internal) count against the fleet budget only.
 */
export class WeComCallBudget {
  private readonly blockMs: number;
  private readonly windowMs: number;
  private readonly clock: Clock;
  /** Blocks seen by this instance: refused without a store round trip, and kept while Redis is down. */
  private readonly localBlocks = new Map<string, number>();

  constructor(private readonly options: WeComCallBudgetOptions) {
    this.blockMs = options.blockMs ?? 60_000;
    this.windowMs = options.windowMs ?? 60_000;
    this.clock = options.clock ?? Date.now;
  }

  /** Wraps the client's send: a unit before each attempt; a fleet-wide pause after 45009. */
  interceptor(): WeComInterceptor {
    return (next) => async (attempt) => {
      await this.take(attempt.endpoint, attempt.origin);
      const answer = await next(attempt);
      if (answer.errcode !== WECOM_FREQUENCY_LIMIT) return answer;
      await this.block(attempt.endpoint);
      this.options.logger.warn(
        { endpoint: attempt.endpoint, caller: attempt.origin.caller, errcode: answer.errcode, errmsg: answer.errmsg, pauseMs: this.blockMs },
        'WeCom frequency limit: API paused fleet-wide',
      );
      this.options.onRefusal?.('wecom', attempt.endpoint);
      throw new RateLimitedError(
        `WeCom's frequency limit for ${attempt.endpoint} was reached; the gateway pauses this API until WeCom's block ends`,
        this.blockMs,
        { wecomErrcode: WECOM_FREQUENCY_LIMIT, limitedBy: 'wecom' },
      );
    };
  }

  /** Takes one unit for `api` on behalf of the origin's caller, or throws WECOM_RATE_LIMITED. */
  async take(api: string, origin: WeComCallOrigin): Promise<void> {
    const scope = `{${this.options.appKey}:${api}}`; // a Redis Cluster hash tag: one slot per app and API
    const blockedUntil = this.localBlocks.get(scope);
    if (blockedUntil !== undefined) {
      if (blockedUntil > this.clock()) throw this.refusal('wecom', api, blockedUntil - this.clock());
      this.localBlocks.delete(scope);
    }
    const windows: BudgetWindow[] = [{ key: `${scope}:calls`, limit: this.options.callsPerMinute }];
    const share = this.options.callerCallsPerMinute;
    // The gateway's own calls are told apart by a flag, not by a name a caller could also carry.
    if (share !== undefined && !origin.internal) {
      windows.push({ key: `${scope}:caller:${callerKey(origin.caller)}`, limit: share });
    }
    const result = await this.options.store.take({ blockKey: `${scope}:block`, windows, windowMs: this.windowMs });
    if (result.granted) return;
    const reason: BudgetRefusal = result.refusedBy === 'block' ? 'wecom' : result.refusedBy === 0 ? 'gateway' : 'caller';
    throw this.refusal(reason, api, result.retryAfterMs);
  }

  /** Avoids `api` for the block's length, in this process and (through the store) the fleet. */
  async block(api: string): Promise<void> {
    const scope = `{${this.options.appKey}:${api}}`;
    this.localBlocks.set(scope, this.clock() + this.blockMs);
    await this.options.store.block(`${scope}:block`, this.blockMs);
  }

  private refusal(reason: BudgetRefusal, api: string, retryAfterMs: number): RateLimitedError {
    this.options.onRefusal?.(reason, api);
    const messages: Record<BudgetRefusal, string> = {
      gateway: `The gateway's budget of WeCom calls to ${api} (${this.options.callsPerMinute} per minute) is spent`,
      caller: `This caller's share of WeCom calls to ${api} (${this.options.callerCallsPerMinute} per minute) is spent`,
      wecom: `WeCom blocked ${api} for this corp (frequency limit); the gateway waits for the block to end`,
    };
    return new RateLimitedError(messages[reason], retryAfterMs, { limitedBy: reason });
  }
}

/** Caller names come from credentials: odd or long ones are hashed before they become part of a key. */
function callerKey(name: string): string {
  if (/^[A-Za-z0-9._@-]{1,64}$/.test(name)) return name;
  return `h-${createHash('sha256').update(name).digest('hex').slice(0, 32)}`;
}
