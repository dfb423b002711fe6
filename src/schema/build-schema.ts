import { buildSubgraphSchema } from '@apollo/subgraph';
import { printSchemaWithDirectives } from '@graphql-tools/utils';
import { GraphQLSchema, parse } from 'graphql';
import { DateTimeScalar } from './date-time.scalar';
import { buildSchema, createResolversMap } from 'type-graphql';
import { SCOPE_DIRECTIVE_IMPORTS, withScopeDirectives } from '../callers/scope-directives';
import { CalendarResolver } from '../resolvers/calendar.resolver';
import { guardEntitiesField } from '../resolvers/entities.guard';
import { referenceResolvers } from '../resolvers/entity.reference';
import { ScheduleFieldsResolver } from '../resolvers/schedule-fields.resolver';
import { ScheduleResolver } from '../resolvers/schedule.resolver';
import { ScheduleChangeResolver } from '../resolvers/schedule-change.resolver';
import { validateInput } from './validate-input';

const NO_PUB_SUB = {
  publish(): never {
    throw new Error('subscriptions follow the change feed, not a PubSub');
  },
  subscribe(): never {
    throw new Error('subscriptions follow the change feed, not a PubSub');
  },
};

const FEDERATION_IMPORTS = ['@key', ...SCOPE_DIRECTIVE_IMPORTS].map((name) => `"${name}"`).join(', ');
const FEDERATION_LINK = `extend schema @link(url: "https://specs.apollo.dev/federation/v2.5", import: [${FEDERATION_IMPORTS}])`;

/**
 * Every @ObjectType is declared with `simpleResolvers: true`: its plain fields use graphql-js's default
 * resolver rather than type-graphql's per-field wrapper (an object and a call per field, for nothing:
 * no middlewares or auth checker are configured). @FieldResolver fields keep their resolvers.
 *
 * The gateway's schema as an Apollo Federation 2 subgraph: type-graphql classes -> SDL with their
 * directives (graphql-js's printer drops them) -> buildSubgraphSchema, with the type-graphql
 * resolvers plus the entity reference resolvers; `_entities` checks its representations first.
 */
export async function buildGatewaySchema(): Promise<GraphQLSchema> {
  const typeGraphQLSchema = await buildSchema({
    resolvers: [ScheduleResolver, ScheduleFieldsResolver, CalendarResolver, ScheduleChangeResolver],
    scalarsMap: [{ type: Date, scalar: DateTimeScalar }],
    validateFn: validateInput,
    // type-graphql insists on a PubSub once a Subscription exists; ours has its own `subscribe` (the change feed).
    pubSub: NO_PUB_SUB,
    emitSchemaFile: false,
  });
  // The scopes each field needs are declared for a router (@requiresScopes); the gateway enforces them itself.
  const typeDefs = withScopeDirectives(parse(`${FEDERATION_LINK}\n\n${printSchemaWithDirectives(typeGraphQLSchema)}`));
  const resolvers = createResolversMap(typeGraphQLSchema) as Record<string, Record<string, unknown>>;
  for (const [typeName, reference] of Object.entries(referenceResolvers)) {
    resolvers[typeName] = { ...resolvers[typeName], ...reference };
  }
  const schema = buildSubgraphSchema([{ typeDefs, resolvers: resolvers as never }]);
  guardEntitiesField(schema);
  return schema;
}
