import type { RedisClientType } from '@keyv/redis';
import { createHash } from 'node:crypto';

/** Entries one append trims at most. */
const TRIM_BATCH = 100;

/** The Redis keys of one app's feed; one hash tag, so a cluster keeps them in one slot (the scripts use several). */
export interface RedisFeedKeys {
  /** The stream: fields n (ordinal), e (epoch), c (the encoded change), b (its bytes). */
  stream: string;
  /** Hash: epoch (names this stream), added (entries ever added to it), bytes (of the encoded changes kept). */
  meta: string;
  /** Hash: resource key -> digest of its last recorded state. */
  digests: string;
  /** Sorted set: resource key scored by the ordinal of its last change (which digests to forget first). */
  recency: string;
}

export function feedKeys(prefix: string, appKey: string): RedisFeedKeys {
  const base = `${prefix}{${appKey}}`;
  return { stream: base, meta: `${base}:meta`, digests: `${base}:digests`, recency: `${base}:recency` };
}

/**
 * Append, atomically: start a new stream (new epoch, no digests) when there is none or its meta is
 * gone; drop the change when the resource's last recorded digest equals this one; otherwise XADD with
 * the next ordinal, remember the digest, forget the least recently changed resources' digests beyond
 * digestsKept, and trim the oldest entries (never the newest) while more than maxChanges are kept or
 * their bytes are over maxBytes. Trimming is exact (XTRIM MAXLEN without ~), so the oldest kept entry's ordinal
 * tells which cursors expired; it drops at most TRIM_BATCH entries an append (a lowered cap converges
 * over the next appends).
 * KEYS stream, meta, digests, recency; ARGV resourceKey, digest, new epoch, encoded change, maxChanges, digestsKept, maxBytes.
 * Returns nil (unchanged) or {id, n, epoch}.
 */
export const APPEND_SCRIPT = `
local epoch = redis.call('HGET', KEYS[2], 'epoch')
if not epoch or redis.call('EXISTS', KEYS[1]) == 0 then
  redis.call('UNLINK', KEYS[1], KEYS[3], KEYS[4])
  redis.call('DEL', KEYS[2])
  redis.call('HSET', KEYS[2], 'epoch', ARGV[3], 'added', 0, 'bytes', 0)
  epoch = ARGV[3]
elseif redis.call('HGET', KEYS[3], ARGV[1]) == ARGV[2] then
  return false
end
local n = redis.call('HINCRBY', KEYS[2], 'added', 1)
local size = string.len(ARGV[4])
local id = redis.call('XADD', KEYS[1], '*', 'n', n, 'e', epoch, 'c', ARGV[4], 'b', size)
local bytes = redis.call('HINCRBY', KEYS[2], 'bytes', size)
local kept = redis.call('XLEN', KEYS[1])
local maxChanges = tonumber(ARGV[5])
local maxBytes = tonumber(ARGV[7])
local dropped = 0
local freed = 0
local from = '-'
-- One entry at a time: usually one is dropped, and entries can be large.
while dropped < ${TRIM_BATCH} and kept - dropped > 1 and (kept - dropped > maxChanges or bytes - freed > maxBytes) do
  local oldest = redis.call('XRANGE', KEYS[1], from, '+', 'COUNT', 1)[1]
  local entryBytes = nil
  for j = 1, #oldest[2], 2 do
    if oldest[2][j] == 'b' then entryBytes = tonumber(oldest[2][j + 1]) end
    if oldest[2][j] == 'c' and not entryBytes then entryBytes = string.len(oldest[2][j + 1]) end
  end
  freed = freed + (entryBytes or 0)
  dropped = dropped + 1
  from = '(' .. oldest[1]
end
if dropped > 0 then
  redis.call('XTRIM', KEYS[1], 'MAXLEN', kept - dropped)
  redis.call('HSET', KEYS[2], 'bytes', math.max(0, bytes - freed))
end
redis.call('HSET', KEYS[3], ARGV[1], ARGV[2])
redis.call('ZADD', KEYS[4], n, ARGV[1])
local over = redis.call('ZCARD', KEYS[4]) - tonumber(ARGV[6])
if over > 0 then
  local forgotten = redis.call('ZPOPMIN', KEYS[4], math.min(over, 100))
  for i = 1, #forgotten, 2 do redis.call('HDEL', KEYS[3], forgotten[i]) end
end
return {id, n, epoch}
`;

/**
 * Where a cursor stands, and up to `count` entries after it, atomically.
 * KEYS stream, meta; ARGV cursor epoch ('' = no cursor: from the oldest kept), cursor n, cursor id, count.
 * Returns {'expired'}, {'invalid'}, or {'ok', firstId, firstN, lastId, added, epoch, entries} ('' ids and
 * epoch when there is no feed). Comparing ids needs 64-bit integers: the caller does that with the bounds.
 */
export const READ_SCRIPT = `
local meta = redis.call('HMGET', KEYS[2], 'epoch', 'added')
local epoch = meta[1]
local added = tonumber(meta[2] or '0')
local exists = redis.call('EXISTS', KEYS[1]) == 1
local n = tonumber(ARGV[2])
if ARGV[1] ~= '' then
  if not epoch or epoch ~= ARGV[1] or not exists then return {'expired'} end
  if n > added then return {'invalid'} end
end
if not epoch or not exists then return {'ok', '', 0, '', 0, '', {}} end
local first = redis.call('XRANGE', KEYS[1], '-', '+', 'COUNT', 1)[1]
local last = redis.call('XREVRANGE', KEYS[1], '+', '-', 'COUNT', 1)[1]
local firstN = 0
for i = 1, #first[2], 2 do
  if first[2][i] == 'n' then firstN = tonumber(first[2][i + 1]) end
end
if ARGV[1] ~= '' and n < firstN - 1 then return {'expired'} end
local entries = {}
local count = tonumber(ARGV[4])
if count > 0 then
  local start = '-'
  if ARGV[1] ~= '' then start = '(' .. ARGV[3] end
  entries = redis.call('XRANGE', KEYS[1], start, '+', 'COUNT', count)
end
return {'ok', first[1], firstN, last[1], added, epoch, entries}
`;

/** A Lua script run by EVALSHA, loaded again with EVAL after a Redis restart (NOSCRIPT). */
export class RedisScript {
  private readonly sha: string;

  constructor(private readonly source: string) {
    this.sha = createHash('sha1').update(source).digest('hex');
  }

  async run(redis: RedisClientType, keys: string[], args: string[]): Promise<unknown> {
    try {
      return await redis.evalSha(this.sha, { keys, arguments: args });
    } catch (error) {
      if (!String((error as Error).message).startsWith('NOSCRIPT')) throw error;
      return redis.eval(this.source, { keys, arguments: args });
    }
  }
}

export const appendScript = new RedisScript(APPEND_SCRIPT);
export const readScript = new RedisScript(READ_SCRIPT);

/** A stream entry as Redis replies it: id and a flat field list. */
export type RawEntry = [string, string[]];

export interface StoredEntry {
  id: string;
  n: number;
  epoch: string;
  encoded: string;
}

export function storedEntry([id, fields]: RawEntry): StoredEntry {
  const entry: StoredEntry = { id, n: 0, epoch: '', encoded: '' };
  for (let i = 0; i + 1 < fields.length; i += 2) {
    if (fields[i] === 'n') entry.n = Number(fields[i + 1]);
    else if (fields[i] === 'e') entry.epoch = fields[i + 1];
    else if (fields[i] === 'c') entry.encoded = fields[i + 1];
  }
  return entry;
}
