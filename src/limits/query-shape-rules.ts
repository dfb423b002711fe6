import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import { GraphQLError, ValidationContext, ValidationRule } from 'graphql';
import { QueryLimits } from './query-limits';

/**
 * Reports a refusal as an ordinary validation error (Apollo answers 400 GRAPHQL_VALIDATION_FAILED),
 * instead of armor's default of throwing out of `validate`, which Apollo would turn into a 500.
 */
function reportAs(variable: string) {
  return {
    propagateOnRejection: false,
    onReject: [
      (context: ValidationContext | null, error: GraphQLError) =>
        context?.reportError(new GraphQLError(`${error.message.replace(/^Syntax Error: /, '')} (${variable})`)),
    ],
  };
}

/** Depth, alias and directive limits as validation rules (graphql-armor's rules, used one by one). */
export function queryShapeRules(limits: QueryLimits): ValidationRule[] {
  return [
    maxDepthRule({ n: limits.maxDepth, flattenFragments: true, ignoreIntrospection: true, ...reportAs('MAX_QUERY_DEPTH') }),
    // Every alias counts, __typename's too (armor leaves those out by default).
    maxAliasesRule({ n: limits.maxAliases, allowList: [], ...reportAs('MAX_QUERY_ALIASES') }),
    maxDirectivesRule({ n: limits.maxDirectives, ...reportAs('MAX_QUERY_DIRECTIVES') }),
  ] as ValidationRule[];
}
