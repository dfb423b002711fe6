/**
 * Bounds of the WebSocket transport (README, "Staying in sync"). Subscriptions are long-lived, so
 * each one holds a follower of the feed and a socket: these keep a fleet's memory and file
 * descriptors bounded whatever the clients do.
 */
export interface SubscriptionLimits {
  /** Open WebSocket connections per instance; more upgrades are refused with HTTP 503. */
  maxConnections: number;
  /**
   * Of those, connections not authenticated yet (no valid Authorization on the upgrade, no connection_init
   * accepted yet); more upgrades without a valid Authorization header are refused with HTTP 503. Anyone
   * can open these, so they get a share of maxConnections, not all of it.
   */
  maxPendingConnections: number;
  /** Subscriptions running at once on one connection; more are answered with an error (BAD_REQUEST). */
  maxSubscriptionsPerConnection: number;
  /** A connection that sends no connection_init within this is closed (4408): a client sends it at once. */
  connectionInitTimeoutMs: number;
  /** Ping interval; a client that has not answered a ping by the next one is cut. */
  keepAliveMs: number;
  /** Largest message a client may send (ws's default is 100 MiB); larger closes the socket with 1009. */
  maxPayloadBytes: number;
  /**
   * Bytes queued for a client that does not read before it is closed (1013, resume with `after`):
   * ws would otherwise queue without limit.
   */
  maxBufferedBytes: number;
  /** How long a closing socket may take to answer the close handshake before it is cut. */
  closeTimeoutMs: number;
}

export const DEFAULT_SUBSCRIPTION_LIMITS: SubscriptionLimits = {
  maxConnections: 1000,
  maxPendingConnections: 100,
  maxSubscriptionsPerConnection: 20,
  connectionInitTimeoutMs: 3_000,
  keepAliveMs: 12_000,
  maxPayloadBytes: 64 * 1024,
  maxBufferedBytes: 1024 * 1024,
  closeTimeoutMs: 2_000,
};
