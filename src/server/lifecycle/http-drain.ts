import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { GRAPHQL_PATH } from '../http-handler';
import { HttpErrorCode, sendGraphQLError } from '../http-errors';
import { requestPath } from '../request-path';
import { Readiness } from './readiness';

/**
 * The HTTP side of a graceful shutdown (README, "Health, readiness and shutdown"). `admit` sees every
 * request first: it counts those in flight and, once draining, refuses new GraphQL requests that
 * still arrive on kept-alive sockets. `drain` then lets the ones in flight finish within the grace.
 */
export class HttpDrain {
  private readonly inFlight = new Set<ServerResponse>();
  /** The handlers still running: an operation may outlive its socket (the client gave up mid-write). */
  private readonly operations = new Set<Promise<void>>();
  /** What else closes when the drain starts (the WebSocket server), awaited within the grace. */
  private readonly alongside: (() => Promise<void>)[] = [];

  constructor(
    private readonly server: Server,
    private readonly readiness: Readiness,
    private readonly logger: Logger,
  ) {}

  /** False when the request was refused (503 SHUTTING_DOWN) and already answered. */
  admit(req: IncomingMessage, res: ServerResponse): boolean {
    if (this.readiness.draining) {
      if (requestPath(req) === GRAPHQL_PATH) {
        sendGraphQLError(res, {
          status: 503,
          code: HttpErrorCode.ShuttingDown,
          message: 'This gateway instance is shutting down: send the request again (another instance will take it)',
          close: true,
        });
        return false;
      }
      closeConnectionAfter(res); // probes and other paths are still answered, on a closing connection
    }
    this.inFlight.add(res);
    res.once('close', () => this.inFlight.delete(res));
    return true;
  }

  /** Counts a request's handler until it settles, so that the drain waits for the operation itself. */
  track(operation: Promise<void>): void {
    this.operations.add(operation);
    void operation.finally(() => this.operations.delete(operation));
  }

  /** Runs `close` when the drain starts; the drain waits for it (within the grace) like a request in flight. */
  closeAlongside(close: () => Promise<void>): void {
    this.alongside.push(close);
  }

  /**
   * Turns /ready to 503 at once, stops accepting connections, closes idle keep-alive sockets, and
   * closes each busy one after its answer. Resolves true when everything finished within `graceMs`;
   * otherwise the remaining sockets are destroyed (their operations are cut) and it resolves false.
   */
  async drain(graceMs: number): Promise<boolean> {
    this.readiness.markDraining();
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeIdleConnections();
    for (const res of this.inFlight) closeConnectionAfter(res);
    // Subscriptions close here with code 1001 (Going Away): clients resume with `after`.
    const closedAlongside = Promise.allSettled(this.alongside.map((close) => close()));
    this.logger.info({ inFlight: this.inFlight.size, graceMs }, 'draining: finishing the requests in flight');
    let timer: NodeJS.Timeout | undefined;
    const graceOver = new Promise<false>((resolve) => (timer = setTimeout(resolve, graceMs, false)));
    // Sockets closed is not enough: an operation whose client left still runs until its handler settles.
    const finished = Promise.all([closed, closedAlongside, Promise.allSettled([...this.operations])]).then(() => true as const);
    const graceful = await Promise.race([finished, graceOver]);
    clearTimeout(timer);
    if (!graceful) {
      this.logger.warn({ cut: this.inFlight.size, graceMs }, 'SHUTDOWN_GRACE_MS is over: cutting the requests still in flight');
      this.server.closeAllConnections();
      await closed;
    }
    return graceful;
  }
}

/** Node keeps a kept-alive socket open after the answer: say Connection: close, or end it after a streamed one. */
function closeConnectionAfter(res: ServerResponse): void {
  if (!res.headersSent) res.setHeader('connection', 'close');
  else res.once('finish', () => res.req.socket.end());
}
