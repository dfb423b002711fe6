import { WeComError } from './wecom-errors';

export interface ApiQuotaSettings {
  /** Calls one corp may make to one API in any 60 s (WeCom: 10,000; WECOM.md 7). */
  perMinute: number;
  /** How long the API stays blocked for the corp once over (WeCom: 60 s for the minute limit). @default 60000 */
  blockMs?: number;
}

const WINDOW_MS = 60_000;

/**
 * WeCom's frequency limit per corp per API (WECOM.md 7), off unless set: past `perMinute` calls within
 * 60 s, WeCom answers 45009 and blocks that API for the corp for `blockMs`; every call meanwhile is
 * answered 45009 too. After the block the count starts afresh [U: WeCom does not say].
 */
export class ApiQuota {
  private settings?: Required<ApiQuotaSettings>;
  private readonly calls = new Map<string, number[]>();
  private readonly blockedUntil = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Turns the quota on (or off with undefined); counts and blocks start afresh. */
  set(settings: ApiQuotaSettings | undefined): void {
    if (settings) {
      const { perMinute, blockMs = 60_000 } = settings;
      if (!Number.isInteger(perMinute) || perMinute < 0) throw new RangeError('perMinute must be a non-negative integer');
      if (!Number.isFinite(blockMs) || blockMs < 0) throw new RangeError('blockMs must be >= 0');
      this.settings = { perMinute, blockMs };
    } else {
      this.settings = undefined;
    }
    this.calls.clear();
    this.blockedUntil.clear();
  }

  /** Counts a call of `path` by `corpId`, or throws 45009 when the corp is over the quota or blocked. */
  admit(corpId: string, path: string): void {
    if (!this.settings) return;
    const key = `${corpId}\u0000${path}`;
    const now = this.now();
    const blockedUntil = this.blockedUntil.get(key);
    if (blockedUntil !== undefined && blockedUntil > now) throw new WeComError(45009);
    const log = (this.calls.get(key) ?? []).filter((at) => at > now - WINDOW_MS);
    if (log.length >= this.settings.perMinute) {
      this.blockedUntil.set(key, now + this.settings.blockMs);
      this.calls.delete(key);
      throw new WeComError(45009);
    }
    log.push(now);
    this.calls.set(key, log);
  }
}
