/** An absolute point in time (ms since epoch) by which a whole logical call, retries included, must end. */
export type Deadline = number;

export const deadlineIn = (ms: number): Deadline => Date.now() + ms;

export const remainingMs = (deadline: Deadline): number => Math.max(0, deadline - Date.now());

/** Waits `ms` and resolves true; resolves false at once when the deadline would pass first (no point waiting). */
export function sleepWithin(ms: number, deadline: Deadline): Promise<boolean> {
  if (ms > remainingMs(deadline)) return Promise.resolve(false);
  return new Promise((resolve) => setTimeout(() => resolve(true), ms));
}
