/** An absolute point in time (ms since epoch) by which a whole logical call, retries included, must end. */
export type Deadline = number;

export const deadlineIn = (ms: number): Deadline => Date.now() + ms;

export const remainingMs = (deadline: Deadline): number => Math.max(0, deadline - Date.now());

/** Resolves after `ms`, or rejects early when the deadline would pass first. */
export function sleepWithin(ms: number, deadline: Deadline): Promise<boolean> {
  const wait = Math.min(ms, remainingMs(deadline));
  return new Promise((resolve) => setTimeout(() => resolve(wait === ms), wait));
}
