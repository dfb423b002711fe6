import type { RedisClientType } from '@keyv/redis';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { waitUntilReady } from '../../cache/redis-commands';
import { requestPath } from '../request-path';

export type ReadinessState = 'starting' | 'ready' | 'draining';

export const READY_PATH = '/ready';

/** How long one wait for Redis lasts before the loop looks again (and notices a drain). */
const REDIS_WAIT_STEP_MS = 1000;

/**
 * Whether this instance should get traffic (`/ready`): `starting` until Apollo runs and, with
 * CACHE_URL, Redis has connected once; `ready` from then on, even while WeCom or Redis are down
 * later (every instance would drop out at once, and reads fall back); `draining` from SIGTERM on.
 */
export class Readiness {
  private current: ReadinessState = 'starting';

  get state(): ReadinessState {
    return this.current;
  }

  get draining(): boolean {
    return this.current === 'draining';
  }

  /** No way back from draining. */
  markReady(): void {
    if (this.current === 'starting') this.current = 'ready';
  }

  markDraining(): void {
    this.current = 'draining';
  }

  /** Answers GET /ready: 200 {"status":"ready"}, or 503 {"status":"starting"|"draining"}. */
  answer(res: ServerResponse): void {
    const body = JSON.stringify({ status: this.current });
    res.writeHead(this.current === 'ready' ? 200 : 503, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(body),
      'cache-control': 'no-store',
    });
    res.end(body);
  }

  /** True when `req` was the readiness probe and has been answered. */
  route(req: IncomingMessage, res: ServerResponse): boolean {
    if (requestPath(req) !== READY_PATH) return false;
    this.answer(res);
    return true;
  }
}

/**
 * Resolves once the shared Redis connection is ready (connecting it if nobody has), or with false
 * when the instance starts draining first. The client keeps reconnecting in the background.
 */
export async function redisConnectedOnce(redis: RedisClientType, readiness: Readiness): Promise<boolean> {
  while (!readiness.draining) {
    try {
      await waitUntilReady(redis, REDIS_WAIT_STEP_MS);
      return !readiness.draining;
    } catch {
      // Not up yet: look again (a closed cache must not be reconnected after a drain).
    }
  }
  return false;
}
