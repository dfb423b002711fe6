import type DataLoader from 'dataloader';
import type { Logger } from 'pino';

/**
 * The entity as WeCom holds it after a write, or `asWritten` when reading it back fails: WeCom
 * accepted the write, and an error here would invite the caller to retry it (and duplicate it).
 */
export async function readBack<T>(
  loader: DataLoader<string, T | null>,
  id: string,
  asWritten: () => T,
  logger: Logger,
  kind: string,
): Promise<T> {
  loader.clear(id);
  try {
    const stored = await loader.load(id);
    if (stored) return stored;
    logger.warn({ kind, id }, 'not found when read back after a write');
  } catch (error) {
    loader.clear(id);
    logger.warn({ kind, id, reason: (error as Error).message }, 'read-back after a write failed');
  }
  return asWritten();
}
