import type { IncomingMessage } from 'node:http';

export type BodyRead =
  | { kind: 'complete'; body: Buffer }
  /** Over the limit; `drained` when the rest was read and dropped, so the connection can serve the next request. */
  | { kind: 'too-large'; drained: boolean };

/**
 * Reads a request body of at most `maxBytes`. A larger one is still read to its end and dropped, up
 * to `drainBytes`, so that a kept-alive connection answers its next request at once; beyond that (or
 * when Content-Length announces more) reading stops and the caller closes the connection.
 */
export function readRequestBody(req: IncomingMessage, maxBytes: number, drainBytes: number): Promise<BodyRead> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > drainBytes) return Promise.resolve({ kind: 'too-large', drained: false });
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (result: BodyRead | Error) => {
      req.off('data', onData).off('end', onEnd).off('error', onError);
      if (result instanceof Error) reject(result);
      else resolve(result);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > drainBytes) {
        req.pause();
        finish({ kind: 'too-large', drained: false });
      } else if (size <= maxBytes) {
        chunks.push(chunk);
      } else {
        chunks.length = 0; // dropped: only the count matters now
      }
    };
    const onEnd = () => finish(size > maxBytes ? { kind: 'too-large', drained: true } : { kind: 'complete', body: Buffer.concat(chunks) });
    const onError = (error: Error) => finish(error);
    req.on('data', onData).on('end', onEnd).on('error', onError);
  });
}
