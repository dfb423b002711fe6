import type DataLoader from 'dataloader';
import type { Logger } from 'pino';

/**
 * The entity as WeCom holds it after a write, or `asWritten` when reading it back fails: WeCom
 * accepted the write, and an error here would invite the caller to retry it (and duplicate it).
 * `fromWeCom` says which it is: only WeCom's state goes into the change feed.
 */
export async function readBackState<T>(
  loader: DataLoader<string, T | null>,
  id: string,
  asWritten: () => T,
  logger: Logger,
  kind: string,
): Promise<{ value: T; fromWeCom: boolean }> {
  loader.clear(id);
  try {
    const stored = await loader.load(id);
    if (stored) return { value: stored, fromWeCom: true };
    logger.warn({ kind, id }, 'not found when read back after a write');
  } catch (error) {
    loader.clear(id);
    logger.warn({ kind, id, reason: (error as Error).message }, 'read-back after a write failed');
  }
  return { value: asWritten(), fromWeCom: false };
}
