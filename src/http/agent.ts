import { Agent } from 'undici';

export interface WeComAgentOptions {
  /** Time to establish a TCP/TLS connection. @default 3000 */
  connectTimeoutMs?: number;
  /** How long an idle keep-alive socket is kept. @default 30000 */
  keepAliveTimeoutMs?: number;
  /** Upper bound on sockets to WeCom, so a burst cannot open thousands. @default 64 */
  connections?: number;
}

/** One keep-alive connection pool to WeCom, shared by every request of the process. */
export function createWeComAgent(options: WeComAgentOptions = {}): Agent {
  return new Agent({
    connect: { timeout: options.connectTimeoutMs ?? 3000 },
    keepAliveTimeout: options.keepAliveTimeoutMs ?? 30_000,
    keepAliveMaxTimeout: 60_000,
    connections: options.connections ?? 64,
  });
}
