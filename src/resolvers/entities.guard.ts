import { GraphQLSchema, isUnionType } from 'graphql';
import { UserInputError } from '../errors/gateway-error';

/**
 * Checks `_entities` representations before @apollo/subgraph dispatches them. The library throws a
 * plain Error for an unknown __typename or a representation that is not an object (masked as
 * INTERNAL_SERVER_ERROR), and lets a non-entity object type such as Query through to a graphql-js
 * error: all are the caller's mistake, so they answer BAD_USER_INPUT naming the representation.
 */
export function guardEntitiesField(schema: GraphQLSchema): void {
  const field = schema.getQueryType()?.getFields()._entities;
  const entityUnion = schema.getType('_Entity');
  if (!field?.resolve || !isUnionType(entityUnion)) return;
  const entityTypes = new Set(entityUnion.getTypes().map((type) => type.name));
  const dispatch = field.resolve;
  // The library's resolver is not exported: wrap it in place on the schema we just built.
  field.resolve = (source, args: { representations?: unknown }, context, info) => {
    checkRepresentations(args.representations, entityTypes);
    return dispatch(source, args, context, info);
  };
}

function checkRepresentations(representations: unknown, entityTypes: ReadonlySet<string>): void {
  if (!Array.isArray(representations)) return; // GraphQL's coercion already requires a list
  representations.forEach((representation: unknown, index) => {
    const field = `representations[${index}]`;
    if (typeof representation !== 'object' || representation === null || Array.isArray(representation)) {
      throw new UserInputError(field, 'must be an object with __typename and the key fields');
    }
    const typeName = (representation as { __typename?: unknown }).__typename;
    if (typeof typeName !== 'string' || !entityTypes.has(typeName)) {
      throw new UserInputError(`${field}.__typename`, `must name an entity type of this subgraph: ${[...entityTypes].join(', ')}`);
    }
  });
}
