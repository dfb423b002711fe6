/**
 * Shape limits of an operation (README, "Query limits"). The defaults let through what API.md
 * requires: 1,000 ids written inline, 100 aliases, depth 10, the router's `_entities` queries.
 */
export interface QueryLimits {
  /** Nesting of fields (fragments flattened; introspection not counted). MAX_QUERY_DEPTH */
  maxDepth: number;
  /** Aliased fields in an operation. MAX_QUERY_ALIASES */
  maxAliases: number;
  /** Lexical tokens of the query text (comments not counted). MAX_QUERY_TOKENS */
  maxTokens: number;
  /** Directives in an operation. MAX_QUERY_DIRECTIVES */
  maxDirectives: number;
  /** UTF-8 bytes of the query text, comments included. MAX_QUERY_BYTES */
  maxQueryBytes: number;
}

export const DEFAULT_QUERY_LIMITS: QueryLimits = {
  maxDepth: 10,
  maxAliases: 100,
  maxTokens: 10_000,
  maxDirectives: 50,
  maxQueryBytes: 256 * 1024,
};

/** WeCom calls one operation may plan (API.md). MAX_WECOM_CALLS_PER_REQUEST */
export const DEFAULT_MAX_WECOM_CALLS_PER_REQUEST = 10;

/** Request bodies above this are refused with 413. MAX_BODY_BYTES */
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
