import type { RedisClientType } from '@keyv/redis';
import { waitUntilReady, withinMs } from '../../cache/redis-commands';
import { MAX_WATCHED_CALENDARS, ReconcileState, SweepView } from './reconcile-state';

export const RECONCILE_KEY_PREFIX = 'wecom-gateway:reconcile:';

/** A view's own field: present once the calendar was swept (an empty calendar's hash would not exist otherwise). */
const SWEPT_FIELD = '#swept';
/** A view left behind (its calendar no longer watched, its app gone) expires after this. */
const VIEW_TTL_MS = 30 * 24 * 3600 * 1000;

// Adds within the bound, atomically for the fleet: 1 added or already there, 0 when full.
const WATCH = `
if redis.call('SISMEMBER', KEYS[1], ARGV[1]) == 1 then return 1 end
if redis.call('SCARD', KEYS[1]) >= tonumber(ARGV[2]) then return 0 end
redis.call('SADD', KEYS[1], ARGV[1])
return 1`;

export interface RedisReconcileStateOptions {
  redis: RedisClientType;
  appKey: string;
  /** @default RECONCILE_KEY_PREFIX (tests use their own) */
  prefix?: string;
  /** One command (a view of 10,000 schedules included) may take this long. @default 2000 */
  commandTimeoutMs?: number;
  maxWatched?: number;
}

/**
 * Reconciliation's memory in Redis, shared by the fleet: a set of watched calendars, one hash per
 * calendar's view, and two small strings (where a sweep stopped; the last sweep's claim, expiring).
 */
export class RedisReconcileState implements ReconcileState {
  private readonly base: string;
  private readonly timeoutMs: number;
  private readonly maxWatched: number;

  constructor(private readonly options: RedisReconcileStateOptions) {
    this.base = `${options.prefix ?? RECONCILE_KEY_PREFIX}${options.appKey}:`;
    this.timeoutMs = options.commandTimeoutMs ?? 2000;
    this.maxWatched = options.maxWatched ?? MAX_WATCHED_CALENDARS;
  }

  async watch(calendarId: string): Promise<boolean> {
    const reply = await this.command((redis) =>
      redis.eval(WATCH, { keys: [this.key('calendars')], arguments: [calendarId, String(this.maxWatched)] }),
    );
    return reply === 1;
  }

  async unwatch(calendarId: string): Promise<void> {
    await this.command((redis) => redis.multi().sRem(this.key('calendars'), calendarId).del(this.viewKey(calendarId)).exec());
  }

  async watched(): Promise<string[]> {
    return (await this.command((redis) => redis.sMembers(this.key('calendars')))).map(String).sort();
  }

  async view(calendarId: string): Promise<SweepView | null> {
    const fields = await this.command((redis) => redis.hGetAll(this.viewKey(calendarId)));
    const entries = Object.entries(fields as Record<string, string>);
    if (!entries.some(([field]) => field === SWEPT_FIELD)) return null;
    return new Map(entries.filter(([field]) => field !== SWEPT_FIELD));
  }

  async saveView(calendarId: string, view: SweepView): Promise<void> {
    const key = this.viewKey(calendarId);
    const fields = new Map<string, string>([[SWEPT_FIELD, String(Date.now())], ...view]);
    // One transaction: a sweep on another instance never reads half a view.
    await this.command((redis) => redis.multi().del(key).hSet(key, fields).pExpire(key, VIEW_TTL_MS).exec());
  }

  async resumeAt(): Promise<string | null> {
    const value = await this.command((redis) => redis.get(this.key('resume-at')));
    return value === null ? null : String(value);
  }

  async setResumeAt(calendarId: string | null): Promise<void> {
    const key = this.key('resume-at');
    if (calendarId === null) await this.command((redis) => redis.del(key));
    else await this.command((redis) => redis.set(key, calendarId, { expiration: { type: 'PX', value: VIEW_TTL_MS } }));
  }

  async claimSweep(minGapMs: number): Promise<boolean> {
    const reply = await this.command((redis) =>
      redis.set(this.key('claimed'), String(Date.now()), { condition: 'NX', expiration: { type: 'PX', value: Math.max(1, Math.floor(minGapMs)) } }),
    );
    return reply === 'OK';
  }

  private key(name: string): string {
    return this.base + name;
  }

  private viewKey(calendarId: string): string {
    return `${this.base}view:${calendarId}`;
  }

  private async command<T>(run: (redis: RedisClientType) => Promise<T>): Promise<T> {
    await waitUntilReady(this.options.redis, this.timeoutMs);
    return withinMs(run(this.options.redis), this.timeoutMs, 'reconciliation state');
  }
}
