import { WeComUnavailableError } from '../../errors/gateway-error';
import { ReadRequest } from '../gateway-reads';
import { isCallerShareSpent, mayConcernSomeIds } from './shared-call-errors';

export interface SharedCallSettings {
  /**
   * How long a new call gathers ids before it is sent, in ms; 0: until the end of the current event-loop
   * turn (setImmediate), which gathers what arrived together at no measurable cost.
   */
  windowMs: number;
  /** Calls of this API in flight at once (K); ids arriving meanwhile gather into the next calls. */
  maxCallsInFlight: number;
  /** WeCom's limit of ids per call (1,000). */
  maxIdsPerCall: number;
  /** Each look-up's own deadline (WECOM_TIMEOUT_MS): it stops waiting then, even if the shared call goes on. */
  lookupTimeoutMs: number;
  /** For error messages, e.g. 'oa/schedule/get'. */
  endpoint: string;
}

export interface SharedCallObserver {
  /** One WeCom call sent with `ids` ids for `lookups` look-ups (more than one: shared). */
  call(ids: number, lookups: number): void;
  /** Look-ups waiting (gathering or in flight) went up or down by one. */
  waiting(delta: 1 | -1): void;
}

/** One WeCom call through one request's endpoints (its caller's budget and metrics). */
export type FetchByIds<T> = (ids: readonly string[], request: ReadRequest) => Promise<T[]>;

type Settle<T> = { resolve: (found: T[]) => void; reject: (error: unknown) => void };

/** One request's batch of ids (its DataLoader's), served by one or more calls. */
class Lookup<T extends { id: string }> {
  readonly found = new Map<string, T>();
  /** Calls this look-up still waits for. */
  readonly waitingFor = new Set<SharedCall<T>>();
  settled = false;
  timer?: NodeJS.Timeout;

  constructor(
    readonly ids: readonly string[],
    readonly request: ReadRequest,
    private readonly settle: Settle<T>,
    private readonly onSettled?: () => void,
  ) {}

  deliver(call: SharedCall<T>, found: ReadonlyMap<string, T>): void {
    if (this.settled) return;
    for (const id of call.idsOf(this)) {
      const item = found.get(id);
      if (item) this.found.set(id, item);
    }
    this.waitingFor.delete(call);
    if (this.waitingFor.size > 0) return;
    this.finish();
    // Only what this request asked for, whatever the shared call brought back.
    this.settle.resolve(this.ids.map((id) => this.found.get(id)).filter((item): item is T => item !== undefined));
  }

  fail(error: unknown): void {
    if (this.settled) return;
    this.finish();
    this.settle.reject(error);
  }

  private finish(): void {
    this.settled = true;
    clearTimeout(this.timer);
    this.onSettled?.();
  }
}

/** A WeCom call being gathered (not sent yet) or in flight. */
class SharedCall<T extends { id: string }> {
  readonly ids = new Set<string>();
  readonly lookups = new Map<Lookup<T>, string[]>();
  sent = false;
  /** Its window is over: it goes as soon as a slot is free. */
  ready = false;
  timer?: NodeJS.Timeout | NodeJS.Immediate;

  idsOf(lookup: Lookup<T>): readonly string[] {
    return this.lookups.get(lookup) ?? [];
  }

  add(lookup: Lookup<T>, id: string): void {
    if (!this.sent) this.ids.add(id);
    const ids = this.lookups.get(lookup);
    if (ids) ids.push(id);
    else {
      this.lookups.set(lookup, [id]);
      lookup.waitingFor.add(this);
    }
  }

  liveLookups(): Lookup<T>[] {
    return [...this.lookups.keys()].filter((lookup) => !lookup.settled);
  }
}

/** What a call (or its retries per part) found: items by id, and errors by id for ids it could not read. */
interface ReadOutcome<T> {
  found: Map<string, T>;
  failed: Map<string, unknown>;
}

/**
 * Look-ups by id of concurrent requests to one WeCom API (schedule/get or calendar/get), sharing calls:
 * - an id already in a call (gathering or in flight) joins it, unless the call was sent before a write to
 *   that id was reported (`written`), or the look-up wants a fresh read and the call was sent already;
 * - other ids gather into the newest unsent call (up to `maxIdsPerCall`, then a new one). A call goes when
 *   its window is over AND fewer than `maxCallsInFlight` calls are in flight; while all slots are busy it
 *   keeps gathering, so under load calls fill up instead of multiplying;
 * - a call goes through the endpoints of the first request still waiting for it: that caller's budget
 *   and metrics count it, the others ride free;
 * - a failure that may be about some ids (an input or not-found errcode) is retried on halves of the
 *   ids, so each request gets its own outcome; one about the call (WeCom down, rate limits, token) goes
 *   to everyone in it; a caller's spent share is retried through another caller's request;
 * - each look-up stops waiting at its own deadline.
 */
export class SharedCalls<T extends { id: string }> {
  /** Unsent calls, oldest first; only the last one may still take ids. */
  private readonly gathering: SharedCall<T>[] = [];
  /** The call each id can join: unsent, or in flight and not sent before a write to the id. */
  private readonly joinable = new Map<string, SharedCall<T>>();
  private inFlight = 0;
  private closed = false;

  constructor(
    private readonly fetch: FetchByIds<T>,
    private readonly settings: SharedCallSettings,
    private readonly observer?: SharedCallObserver,
  ) {}

  load(ids: readonly string[], request: ReadRequest): Promise<T[]> {
    if (ids.length === 0) return Promise.resolve([]);
    if (this.closed) return Promise.reject(this.stopping());
    return new Promise<T[]>((resolve, reject) => {
      const lookup = new Lookup<T>(ids, request, { resolve, reject }, this.observer && (() => this.observer!.waiting(-1)));
      this.observer?.waiting(1);
      lookup.timer = setTimeout(() => this.expire(lookup), this.settings.lookupTimeoutMs);
      for (const id of new Set(ids)) {
        let call = this.joinable.get(id);
        if (!call || (call.sent && request.fresh)) {
          call = this.openCall();
          this.joinable.set(id, call);
        }
        call.add(lookup, id);
        if (call.ids.size >= this.settings.maxIdsPerCall) call.ready = true;
      }
      this.pump();
    });
  }

  /** A write to `id` succeeded: calls in flight now may hold the state before it, so nobody joins them for it. */
  written(id: string): void {
    if (this.joinable.get(id)?.sent) this.joinable.delete(id);
  }

  /** Look-ups still gathering fail (WECOM_UNAVAILABLE); calls in flight end with the pool. */
  close(): void {
    this.closed = true;
    for (const call of this.gathering.splice(0)) {
      this.clearTimer(call);
      for (const lookup of call.lookups.keys()) lookup.fail(this.stopping());
    }
    this.joinable.clear();
  }

  /** The newest unsent call if it has room; else a new one, whose window starts now. */
  private openCall(): SharedCall<T> {
    const last = this.gathering[this.gathering.length - 1];
    if (last && last.ids.size < this.settings.maxIdsPerCall) return last;
    const call = new SharedCall<T>();
    const windowOver = () => {
      call.timer = undefined;
      call.ready = true;
      this.pump();
    };
    call.timer = this.settings.windowMs > 0 ? setTimeout(windowOver, this.settings.windowMs) : setImmediate(windowOver);
    this.gathering.push(call);
    return call;
  }

  /** Sends ready calls while slots are free. */
  private pump(): void {
    while (this.inFlight < this.settings.maxCallsInFlight && this.gathering[0]?.ready) {
      this.send(this.gathering.shift()!);
    }
  }

  private send(call: SharedCall<T>): void {
    this.clearTimer(call);
    const lookups = call.liveLookups();
    if (lookups.length === 0) return this.forget(call); // everyone stopped waiting
    call.sent = true;
    this.inFlight += 1;
    // Only ids someone still waits for, in arrival order (each request's ids together); the others are
    // no longer joinable (a later look-up would find them missing).
    const ids = [...new Set(lookups.flatMap((lookup) => call.idsOf(lookup)))];
    this.forget(call, new Set(ids));
    void this.read(ids, call, new Map())
      .then(({ found, failed }) => {
        // Look-ups that joined while it was in flight included.
        for (const lookup of call.liveLookups()) {
          const failedId = call.idsOf(lookup).find((id) => failed.has(id));
          if (failedId !== undefined) lookup.fail(failed.get(failedId));
          else lookup.deliver(call, found);
        }
      })
      .finally(() => {
        this.inFlight -= 1;
        this.forget(call);
        this.pump();
      });
  }

  /**
   * One call for `ids`, made for the first look-up still waiting for some of them whose caller's share is
   * not known to be spent; failures split as the class says. `spent`: callers refused so far, with the refusal.
   */
  private async read(asked: readonly string[], call: SharedCall<T>, spent: Map<string, unknown>): Promise<ReadOutcome<T>> {
    const askedSet = new Set(asked);
    const wanting = call.liveLookups().filter((lookup) => call.idsOf(lookup).some((id) => askedSet.has(id)));
    if (wanting.length === 0) return { found: new Map(), failed: new Map() }; // nobody waits any more
    // Ids only look-ups that stopped waiting wanted are left out: their errors would be nobody's.
    const wanted = new Set(wanting.flatMap((lookup) => call.idsOf(lookup)));
    const ids = asked.filter((id) => wanted.has(id));
    const opener = wanting.find((lookup) => !spent.has(lookup.request.caller));
    if (!opener) return { found: new Map(), failed: new Map(ids.map((id) => [id, spent.get(wanting[0].request.caller)])) };
    this.observer?.call(ids.length, wanting.length);
    try {
      const found = await this.fetch(ids, opener.request);
      return { found: new Map(found.map((item) => [item.id, item])), failed: new Map() };
    } catch (error) {
      this.forget(call); // asked again in parts: nobody joins it any more
      if (isCallerShareSpent(error)) {
        spent.set(opener.request.caller, error);
        return this.read(ids, call, spent);
      }
      if (ids.length > 1 && wanting.length > 1 && mayConcernSomeIds(error)) {
        const half = Math.ceil(ids.length / 2);
        const [first, second] = await Promise.all([this.read(ids.slice(0, half), call, spent), this.read(ids.slice(half), call, spent)]);
        return { found: new Map([...first.found, ...second.found]), failed: new Map([...first.failed, ...second.failed]) };
      }
      return { found: new Map(), failed: new Map(ids.map((id) => [id, error])) };
    }
  }

  /** A look-up's own deadline passed: it fails alone; a call nobody waits for any more is dropped unsent. */
  private expire(lookup: Lookup<T>): void {
    lookup.fail(new WeComUnavailableError(`no answer within ${this.settings.lookupTimeoutMs} ms`, this.settings.endpoint));
    for (const call of lookup.waitingFor) {
      if (call.sent || call.liveLookups().length > 0) continue;
      this.clearTimer(call);
      const index = this.gathering.indexOf(call);
      if (index >= 0) this.gathering.splice(index, 1);
      this.forget(call);
    }
    this.pump();
  }

  /** Its ids (but `keep`) are no longer joinable through it. */
  private forget(call: SharedCall<T>, keep?: ReadonlySet<string>): void {
    for (const id of call.ids) if (!keep?.has(id) && this.joinable.get(id) === call) this.joinable.delete(id);
  }

  private clearTimer(call: SharedCall<T>): void {
    if (call.timer === undefined) return;
    if (this.settings.windowMs > 0) clearTimeout(call.timer as NodeJS.Timeout);
    else clearImmediate(call.timer as NodeJS.Immediate);
    call.timer = undefined;
  }

  private stopping(): WeComUnavailableError {
    return new WeComUnavailableError('the gateway is stopping', this.settings.endpoint, { requestSent: false });
  }
}
