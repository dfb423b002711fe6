import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { noteOutcome } from '../observability/request-record';
import { WarningSampler } from '../observability/warning-sampler';
import { readRequestBody } from '../server/request-body';
import { requestPath } from '../server/request-path';
import { CallbackEvent, InnerParse, dedupeKeyOf, eventOf } from './callback-event';
import { CallbackXmlError, parseFlatXml } from './callback-xml';
import { CallbackInbox, InboxFullError } from './inbox/callback-inbox';
import { CallbackCryptoError, WXBizMsgCrypt } from './wxbiz-msg-crypt';

export const CALLBACK_PATH = '/wecom/callback';
/** API.md: a body over 64 KiB is refused. WeCom's envelopes are a few KiB. */
export const MAX_CALLBACK_BODY_BYTES = 64 * 1024;
/** API.md: a signed timestamp more than this far from the gateway's clock is refused (replays). */
export const TIMESTAMP_WINDOW_SECONDS = 300;
/** A body up to this size is still read (and dropped) after a 413, keeping the connection; beyond, it is closed. */
const DRAIN_BYTES = 4 * MAX_CALLBACK_BODY_BYTES;

/** Why a delivery was refused: a bounded set (metric label values). */
export type CallbackRefusal =
  | 'method_not_allowed'
  | 'bad_parameters'
  | 'too_large'
  | 'malformed_xml'
  | 'bad_signature'
  | 'stale_timestamp'
  | 'undecryptable'
  | 'wrong_receiver';

/**
 * `ignored_malformed`: signed and ours, but not a well-formed event (answered 200 all the same: WeCom
 * would deliver it again forever). `inbox_full`: answered 503, the unprocessed backlog is at its cap.
 */
export type CallbackOutcome =
  | 'verified'
  | 'recorded'
  | 'duplicate'
  | 'ignored'
  | 'ignored_malformed'
  | 'unavailable'
  | 'inbox_full'
  | `refused_${CallbackRefusal}`;

export interface CallbackRouteOptions {
  crypt: WXBizMsgCrypt;
  /** The receiver id every message must carry: the corp id (self-built app). */
  corpId: string;
  inbox: CallbackInbox;
  logger: Logger;
  /** Seconds since the epoch (tests move the clock). @default Date.now()/1000 */
  now?: () => number;
  onOutcome?: (outcome: CallbackOutcome) => void;
  /**
   * Told of each event recorded, before WeCom is answered: copies read before the change (the read
   * cache) are dropped at once, not only when the change reaches the feed after its WeCom read. Bounded; never throws.
   */
  onEvent?: (event: CallbackEvent) => Promise<void>;
}

const STATUS: Record<CallbackRefusal, number> = {
  method_not_allowed: 405,
  bad_parameters: 400,
  too_large: 413,
  malformed_xml: 400,
  bad_signature: 403,
  stale_timestamp: 403,
  undecryptable: 403,
  wrong_receiver: 403,
};

class Refusal extends Error {
  constructor(
    readonly reason: CallbackRefusal,
    message: string,
    readonly close = false,
  ) {
    super(message);
  }
}

interface SignedParams {
  signature: string;
  timestamp: string;
  nonce: string;
  echostr?: string;
}

/**
 * `/wecom/callback` (API.md, "The callback endpoint"; WeCom doc 91144): GET answers WeCom's URL
 * verification, POST records an event in the inbox and answers 200 only once it is recorded. Not
 * behind AUTH: WeCom's signature authenticates it. Refusals are 4xx with a short JSON reason and
 * change nothing; no answer or log line carries the token, the key or a plaintext.
 */
export function createCallbackRoute(options: CallbackRouteOptions) {
  const now = options.now ?? (() => Date.now() / 1000);
  const { crypt, logger } = options;
  // Malformed signed messages and a full inbox can come in floods: a bounded number of warnings.
  const warnings = new WarningSampler(1);
  const warn = (fields: Record<string, unknown>, message: string) => {
    const { allowed, suppressedBefore } = warnings.take();
    if (allowed) logger.warn({ ...fields, ...(suppressedBefore > 0 ? { suppressedBefore } : {}) }, message);
    else logger.debug(fields, message);
  };

  /**
   * Signed, decrypted, for our corp, fresh (in this order, API.md): the message inside `encrypted`.
   * Only what passed all four is trusted enough to be answered 200 whatever it says.
   */
  const open = (params: SignedParams, encrypted: string): string => {
    if (!crypt.verifySignature(params.signature, params.timestamp, params.nonce, encrypted)) {
      throw new Refusal('bad_signature', 'msg_signature does not match');
    }
    let decrypted;
    try {
      decrypted = crypt.decrypt(encrypted);
    } catch (error) {
      if (error instanceof CallbackCryptoError) throw new Refusal('undecryptable', 'the message does not decrypt with the configured EncodingAESKey');
      throw error;
    }
    if (decrypted.receiverId !== options.corpId) throw new Refusal('wrong_receiver', 'the message is for another receiver id');
    if (Math.abs(now() - Number(params.timestamp)) > TIMESTAMP_WINDOW_SECONDS) {
      throw new Refusal('stale_timestamp', `timestamp is more than ${TIMESTAMP_WINDOW_SECONDS} s from the gateway's clock`);
    }
    return decrypted.message;
  };

  const verify = (params: SignedParams): string => {
    if (!params.echostr) throw new Refusal('bad_parameters', 'echostr is missing');
    return open(params, params.echostr);
  };

  const receive = async (req: IncomingMessage, params: SignedParams): Promise<CallbackOutcome> => {
    const read = await readRequestBody(req, MAX_CALLBACK_BODY_BYTES, DRAIN_BYTES);
    if (read.kind === 'too-large') throw new Refusal('too_large', `the body is larger than ${MAX_CALLBACK_BODY_BYTES} bytes`, !read.drained);
    // The envelope is not signed as a whole: a malformed one is refused (there is nothing to trust yet).
    const envelope = envelopeFields(read.body.toString('utf8'));
    const encrypted = envelope.Encrypt;
    if (!encrypted) throw new Refusal('malformed_xml', 'the body has no <Encrypt>');
    const message = open(params, encrypted);
    // WeCom's own message from here on: refusing it would only make WeCom deliver it again, forever.
    const parsed = innerEvent(message);
    if (parsed.kind === 'invalid') {
      warn({ reason: parsed.reason }, 'WeCom callback ignored: a signed message that is not a well-formed event (answered 200, nothing recorded)');
      return 'ignored_malformed';
    }
    if (parsed.kind === 'ignored') {
      logger.debug({ what: parsed.what }, 'WeCom callback ignored: not a calendar event this gateway handles');
      return 'ignored';
    }
    const outcome = await options.inbox.add(parsed.event, dedupeKeyOf(parsed.event));
    if (outcome === 'recorded') await options.onEvent?.(parsed.event);
    return outcome;
  };

  /** True when the request was for the callback path (answered here). */
  return async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    if (requestPath(req) !== CALLBACK_PATH) return false;
    try {
      if (req.method !== 'GET' && req.method !== 'POST') throw new Refusal('method_not_allowed', 'use GET (URL verification) or POST (events)');
      const params = signedParams(req.url ?? '', req.method === 'GET');
      if (req.method === 'GET') {
        const plaintext = verify(params);
        options.onOutcome?.('verified');
        logger.info('WeCom callback URL verified');
        send(res, 200, 'text/plain; charset=utf-8', plaintext);
        return true;
      }
      const outcome = await receive(req, params);
      options.onOutcome?.(outcome);
      send(res, 200, 'text/plain; charset=utf-8', '');
    } catch (error) {
      if (error instanceof InboxFullError) {
        // Not recorded, and nothing older dropped for it: WeCom delivers it again once the backlog shrinks.
        options.onOutcome?.('inbox_full');
        warn({ unprocessed: error.cap }, 'WeCom callback not recorded: the inbox is full, answered 503');
        noteOutcome(res, 'INBOX_FULL');
        send(res, 503, 'application/json; charset=utf-8', JSON.stringify({ error: 'unavailable', message: 'too many events wait to be processed; deliver it again later' }));
        return true;
      }
      if (error instanceof Refusal) {
        options.onOutcome?.(`refused_${error.reason}`);
        logger.debug({ reason: error.reason }, 'WeCom callback refused'); // the access line carries the reason too
        noteOutcome(res, error.reason.toUpperCase());
        send(res, STATUS[error.reason], 'application/json; charset=utf-8', JSON.stringify({ error: error.reason, message: error.message }), error.close);
        return true;
      }
      // Not recorded (Redis down, say): WeCom gets no 200 and delivers it again.
      options.onOutcome?.('unavailable');
      logger.warn({ reason: (error as Error).message }, 'WeCom callback not recorded: answered 503');
      noteOutcome(res, 'UNAVAILABLE');
      send(res, 503, 'application/json; charset=utf-8', JSON.stringify({ error: 'unavailable', message: 'the event could not be recorded; deliver it again' }));
    }
    return true;
  };
}

function envelopeFields(text: string): Record<string, string> {
  try {
    return parseFlatXml(text);
  } catch (error) {
    if (error instanceof CallbackXmlError) throw new Refusal('malformed_xml', error.message);
    throw error;
  }
}

/** The decrypted message as an event; XML that does not parse is one more way of being invalid. */
function innerEvent(message: string): InnerParse {
  try {
    return eventOf(parseFlatXml(message));
  } catch (error) {
    if (error instanceof CallbackXmlError) return { kind: 'invalid', reason: `not a flat XML message: ${error.message}` };
    throw error;
  }
}

const PARAM_LIMITS: Record<string, RegExp> = {
  msg_signature: /^[0-9a-f]{40}$/i,
  timestamp: /^\d{1,12}$/,
  nonce: /^[\x21-\x7e]{1,64}$/,
  echostr: /^[A-Za-z0-9+/=]{1,4096}$/,
};

/**
 * The signed query parameters, percent-decoded as WeCom encodes them. Parsed by hand: URLSearchParams
 * would turn a literal `+` of the base64 echostr into a space. Each one at most once, well-formed.
 */
function signedParams(url: string, withEchostr: boolean): SignedParams {
  const query = url.includes('?') ? url.slice(url.indexOf('?') + 1).split('#')[0] : '';
  const values: Record<string, string> = Object.create(null);
  for (const pair of query.split('&')) {
    if (!pair) continue;
    const at = pair.indexOf('=');
    const name = at < 0 ? pair : pair.slice(0, at);
    if (!Object.hasOwn(PARAM_LIMITS, name)) continue;
    let value: string;
    try {
      value = decodeURIComponent(at < 0 ? '' : pair.slice(at + 1));
    } catch {
      throw new Refusal('bad_parameters', `${name} is not percent-encoded properly`);
    }
    if (name in values) throw new Refusal('bad_parameters', `${name} is given twice`);
    if (!PARAM_LIMITS[name].test(value)) throw new Refusal('bad_parameters', `${name} is missing or malformed`);
    values[name] = value;
  }
  for (const name of ['msg_signature', 'timestamp', 'nonce', ...(withEchostr ? ['echostr'] : [])]) {
    if (!(name in values)) throw new Refusal('bad_parameters', `${name} is missing`);
  }
  return { signature: values.msg_signature, timestamp: values.timestamp, nonce: values.nonce, echostr: values.echostr };
}

function send(res: ServerResponse, status: number, contentType: string, body: string, close = false): void {
  const headers: Record<string, string | number> = { 'content-type': contentType, 'content-length': Buffer.byteLength(body) };
  if (close) headers.connection = 'close';
  res.writeHead(status, headers).end(body);
}
