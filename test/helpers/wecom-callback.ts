import { randomBytes } from 'node:crypto';
import { Agent, request } from 'undici';
import { WXBizMsgCrypt, generateEncodingAesKey } from '../../src/callbacks/wxbiz-msg-crypt';
import type { CallbackSettings } from '../../src/callbacks/wecom-callbacks';
import type { TestStack } from './test-stack';

/** A fresh Token and EncodingAESKey, as WeCom's admin console would generate them. */
export function callbackSettings(overrides: Partial<CallbackSettings> = {}): CallbackSettings {
  return { token: `token-${randomBytes(8).toString('hex')}`, encodingAesKey: generateEncodingAesKey(), ...overrides };
}

export interface CalendarEventFields {
  Event: string;
  CalId: string;
  ScheduleId?: string;
  FromUserName?: string;
  CreateTime?: number;
  MsgType?: string;
}

export interface DeliveryOptions {
  /** Encrypt with another key than the gateway's. */
  encodingAesKey?: string;
  /** Sign with another token. */
  token?: string;
  receiverId?: string;
  /** Seconds since the epoch for the signed timestamp. @default now */
  timestamp?: number;
  /** Replace the query string (missing parameters). */
  query?: (params: URLSearchParams) => URLSearchParams;
  /** The raw body to send instead of the envelope. */
  body?: (envelope: string) => string;
  contentType?: string;
}

export interface CallbackAnswer {
  status: number;
  text: string;
  contentType: string | undefined;
}

const client = new Agent({ keepAliveTimeout: 10, headersTimeout: 5000, bodyTimeout: 5000 });

export function callbackUrl(stack: TestStack): string {
  return `http://127.0.0.1:${stack.gateway.port}/wecom/callback`;
}

/** The decrypted event XML, as WeCom writes it (CDATA around strings). */
export function eventXml(corpId: string, fields: CalendarEventFields): string {
  const { MsgType = 'event', FromUserName = 'alice', CreateTime = Math.floor(Date.now() / 1000), ...rest } = fields;
  const parts = [`<ToUserName><![CDATA[${corpId}]]></ToUserName>`, `<FromUserName><![CDATA[${FromUserName}]]></FromUserName>`, `<CreateTime>${CreateTime}</CreateTime>`, `<MsgType><![CDATA[${MsgType}]]></MsgType>`];
  for (const [name, value] of Object.entries(rest)) if (value !== undefined) parts.push(`<${name}><![CDATA[${value}]]></${name}>`);
  return `<xml>${parts.join('')}</xml>`;
}

/**
 * Delivers an event the way WeCom does (doc 91144): POST to the callback URL with msg_signature,
 * timestamp and nonce in the query and the encrypted message in an XML envelope.
 */
export async function deliverEvent(
  stack: TestStack,
  settings: CallbackSettings,
  fields: CalendarEventFields,
  options: DeliveryOptions = {},
): Promise<CallbackAnswer> {
  return deliverMessage(stack, settings, eventXml(stack.app.corpId, fields), options);
}

export async function deliverMessage(stack: TestStack, settings: CallbackSettings, message: string, options: DeliveryOptions = {}): Promise<CallbackAnswer> {
  const encrypting = new WXBizMsgCrypt(settings.token, options.encodingAesKey ?? settings.encodingAesKey);
  const signing = new WXBizMsgCrypt(options.token ?? settings.token, settings.encodingAesKey);
  const encrypted = encrypting.encrypt(message, options.receiverId ?? stack.app.corpId);
  const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000));
  const nonce = String(randomBytes(4).readUInt32BE(0));
  let params = new URLSearchParams({ msg_signature: signing.signature(timestamp, nonce, encrypted), timestamp, nonce });
  if (options.query) params = options.query(params);
  const envelope = `<xml><ToUserName><![CDATA[${stack.app.corpId}]]></ToUserName><AgentID><![CDATA[${stack.app.agentId ?? 1000002}]]></AgentID><Encrypt><![CDATA[${encrypted}]]></Encrypt></xml>`;
  const response = await request(`${callbackUrl(stack)}?${params}`, {
    method: 'POST',
    dispatcher: client,
    headers: { 'content-type': options.contentType ?? 'text/xml' },
    body: options.body ? options.body(envelope) : envelope,
  });
  return { status: response.statusCode, text: await response.body.text(), contentType: response.headers['content-type'] as string | undefined };
}

/** WeCom's URL verification: GET with an encrypted echostr whose plaintext the gateway must answer. */
export async function verifyUrl(stack: TestStack, settings: CallbackSettings, plaintext: string, options: { timestamp?: number } = {}): Promise<CallbackAnswer> {
  const crypt = new WXBizMsgCrypt(settings.token, settings.encodingAesKey);
  const echostr = crypt.encrypt(plaintext, stack.app.corpId);
  const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000));
  const nonce = '263014780';
  const params = new URLSearchParams({ msg_signature: crypt.signature(timestamp, nonce, echostr), timestamp, nonce, echostr });
  const response = await request(`${callbackUrl(stack)}?${params}`, { dispatcher: client });
  return { status: response.statusCode, text: await response.body.text(), contentType: response.headers['content-type'] as string | undefined };
}

/** A counter's value from the gateway's /metrics (0 when the series does not exist yet). */
export async function metricValue(stack: TestStack, name: string, labels: Record<string, string>): Promise<number> {
  const response = await request(`http://127.0.0.1:${stack.gateway.port}/metrics`, { dispatcher: client });
  const text = await response.body.text();
  const wanted = Object.entries(labels).map(([key, value]) => `${key}="${value}"`).join(',');
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${name}{${wanted}}`));
  return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : 0;
}

/** Polls `check` until it returns a value that is not undefined, or fails after `ms`. */
export async function eventually<T>(check: () => Promise<T | undefined>, ms = 5000, what = 'the condition'): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
