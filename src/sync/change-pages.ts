import { UserInputError } from '../errors/gateway-error';
import { RecordedChange } from './change';
import { ChangeFeedStore } from './feed/change-feed-store';

export const MAX_CHANGES_PER_PAGE = 1000;
/** Changes one filtered page looks at, at most: a rare calendar's page costs bounded work, and says where it stopped. */
export const MAX_CHANGES_SCANNED = 10_000;
const SCAN_BATCH = 500;

export interface ChangePage {
  edges: { cursor: string; node: RecordedChange }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
}

/** Query.scheduleChanges: oldest first after `after`, optionally one calendar's changes only. */
export async function pageOfChanges(
  store: ChangeFeedStore,
  after: string | null,
  first: number,
  calendarId: string | null,
): Promise<ChangePage> {
  if (!Number.isInteger(first) || first < 1 || first > MAX_CHANGES_PER_PAGE) {
    throw new UserInputError('first', `must be between 1 and ${MAX_CHANGES_PER_PAGE}`);
  }
  const nodes: RecordedChange[] = [];
  let scannedTo: string | null = null;
  let scanned = 0;
  let more: boolean;
  for (;;) {
    // Unfiltered, one change more than the page tells whether a next page exists.
    const want = calendarId === null ? first - nodes.length + 1 : SCAN_BATCH;
    const batch = await store.read(scannedTo ?? after, want);
    let consumed = 0;
    for (const change of batch) {
      if (nodes.length === first) break;
      consumed += 1;
      scanned += 1;
      scannedTo = change.cursor;
      if (calendarId === null || change.calendarId === calendarId) nodes.push(change);
    }
    if (consumed < batch.length) {
      more = true; // the page filled inside this batch: the rest is the next page
      break;
    }
    if (batch.length < want) {
      more = false; // the end of the feed
      break;
    }
    if (nodes.length === first || scanned >= MAX_CHANGES_SCANNED) {
      more = (await store.read(scannedTo, 1)).length > 0;
      break;
    }
  }
  return {
    edges: nodes.map((node) => ({ cursor: node.cursor, node })),
    pageInfo: { hasNextPage: more, hasPreviousPage: false, startCursor: nodes[0]?.cursor ?? null, endCursor: scannedTo },
  };
}
