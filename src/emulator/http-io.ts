import type { IncomingMessage, ServerResponse } from 'node:http';

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

export interface DecodedBody {
  /** For the call log: parsed JSON, the raw text if unparsable, undefined if empty. */
  recorded: unknown;
  /** For the routes: parsed JSON, or undefined when empty/unparsable. */
  json: unknown;
}

export function decodeBody(raw: string): DecodedBody {
  if (raw === '') return { recorded: undefined, json: undefined };
  try {
    const json: unknown = JSON.parse(raw);
    return { recorded: json, json };
  } catch {
    return { recorded: raw, json: undefined };
  }
}

/** WeCom answers errors as HTTP 200 too; the errcode is in the body. */
export function sendJson(res: ServerResponse, payload: object): void {
  send(res, 200, 'application/json; charset=UTF-8', JSON.stringify(payload));
}

export function sendText(res: ServerResponse, status: number, contentType: string, text: string): void {
  send(res, status, contentType, text);
}

/** The peer address as WeCom prints it in errmsg ("from ip: 1.2.3.4"). */
export function clientIpOf(req: IncomingMessage): string {
  const address = req.socket.remoteAddress ?? 'unknown';
  return address.startsWith('::ffff:') ? address.slice('::ffff:'.length) : address;
}

function send(res: ServerResponse, status: number, contentType: string, text: string): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(text) });
  res.end(text);
}
