import { GraphQLError, GraphQLScalarType, Kind, print, type ValueNode } from 'graphql';
import { DateTimeResolver } from 'graphql-scalars';

const EXPECTED = 'expected an RFC 3339 date-time with an offset, such as 2026-12-01T09:00:00+08:00';

/**
 * The schema's DateTime: graphql-scalars' DateTimeResolver does the parsing and serializing; this
 * wrapper states the accepted forms in the schema and, when a value is refused, says what to send
 * (its own message is only "invalid date-time-string", and its description says "at UTC").
 */
export const DateTimeScalar = new GraphQLScalarType<Date, Date>({
  name: 'DateTime',
  description:
    'An instant, written as an RFC 3339 date-time with an offset: `Z` or `±hh:mm`, such as 2026-12-01T09:00:00+08:00 ' +
    'or 2026-12-01T01:00:00Z (fractions of a second allowed). Any offset is accepted on input; times are returned in UTC (`Z`). ' +
    'A date-time without an offset, or a date alone, is refused.',
  // A Date, which JSON writes as an ISO string in UTC.
  serialize: (value) => DateTimeResolver.serialize(value),
  parseValue: (value) => {
    if (typeof value !== 'string') throw refused(JSON.stringify(value) ?? String(value));
    return parseOrExplain(() => DateTimeResolver.parseValue(value), JSON.stringify(value));
  },
  parseLiteral: (ast: ValueNode) => {
    if (ast.kind !== Kind.STRING) throw refused(print(ast));
    return parseOrExplain(() => DateTimeResolver.parseLiteral(ast, undefined), JSON.stringify(ast.value));
  },
  extensions: DateTimeResolver.extensions,
});

function parseOrExplain(parse: () => Date, got: string): Date {
  try {
    return parse();
  } catch {
    throw refused(got);
  }
}

function refused(got: string): GraphQLError {
  return new GraphQLError(`${EXPECTED}; got ${got}`);
}
