/** The two scopes of the contract (API.md, "Callers"): write implies read. */
export const Scope = {
  Read: 'schedules:read',
  Write: 'schedules:write',
} as const;
export type Scope = (typeof Scope)[keyof typeof Scope];

/** Who is calling: set once per request (HTTP or WebSocket) and read by limits, audit logs and caches. */
export interface Caller {
  /** An API key's name; a JWT's `azp`/`client_id`, else `sub`; `anonymous` without AUTH. */
  name: string;
  /** How the caller proved who it is. */
  kind: 'anonymous' | 'api-key' | 'jwt';
  scopes: ReadonlySet<Scope>;
  /**
   * When the credential stops being accepted (ms since the epoch): a JWT's exp plus the clock tolerance.
   * Absent for API keys and anonymous. A long-lived connection (a WebSocket) is closed then.
   */
  expiresAt?: number;
}

/** With AUTH=none every caller is this one, allowed everything. */
export const ANONYMOUS_CALLER: Caller = Object.freeze({
  name: 'anonymous',
  kind: 'anonymous',
  scopes: new Set<Scope>([Scope.Read, Scope.Write]),
});

/** schedules:write implies schedules:read. */
export function callerMay(caller: Caller, needed: Scope): boolean {
  if (caller.scopes.has(needed)) return true;
  return needed === Scope.Read && caller.scopes.has(Scope.Write);
}
