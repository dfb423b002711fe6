import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** What one HTTP request did, filled in as it runs and written out once as its access line. */
export interface RequestRecord {
  id: string;
  startedAt: number;
  caller?: string;
  /** Set once Apollo knows it; undefined for answers given before (404, 413…). */
  operation?: string;
  /** The operation name the client asked for when the document did not resolve (log only, never a label). */
  requestedOperation?: string;
  /** `ok` or the first error's code; undefined until something decides it. */
  outcome?: string;
  /** WeCom's errcode behind the outcome, when it was a WeCom error. */
  wecomErrcode?: number;
  /** WeCom attempts sent for this request (retries included; refused ones not). */
  wecomCalls: number;
}

/** A client's request id is kept only if short and plain (it goes into logs and a response header). */
const SANE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

const byRequest = new WeakMap<IncomingMessage | ServerResponse, RequestRecord>();

export function startRequestRecord(req: IncomingMessage, res: ServerResponse): RequestRecord {
  const sent = req.headers['x-request-id'];
  const id = typeof sent === 'string' && SANE_REQUEST_ID.test(sent) ? sent : randomUUID();
  const record: RequestRecord = { id, startedAt: performance.now(), wecomCalls: 0 };
  byRequest.set(req, record);
  byRequest.set(res, record);
  return record;
}

/** The record of a request (or of its response); undefined for requests nobody observes (unit tests). */
export function requestRecordOf(message: IncomingMessage | ServerResponse): RequestRecord | undefined {
  return byRequest.get(message);
}

/** The HTTP layer's own refusals (404, 413, 400) name their code here; the first one set wins. */
export function noteOutcome(message: IncomingMessage | ServerResponse, code: string): void {
  const record = byRequest.get(message);
  if (record && record.outcome === undefined) record.outcome = code;
}
