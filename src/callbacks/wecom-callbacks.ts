import type { Logger } from 'pino';
import type { SharedCache } from '../cache/shared-cache';
import { ChangeRecorder } from '../sync/change-recorder';
import { CallbackOutcome, CallbackRouteOptions, createCallbackRoute } from './callback-route';
import { CallbackInbox } from './inbox/callback-inbox';
import { MemoryCallbackInbox } from './inbox/memory-callback-inbox';
import { RedisCallbackInbox } from './inbox/redis-callback-inbox';
import { InboxOutcome, InboxProcessor, InboxProcessorOptions } from './inbox-processor';
import { WXBizMsgCrypt } from './wxbiz-msg-crypt';

/** WECOM_CALLBACK_TOKEN and WECOM_CALLBACK_AES_KEY, plus knobs for tests and operations. */
export interface CallbackSettings {
  token: string;
  encodingAesKey: string;
  /**
   * false: this instance records events but leaves processing to the others (tests simulate an
   * instance dying before it processed what it recorded). @default true
   */
  process?: boolean;
  /**
   * With Redis: an event taken by an instance that stopped working on it (it died) is taken over once
   * idle this long; a living instance keeps what it works on fresh. @default 30000
   */
  claimIdleMs?: number;
  /** Unprocessed events the inbox holds at most; beyond, deliveries are answered 503. @default 100,000 */
  maxUnprocessed?: number;
  /** Retries of an event whose recording failed. */
  retry?: Pick<InboxProcessorOptions, 'maxAttempts' | 'firstRetryDelayMs'>;
}

export interface WeComCallbacksOptions {
  settings: CallbackSettings;
  corpId: string;
  appKey: string;
  redis: SharedCache['redis'];
  recorder: Pick<ChangeRecorder, 'recordObserved'>;
  logger: Logger;
  onReceived?: (outcome: CallbackOutcome) => void;
  onProcessed?: (outcome: InboxOutcome) => void;
  /** Each event recorded, before WeCom is answered (the read cache drops what it changed). */
  onEvent?: CallbackRouteOptions['onEvent'];
}

export interface WeComCallbacks {
  /** The HTTP route: true when it answered the request (the callback path). */
  route: ReturnType<typeof createCallbackRoute>;
  inbox: CallbackInbox;
  /** Stops processing (before the WeCom connection pool closes). */
  stop(): Promise<void>;
}

/** The callback receiver, its inbox (Redis with CACHE_URL, else memory) and the processor that empties it. */
export function createWeComCallbacks(options: WeComCallbacksOptions): WeComCallbacks {
  const { settings, logger } = options;
  const crypt = new WXBizMsgCrypt(settings.token, settings.encodingAesKey);
  const inbox: CallbackInbox = options.redis
    ? new RedisCallbackInbox({ redis: options.redis, appKey: options.appKey, logger, claimIdleMs: settings.claimIdleMs, maxUnprocessed: settings.maxUnprocessed })
    : new MemoryCallbackInbox({ maxPending: settings.maxUnprocessed });
  const processor = new InboxProcessor({ inbox, recorder: options.recorder, logger, ...settings.retry, onOutcome: options.onProcessed });
  if (settings.process !== false) processor.start();
  const route = createCallbackRoute({ crypt, corpId: options.corpId, inbox, logger, onOutcome: options.onReceived, onEvent: options.onEvent });
  return {
    route,
    inbox,
    async stop() {
      await processor.stop();
      await inbox.close();
      const left = await inbox.pending().catch(() => 0);
      if (left > 0 && !options.redis) logger.warn({ events: left }, 'stopped with WeCom callback events unprocessed (reconciliation will find their changes)');
    },
  };
}
