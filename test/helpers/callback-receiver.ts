import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { XMLParser } from 'fast-xml-parser';
import { WXBizMsgCrypt } from '../../src/callbacks/wxbiz-msg-crypt';

/** One request the receiver got, checked and decrypted as a WeCom callback receiver would. */
export interface ReceivedCallback {
  method: string;
  query: Record<string, string>;
  /** The raw POST body (the envelope). */
  body: string;
  envelope: Record<string, string>;
  signatureValid: boolean;
  receiverId: string;
  /** The decrypted event XML, as sent. */
  message: string;
  /** Its fields, as text. */
  fields: Record<string, string>;
}

/** How to answer the n-th request (0-based): a status, or no answer at all (the socket is left open). */
export type ReceiverAnswer = { status: number } | 'hang';

const parser = new XMLParser({ processEntities: false, parseTagValue: false, ignoreDeclaration: true });

/**
 * A tiny callback URL for tests: records every request, checks msg_signature and decrypts with WXBizMsgCrypt,
 * answers URL verifications with the decrypted echostr, and answers events as `answer(n)` says (200 by default).
 */
export class CallbackReceiver {
  readonly received: ReceivedCallback[] = [];
  private readonly crypt: WXBizMsgCrypt;
  private readonly server: Server;
  private readonly hung: ServerResponse[] = [];

  private constructor(
    token: string,
    encodingAesKey: string,
    private readonly answer: (n: number, callback: ReceivedCallback) => ReceiverAnswer,
  ) {
    this.crypt = new WXBizMsgCrypt(token, encodingAesKey);
    this.server = createServer((req, res) => void this.onRequest(req, res));
  }

  static async start(
    token: string,
    encodingAesKey: string,
    answer: (n: number, callback: ReceivedCallback) => ReceiverAnswer = () => ({ status: 200 }),
  ): Promise<CallbackReceiver> {
    const receiver = new CallbackReceiver(token, encodingAesKey, answer);
    await new Promise<void>((resolve) => receiver.server.listen(0, '127.0.0.1', resolve));
    return receiver;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/wecom/callback`;
  }

  events(): ReceivedCallback[] {
    return this.received.filter((callback) => callback.method === 'POST');
  }

  async close(): Promise<void> {
    for (const res of this.hung) res.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://receiver.local');
    const query = Object.fromEntries(url.searchParams);
    let body = '';
    for await (const chunk of req) body += chunk;
    const envelope = req.method === 'POST' ? ((parser.parse(body) as { xml?: Record<string, string> }).xml ?? {}) : {};
    const encrypted = req.method === 'POST' ? String(envelope.Encrypt ?? '') : (query.echostr ?? '');
    const signatureValid = this.crypt.verifySignature(query.msg_signature ?? '', query.timestamp ?? '', query.nonce ?? '', encrypted);
    let message = '';
    let receiverId = '';
    try {
      ({ message, receiverId } = this.crypt.decrypt(encrypted));
    } catch {
      // left empty: the test sees it
    }
    const fields = req.method === 'POST' && message ? ((parser.parse(message) as { xml: Record<string, string> }).xml ?? {}) : {};
    const callback: ReceivedCallback = { method: req.method ?? '', query, body, envelope, signatureValid, receiverId, message, fields };
    this.received.push(callback);
    if (req.method === 'GET') {
      res.writeHead(signatureValid && message ? 200 : 400).end(signatureValid ? message : 'bad signature');
      return;
    }
    const answer = this.answer(this.events().length - 1, callback);
    if (answer === 'hang') {
      this.hung.push(res);
      return;
    }
    res.writeHead(answer.status).end('');
  }
}
