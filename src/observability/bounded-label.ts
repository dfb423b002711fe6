/** The value every label folds into once its set of distinct values is full. */
export const OTHER_LABEL = 'other';

/**
 * A label whose values come from outside (operation names, caller names, WeCom's errcodes): the
 * first `cap` distinct values are kept, later new ones fold into `other`, so one hostile client
 * cannot grow the number of series (and the memory of every Prometheus scraping us) without bound.
 */
export class BoundedLabel {
  private readonly seen = new Set<string>();

  constructor(
    private readonly cap: number,
    known: readonly string[] = [],
  ) {
    for (const value of known) this.seen.add(value);
  }

  value(raw: string): string {
    if (this.seen.has(raw)) return raw;
    if (this.seen.size >= this.cap) return OTHER_LABEL;
    this.seen.add(raw);
    return raw;
  }
}

/** A GraphQL name (what operation names are); anything else a client sends is not one. */
const GRAPHQL_NAME = /^[_A-Za-z][_0-9A-Za-z]{0,99}$/;

/** An operation name fit for logs and labels: a GraphQL name of at most 100 characters, else `other`. */
export function saneOperationName(name: string | null | undefined): string {
  if (name === null || name === undefined || name === '') return 'anonymous';
  return GRAPHQL_NAME.test(name) ? name : OTHER_LABEL;
}
