import { Lexer, Source, TokenKind } from 'graphql';
import { QueryLimits } from './query-limits';

export interface QueryTextRefusal {
  message: string;
  limit: number;
}

/**
 * Checks the query text before Apollo parses (and caches) it: its size, then its token count
 * (comments are not tokens, so a query padded with a comment is held by the byte limit). Text that
 * does not lex is left to Apollo, which answers GRAPHQL_PARSE_FAILED.
 */
export function refuseQueryText(query: string, limits: Pick<QueryLimits, 'maxQueryBytes' | 'maxTokens'>): QueryTextRefusal | undefined {
  // length is at most the byte count (UTF-16 units ≤ UTF-8 bytes), so most queries skip the count.
  if (query.length > limits.maxQueryBytes || Buffer.byteLength(query, 'utf8') > limits.maxQueryBytes) {
    return { message: `The query text is larger than ${limits.maxQueryBytes} bytes (MAX_QUERY_BYTES)`, limit: limits.maxQueryBytes };
  }
  const lexer = new Lexer(new Source(query));
  let tokens = 0;
  try {
    while (lexer.advance().kind !== TokenKind.EOF) {
      if (++tokens > limits.maxTokens) {
        return { message: `The query has more than ${limits.maxTokens} tokens (MAX_QUERY_TOKENS)`, limit: limits.maxTokens };
      }
    }
  } catch {
    return undefined;
  }
  return undefined;
}

/** Accepted query texts remembered by a checker: by count, and by their summed length. */
export const ACCEPTED_TEXTS_MAX_ENTRIES = 1_000;
export const ACCEPTED_TEXTS_MAX_CHARS = 4 * 1024 * 1024;

/**
 * refuseQueryText for one set of limits, remembering texts it accepted: clients send the same few
 * documents again and again, and lexing each one again cost about 2 % of the CPU of a one-schedule
 * read (bench/PROFILE.md). Bounded (least recently accepted dropped first); refused texts are never kept.
 */
export function createQueryTextCheck(
  limits: Pick<QueryLimits, 'maxQueryBytes' | 'maxTokens'>,
  bounds = { maxEntries: ACCEPTED_TEXTS_MAX_ENTRIES, maxChars: ACCEPTED_TEXTS_MAX_CHARS },
): QueryTextCheck {
  const accepted = new Set<string>();
  let chars = 0;
  const check = (query: string) => {
    if (accepted.delete(query)) {
      accepted.add(query); // most recently used last
      return undefined;
    }
    const refusal = refuseQueryText(query, limits);
    if (refusal || query.length > bounds.maxChars) return refusal;
    accepted.add(query);
    chars += query.length;
    for (const oldest of accepted) {
      if (accepted.size <= bounds.maxEntries && chars <= bounds.maxChars) break;
      accepted.delete(oldest);
      chars -= oldest.length;
    }
    return undefined;
  };
  return Object.assign(check, { remembered: () => ({ texts: accepted.size, chars }) });
}

export type QueryTextCheck = ((query: string) => QueryTextRefusal | undefined) & {
  /** What the checker holds now (tests: it stays within its bounds). */
  remembered(): { texts: number; chars: number };
};
