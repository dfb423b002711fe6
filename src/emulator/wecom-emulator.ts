import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { ApiQuota, type ApiQuotaSettings } from './api-quota';
import { DEMO_APP, identityOf, resolveApps, type EmulatorApp } from './app-identity';
import { WXBizMsgCrypt } from '../callbacks/wxbiz-msg-crypt';
import { CallLog, type EmulatorPath, type ReceivedCall } from './call-log';
import { CallbackDeliverer, type CallbackDelivery, type CallbackSettings, type CallbackTarget, type CallbackTiming } from './callback-delivery';
import type { CallbackEvent, CallbackEventName } from './callback-events';
import { clientIpOf, decodeBody, readBody, sendJson, sendText } from './http-io';
import { buildRouteTable, runRoute, type RouteRequest } from './route-table';
import { ScheduleStore } from './schedule-store';
import { TestControls, type InjectedAnswer } from './test-controls';
import { isJsonObject } from './schedule-rules';
import { TokenRegistry } from './token-registry';
import { USER_ACTION_PATH_PREFIX, answerUserAction, type UserActionRunners } from './user-action-routes';
import {
  cancelSchedule,
  deleteCalendar,
  modifyCalendar,
  modifySchedule,
  respondToSchedule,
  type CancelScheduleAction,
  type DeleteCalendarAction,
  type ModifyCalendarAction,
  type ModifyScheduleAction,
  type RespondScheduleAction,
  type UserChange,
} from './user-actions';
import { UserDirectory } from './user-directory';
import { WeComError, errorBody } from './wecom-errors';
import { DEFAULT_CALENDAR_ADMINS_KEY, type CalendarAdminsKey, type WireCalendar } from './wire-calendar';
import type { WireSchedule } from './wire-schedule';

export { DEMO_APP };
export type { ApiQuotaSettings };
export type { CalendarAdminsKey, EmulatorApp, EmulatorPath, ReceivedCall, WireCalendar, WireSchedule };
export type { CallbackDelivery, CallbackEvent, CallbackEventName, CallbackSettings, CallbackTiming };
export type { CancelScheduleAction, DeleteCalendarAction, ModifyCalendarAction, ModifyScheduleAction, RespondScheduleAction };
export type { DeliveryAttempt } from './callback-delivery';
export type { ScheduleAnswer } from './user-actions';
export { UserActionError } from './user-actions';
export type { WireAttendee, WireExcludeTime, WireReminders } from './wire-schedule';
export type { WireCalendarShare, WirePublicRange } from './wire-calendar';

export interface WeComEmulatorOptions {
  /** @default [DEMO_APP] */
  apps?: EmulatorApp[];
  /** @default 7200 */
  tokenTtlSeconds?: number;
  /** @default '127.0.0.1' */
  host?: string;
  /** @default 0 (a random free port) */
  port?: number;
  /**
   * Key under which calendar/get sends a calendar's admins. WeCom's doc table says `admins`, every doc
   * example says `adminis`; which one the live server sends is unverified (WECOM.md 0).
   * @default 'adminis'
   */
  calendarAdminsKey?: CalendarAdminsKey;
  /** WeCom's frequency limit per corp per API (45009 past it, then a block). @default off */
  apiQuota?: ApiQuotaSettings;
  /** How callbacks are waited for and retried (tests shorten the wait). @default 5 s, 3 retries, 1 s for the URL check */
  callbackTiming?: CallbackTiming;
  /**
   * Serve `POST /emulator/act/<action>` (modify-schedule, cancel-schedule, respond-schedule, modify-calendar,
   * delete-calendar): act as a person in the WeCom app over HTTP (demo mode, tests). @default false
   */
  userActionRoutes?: boolean;
}

/** What a user action did: the event it caused, and its delivery (null: silently, or no callback URL set). */
export interface UserActionResult {
  event: CallbackEventName;
  calId: string;
  scheduleId?: string;
  userId: string;
  /** CreateTime of the event (unix seconds). */
  createTime: number;
  /** Id of the delivery in callbackDeliveries(); null when nothing is delivered. */
  deliveryId: number | null;
  /** 'delivering' (in the background), 'silently' (asked for), or 'no-callback-url' (the app has none set). */
  callback: 'delivering' | 'silently' | 'no-callback-url';
}

/** An attendee's answer: 0 pending, 1 tentative, 2 accepted, 3 accepted this occurrence only, 4 declined. */
export type AttendeeResponseStatus = 0 | 1 | 2 | 3 | 4;

/**
 * A faithful local WeCom (qyapi.weixin.qq.com) for demo mode and tests: a real HTTP server speaking the
 * gettoken and oa/schedule/* protocol (WECOM.md), plus fault-injection and inspection controls. Like WeCom, it
 * calls back: a person's changes in the app (the `...AsUser` controls, or `POST /emulator/act/*`) are delivered
 * as encrypted events to the owning app's callback URL (WECOM.md 5).
 */
export class WeComEmulator {
  private readonly apps: EmulatorApp[];
  private readonly tokens: TokenRegistry;
  private readonly store = new ScheduleStore();
  private readonly directory = new UserDirectory();
  private readonly controls = new TestControls();
  private readonly quota = new ApiQuota();
  private readonly log = new CallLog();
  private readonly deliverer: CallbackDeliverer;
  /** Per app (identity key): where its events go. */
  private readonly callbackTargets = new Map<string, CallbackTarget>();
  private readonly userActionRoutes: boolean;
  private readonly routes: ReturnType<typeof buildRouteTable>;
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  private url = '';
  private closing?: Promise<void>;

  private constructor(options: WeComEmulatorOptions) {
    this.apps = resolveApps(options.apps);
    this.tokens = new TokenRegistry(options.tokenTtlSeconds ?? 7200);
    this.routes = buildRouteTable({
      apps: this.apps,
      tokens: this.tokens,
      store: this.store,
      directory: this.directory,
      calendarAdminsKey: options.calendarAdminsKey ?? DEFAULT_CALENDAR_ADMINS_KEY,
    });
    this.quota.set(options.apiQuota);
    this.deliverer = new CallbackDeliverer(options.callbackTiming);
    this.userActionRoutes = options.userActionRoutes ?? false;
    this.server = createServer((req, res) => void this.onRequest(req, res));
    this.server.on('connection', (socket) => this.trackSocket(socket));
  }

  static async start(options: WeComEmulatorOptions = {}): Promise<WeComEmulator> {
    const emulator = new WeComEmulator(options);
    await emulator.listen(options.host ?? '127.0.0.1', options.port ?? 0);
    return emulator;
  }

  /** e.g. 'http://127.0.0.1:43121' (no trailing slash). */
  get baseUrl(): string {
    return this.url;
  }

  /** Stops listening and destroys every open socket (hanging or keep-alive), so it resolves promptly. */
  close(): Promise<void> {
    if (!this.closing) {
      this.controls.shutdown();
      const httpClosed = new Promise<void>((resolve) => this.server.close(() => resolve()));
      this.server.closeAllConnections();
      for (const socket of this.sockets) socket.destroy();
      this.closing = Promise.all([httpClosed, this.deliverer.shutdown()]).then(() => undefined);
    }
    return this.closing;
  }

  // ---- test controls ----

  /**
   * The next `times` calls of `path` answer `errcode` without being processed. With `afterCalls`, that many
   * calls of `path` are let through (processed normally) first: `failNext(path, 90472, 1, 1)` fails the second call.
   */
  failNext(path: EmulatorPath, errcode: number, times = 1, afterCalls = 0): void {
    this.controls.inject(path, { kind: 'errcode', errcode }, times, afterCalls);
  }

  /** Like failNext once, with `detail` as the errmsg text before WeCom's hint (whatever text an upstream may send). */
  failNextWithErrmsg(path: EmulatorPath, errcode: number, detail: string): void {
    this.controls.inject(path, { kind: 'errcode', errcode, detail });
  }

  failNextHttp(path: EmulatorPath, status: number, times = 1): void {
    this.controls.inject(path, { kind: 'http', status }, times);
  }

  /**
   * The next `times` calls of `path` are applied as usual, but the connection is then reset instead of
   * answering: a write WeCom made whose answer never reached the caller.
   */
  loseAnswerNext(path: EmulatorPath, times = 1): void {
    this.controls.inject(path, { kind: 'lose-answer' }, times);
  }

  /**
   * The next `times` calls of `path` are processed on arrival (a read sees the state of that moment), and
   * their answers are held until release(): a slow answer to a read made before a later write.
   */
  holdAnswerNext(path: EmulatorPath, times = 1): void {
    this.controls.inject(path, { kind: 'hold-answer' }, times);
  }

  /**
   * From now on, every call of `path` whose id list (schedule_id_list, cal_id_list) holds `id` answers
   * `errcode` for the whole call, as calendar/get does for a deleted calendar in a batch (90459); 0 stops it.
   */
  failCallsWithId(path: EmulatorPath, id: string, errcode: number): void {
    this.controls.failCallsWithId(path, id, errcode);
  }

  setLatency(ms: number, path?: EmulatorPath): void {
    this.controls.setLatency(ms, path);
  }

  hang(path?: EmulatorPath): void {
    this.controls.hang(path);
  }

  release(): void {
    this.controls.release();
  }

  /** Enforces WeCom's per-corp, per-API frequency limit from now on (undefined: off); counts start afresh. */
  setApiQuota(settings: ApiQuotaSettings | undefined): void {
    this.quota.set(settings);
  }

  expireTokens(): void {
    this.tokens.expireAll();
  }

  revokeTokens(): void {
    this.tokens.revokeAll();
  }

  callCount(path: EmulatorPath): number {
    return this.log.count(path);
  }

  calls(path?: EmulatorPath): ReceivedCall[] {
    return this.log.list(path);
  }

  resetCalls(): void {
    this.log.reset();
  }

  // ---- callbacks (WECOM.md 5) ----

  /**
   * The app's callback settings (its admin console's 接收事件服务器: URL, Token, EncodingAESKey), or undefined to
   * remove them. Events about the app's calendars and schedules go there, encrypted for the app's corp id.
   */
  setCallback(settings: CallbackSettings | undefined, app?: EmulatorApp): void {
    const identity = identityOf(this.configuredApp(app));
    if (!settings) {
      this.callbackTargets.delete(identity.key);
      return;
    }
    const url = new URL(settings.url);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new RangeError('the callback URL must be http(s)');
    const crypt = new WXBizMsgCrypt(settings.token, settings.encodingAesKey);
    this.callbackTargets.set(identity.key, { url: url.toString(), crypt, corpId: identity.corpId, agentId: identity.agentId });
  }

  /**
   * What WeCom does when the admin saves the settings: a GET with an encrypted `echostr` to the URL. True when
   * the answer was 200 with the decrypted plaintext as the whole body (within the verify wait, 1 s by default).
   */
  async verifyCallbackUrl(app?: EmulatorApp): Promise<boolean> {
    const target = this.callbackTargets.get(identityOf(this.configuredApp(app)).key);
    if (!target) throw new Error('verifyCallbackUrl: the app has no callback settings (setCallback first)');
    return this.deliverer.verifyUrl(target);
  }

  /** Every event delivery so far (the newest 10,000), oldest first, with each attempt's outcome. */
  callbackDeliveries(): CallbackDelivery[] {
    return this.deliverer.deliveries();
  }

  /** Resolves once no delivery is in progress (retries included). */
  callbackDeliveriesSettled(): Promise<void> {
    return this.deliverer.settled();
  }

  // ---- a person acting in the WeCom app: the data changes first, then the event is delivered ----

  /** Edits a schedule's summary, description, location or times (all occurrences) → modify_schedule. */
  modifyScheduleAsUser(action: ModifyScheduleAction): UserActionResult {
    return this.act(modifySchedule(this.store, action), action.silently);
  }

  /** Cancels a schedule (status 1) → delete_schedule. */
  cancelScheduleAsUser(action: CancelScheduleAction): UserActionResult {
    return this.act(cancelSchedule(this.store, action), action.silently);
  }

  /** An attendee accepts, declines or answers tentatively → respond_schedule. */
  respondToScheduleAsUser(action: RespondScheduleAction): UserActionResult {
    return this.act(respondToSchedule(this.store, action), action.silently);
  }

  /** Edits a calendar's summary, description or color → modify_calendar. */
  modifyCalendarAsUser(action: ModifyCalendarAction): UserActionResult {
    return this.act(modifyCalendar(this.store, action), action.silently);
  }

  /** Deletes a calendar → delete_calendar. */
  deleteCalendarAsUser(action: DeleteCalendarAction): UserActionResult {
    return this.act(deleteCalendar(this.store, action), action.silently);
  }

  // ---- seeding / inspection (bypass HTTP) ----

  /** Registers a calendar with minimal fields (empty summary/color, no shares), owned by `app` (default: first). */
  addCalendar(calId?: string, app?: EmulatorApp): string {
    return this.store.addCalendar(identityOf(this.configuredApp(app)), calId);
  }

  /** From now on these userids fail calendar shares one by one (fail_result, errcode 60111; overall errcode 0). */
  markUnknownUsers(userids: string[]): void {
    this.directory.markUnknown(userids);
  }

  /**
   * Creates `count` schedules in a live calendar straight in the store (fast; each takes a sequence),
   * owned by the calendar's app. `template` overrides the defaults; ids, cal_id and sequence are assigned.
   * Returns the ids in creation order.
   */
  seedSchedules(calId: string, count: number, template?: Partial<WireSchedule>): string[] {
    return this.store.seed(calId, count, template);
  }

  /** An attendee answering in the WeCom client; throws for an unknown schedule or a non-attendee. */
  setAttendeeResponse(scheduleId: string, userid: string, status: AttendeeResponseStatus): void {
    this.store.setResponse(scheduleId, userid, status);
  }

  storedSchedule(scheduleId: string): WireSchedule | undefined {
    return this.store.peek(scheduleId);
  }

  /** A live calendar (any app's), with its admins under `admins`; undefined when unknown or deleted. */
  storedCalendar(calId: string): WireCalendar | undefined {
    return this.store.calendars.peek(calId);
  }

  /** Every stored schedule, cancelled and split-off ones included. */
  scheduleCount(): number {
    return this.store.scheduleCount();
  }

  /** Stored schedules per summary, cancelled ones included (e.g. no key's schedule created twice). */
  scheduleCountsBySummary(): Map<string, number> {
    return this.store.countBySummary();
  }

  // ---- internals ----

  private async listen(host: string, port: number): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    const { port: boundPort } = this.server.address() as AddressInfo;
    this.url = `http://${host.includes(':') ? `[${host}]` : host}:${boundPort}`;
  }

  private trackSocket(socket: Socket): void {
    this.sockets.add(socket);
    socket.once('close', () => this.sockets.delete(socket));
  }

  private act(change: UserChange, silently = false): UserActionResult {
    const createTime = Math.floor(Date.now() / 1000);
    const { event } = change;
    const base = { event: event.event, calId: event.calId, scheduleId: event.scheduleId, userId: event.fromUserName, createTime };
    if (silently) return { ...base, deliveryId: null, callback: 'silently' };
    const target = this.callbackTargets.get(change.owner.key);
    if (!target) return { ...base, deliveryId: null, callback: 'no-callback-url' };
    const delivery = this.deliverer.deliver(target, event, createTime);
    return { ...base, deliveryId: delivery.id, callback: 'delivering' };
  }

  private userActionRunners(): UserActionRunners {
    return {
      'modify-schedule': (input) => this.modifyScheduleAsUser(input as unknown as ModifyScheduleAction),
      'cancel-schedule': (input) => this.cancelScheduleAsUser(input as unknown as CancelScheduleAction),
      'respond-schedule': (input) => this.respondToScheduleAsUser(input as unknown as RespondScheduleAction),
      'modify-calendar': (input) => this.modifyCalendarAsUser(input as unknown as ModifyCalendarAction),
      'delete-calendar': (input) => this.deleteCalendarAsUser(input as unknown as DeleteCalendarAction),
    };
  }

  private configuredApp(app: EmulatorApp | undefined): EmulatorApp {
    if (!app) return this.apps[0];
    const match = this.apps.find((known) => known.corpId === app.corpId && known.corpSecret === app.corpSecret);
    if (!match) throw new Error(`WeComEmulator: app ${app.corpId} is not configured`);
    return match;
  }

  /** Record → take injected failure → hang/latency → answer (injected, routed, or 404). */
  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const url = new URL(req.url ?? '/', 'http://emulator.local');
      // Not WeCom's API: no call log, no injected faults.
      if (this.userActionRoutes && url.pathname.startsWith(USER_ACTION_PATH_PREFIX)) {
        return await answerUserAction(req, res, url.pathname, this.userActionRunners());
      }
      const body = decodeBody(await readBody(req));
      const method = req.method ?? 'GET';
      const query = Object.fromEntries(url.searchParams);
      this.log.record({ path: url.pathname, method, query, body: body.recorded });
      const injected = this.controls.takeInjected(url.pathname) ?? this.failingIdAnswer(url.pathname, body.json);
      if (!(await this.controls.holdBeforeAnswer(url.pathname))) return;
      const request = { method, query, json: body.json };
      if (injected?.kind === 'lose-answer') return this.applyAndLoseAnswer(req, url.pathname, request);
      if (injected?.kind === 'hold-answer') {
        const answer = this.routeAnswer(url.pathname, request, clientIpOf(req));
        if (await this.controls.holdUntilRelease()) answer(res);
        return;
      }
      if (injected) return answerInjected(res, injected, clientIpOf(req));
      this.routeAnswer(url.pathname, request, clientIpOf(req))(res);
    } catch (error) {
      // An emulator bug (or a client that went away mid-body): fail loudly rather than fake a WeCom answer.
      if (!this.closing) sendText(res, 500, 'text/plain', `WeComEmulator internal error: ${String(error)}`);
    }
  }

  private applyAndLoseAnswer(req: IncomingMessage, path: string, request: RouteRequest): void {
    const route = this.routes.get(path);
    try {
      if (route) runRoute(route, request, this.tokens);
    } catch (error) {
      if (!(error instanceof WeComError)) throw error;
    }
    req.socket.destroy();
  }

  /** failCallsWithId: an errcode for the whole call when its schedule_id_list or cal_id_list holds a failing id. */
  private failingIdAnswer(path: string, json: unknown): InjectedAnswer | undefined {
    if (!isJsonObject(json)) return undefined;
    const list = json.schedule_id_list ?? json.cal_id_list;
    const errcode = Array.isArray(list) ? this.controls.errcodeForIds(path, list) : undefined;
    return errcode === undefined ? undefined : { kind: 'errcode', errcode };
  }

  /** Processes the call now; the answer is sent when the returned function is called. */
  private routeAnswer(path: string, request: RouteRequest, clientIp: string): (res: ServerResponse) => void {
    const route = this.routes.get(path);
    if (!route) return (res) => sendText(res, 404, 'text/plain', 'Not Found');
    try {
      const admit = (corpId: string) => this.quota.admit(corpId, path);
      const body = { errcode: 0, errmsg: 'ok', ...runRoute(route, request, this.tokens, admit) };
      return (res) => sendJson(res, body);
    } catch (error) {
      if (!(error instanceof WeComError)) throw error;
      const body = errorBody(error.errcode, clientIp, error.detail);
      return (res) => sendJson(res, body);
    }
  }
}

/** failNext: HTTP 200 WeCom error; failNextHttp: a proxy-style non-JSON page with that status. */
function answerInjected(res: ServerResponse, injected: Exclude<InjectedAnswer, { kind: 'lose-answer' | 'hold-answer' }>, clientIp: string): void {
  if (injected.kind === 'errcode') return sendJson(res, errorBody(injected.errcode, clientIp, injected.detail));
  const page = `<html><head><title>${injected.status}</title></head><body><h1>${injected.status}</h1></body></html>`;
  sendText(res, injected.status, 'text/html', page);
}
