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
