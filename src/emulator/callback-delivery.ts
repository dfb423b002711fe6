import { randomBytes, randomInt } from 'node:crypto';
import { Agent, request } from 'undici';
import { WXBizMsgCrypt } from '../callbacks/wxbiz-msg-crypt';
import { envelopeXml, eventXml, type CallbackEvent } from './callback-events';

/** An app's callback settings as an admin saves them in WeCom's console (接收事件服务器). */
export interface CallbackSettings {
  /** http(s) URL that receives the events. */
  url: string;
  token: string;
  /** 43 characters. */
  encodingAesKey: string;
}

/** Where one app's events go: its settings, ready to sign and encrypt, and the receiver id (the corp id). */
export interface CallbackTarget {
  url: string;
  crypt: WXBizMsgCrypt;
  corpId: string;
  agentId?: number;
}

export interface CallbackTiming {
  /** How long WeCom waits for an answer before it counts the attempt as failed. @default 5000 */
  answerWaitMs?: number;
  /** Further attempts after one not answered with 200. @default 3 */
  retries?: number;
  /** How long the URL verification waits for the echoed plaintext (WeCom asks for 1 s). @default 1000 */
  verifyWaitMs?: number;
}

export interface DeliveryAttempt {
  /** 'answered' with a status (200 ends the delivery); 'timed-out' after answerWaitMs; 'failed': no HTTP answer. */
  outcome: 'answered' | 'timed-out' | 'failed';
  status?: number;
  error?: string;
  /** Epoch ms when the attempt was sent. */
  sentAt: number;
}

/** One event's delivery: every attempt sends the same request (same CreateTime, nonce and ciphertext). */
export interface CallbackDelivery {
  id: number;
  url: string;
  corpId: string;
  event: CallbackEvent;
  createTime: number;
  /** 'pending' while attempts remain; 'delivered' after a 200; 'gave-up' after the last retry failed. */
  state: 'pending' | 'delivered' | 'gave-up';
  attempts: DeliveryAttempt[];
}

/** The log keeps the newest deliveries only, so a long demo run cannot grow it without bound. */
const MAX_LOGGED_DELIVERIES = 10_000;
/** Bytes of an answer read at most (WeCom ignores an event answer's body; a verification answer is short). */
const MAX_ANSWER_BYTES = 4096;

/**
 * Sends WeCom's callbacks in the background, like WeCom: an encrypted, signed POST per event, retried when
 * not answered with 200 within the wait; and the URL verification GET an admin's "save" triggers.
 */
export class CallbackDeliverer {
  private readonly answerWaitMs: number;
  private readonly retries: number;
  private readonly verifyWaitMs: number;
  private readonly agent = new Agent({ keepAliveTimeout: 1000, connections: 16 });
  private readonly log: CallbackDelivery[] = [];
  private readonly outstanding = new Set<Promise<void>>();
  private readonly aborts = new Set<AbortController>();
  private nextId = 1;
  private closed = false;

  constructor(timing: CallbackTiming = {}) {
    this.answerWaitMs = positiveOr(timing.answerWaitMs, 5000, 'answerWaitMs');
    this.retries = countOr(timing.retries, 3, 'retries');
    this.verifyWaitMs = positiveOr(timing.verifyWaitMs, 1000, 'verifyWaitMs');
  }

  /** Starts delivering `event` (returns at once); the returned record is live and also in `deliveries()`. */
  deliver(target: CallbackTarget, event: CallbackEvent, createTime: number): CallbackDelivery {
    const delivery: CallbackDelivery = {
      id: this.nextId++,
      url: target.url,
      corpId: target.corpId,
      event: { ...event },
      createTime,
      state: 'pending',
      attempts: [],
    };
    this.log.push(delivery);
    if (this.log.length > MAX_LOGGED_DELIVERIES) this.log.shift();
    const encrypted = target.crypt.encrypt(eventXml(target.corpId, event, createTime), target.corpId);
    const signed = signedQuery(target.crypt, encrypted);
    const body = envelopeXml(target.corpId, target.agentId, encrypted);
    const running = this.attemptAll(delivery, `${withQuery(target.url, signed)}`, body);
    this.outstanding.add(running);
    void running.finally(() => this.outstanding.delete(running));
    return delivery;
  }

  /** Copies of the logged deliveries, oldest first. */
  deliveries(): CallbackDelivery[] {
    return structuredClone(this.log);
  }

  /** Resolves when no delivery is pending (deliveries started meanwhile included). */
  async settled(): Promise<void> {
    while (this.outstanding.size > 0) await Promise.all([...this.outstanding]);
  }

  /**
   * The URL verification WeCom makes when the admin saves the settings (doc 91144): GET with an encrypted
   * `echostr`; the receiver must answer 200 with the decrypted plaintext as the whole body. True when it did.
   */
  async verifyUrl(target: CallbackTarget): Promise<boolean> {
    const plaintext = String(randomInt(1, 2 ** 47));
    const echostr = target.crypt.encrypt(plaintext, target.corpId);
    const url = withQuery(target.url, { ...signedQuery(target.crypt, echostr), echostr });
    const answer = await this.exchange('GET', url, undefined, this.verifyWaitMs, true);
    return answer.outcome === 'answered' && answer.status === 200 && answer.body === plaintext;
  }

  /** Aborts every attempt in flight; nothing is sent afterwards. */
  async shutdown(): Promise<void> {
    this.closed = true;
    for (const controller of this.aborts) controller.abort();
    await this.settled();
    await this.agent.destroy();
  }

  private async attemptAll(delivery: CallbackDelivery, url: string, body: string): Promise<void> {
    for (let attempt = 0; attempt <= this.retries && !this.closed; attempt += 1) {
      const sentAt = Date.now();
      const { body: _ignored, ...result } = await this.exchange('POST', url, body, this.answerWaitMs, false);
      delivery.attempts.push({ ...result, sentAt });
      if (result.outcome === 'answered' && result.status === 200) {
        delivery.state = 'delivered';
        return;
      }
    }
    delivery.state = 'gave-up';
  }

  /** One request with a deadline over the whole exchange; never throws. */
  private async exchange(
    method: 'GET' | 'POST',
    url: string,
    body: string | undefined,
    waitMs: number,
    readBody: boolean,
  ): Promise<Omit<DeliveryAttempt, 'sentAt'> & { body?: string }> {
    if (this.closed) return { outcome: 'failed', error: 'the emulator is closing' };
    const controller = new AbortController();
    this.aborts.add(controller);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, waitMs);
    try {
      const response = await request(url, {
        method,
        body,
        headers: body === undefined ? {} : { 'content-type': 'text/xml' },
        signal: controller.signal,
        dispatcher: this.agent,
      });
      const text = readBody ? await readBounded(response.body) : (await response.body.dump({ limit: MAX_ANSWER_BYTES }), undefined);
      return { outcome: 'answered', status: response.statusCode, body: text };
    } catch (error) {
      if (timedOut) return { outcome: 'timed-out', error: `no answer within ${waitMs} ms` };
      return { outcome: 'failed', error: error instanceof Error ? error.message : String(error) };
    } finally {
      clearTimeout(timer);
      this.aborts.delete(controller);
    }
  }
}

/** msg_signature, timestamp and nonce, as WeCom puts them on the callback URL. */
function signedQuery(crypt: WXBizMsgCrypt, encrypted: string): Record<string, string> {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const nonce = String(randomBytes(4).readUInt32BE(0));
  return { msg_signature: crypt.signature(timestamp, nonce, encrypted), timestamp, nonce };
}

/** Keeps whatever query the configured URL has, adds (or replaces) WeCom's parameters. */
function withQuery(base: string, params: Record<string, string>): string {
  const url = new URL(base);
  for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
  return url.toString();
}

async function readBounded(body: AsyncIterable<Buffer | string>): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    size += buffer.length;
    if (size > MAX_ANSWER_BYTES) throw new Error(`the answer is over ${MAX_ANSWER_BYTES} bytes`);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function positiveOr(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value <= 0) throw new RangeError(`callback ${name} must be a positive number of ms`);
  return value;
}

function countOr(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 0) throw new RangeError(`callback ${name} must be an integer >= 0`);
  return value;
}
