import { ReadKind } from '../reads/gateway-reads';
import { WriteRecording } from '../sync/change-recorder';

/** What a successful write does besides calling WeCom, before it is answered. */
export interface WriteEffects {
  /** Records the change in the feed, with the state read back after it. */
  changes: WriteRecording;
  /** Tells the read path (shared calls, caches) that reads from before the write are stale now. */
  written(kind: ReadKind, id: string): Promise<void>;
}
