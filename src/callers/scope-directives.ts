import { ConstDirectiveNode, DocumentNode, Kind, ObjectTypeDefinitionNode, visit } from 'graphql';
import { Scope } from './caller';
import { ROOT_SCOPES, requiresScopesFor } from './scope-rules';

/** The Federation directives this adds; build-schema imports them in its @link. */
export const SCOPE_DIRECTIVE_IMPORTS = ['@requiresScopes'];

/**
 * Declares ROOT_SCOPES in the subgraph SDL with Federation's @requiresScopes, so that a router
 * enforcing them refuses what the gateway would refuse: on every root field (by its root type),
 * and on every entity type (@key), which the router can reach through `_entities` from another
 * subgraph without any of our root fields. The gateway enforces the same table itself.
 */
export function withScopeDirectives(document: DocumentNode): DocumentNode {
  return visit(document, {
    ObjectTypeDefinition(node): ObjectTypeDefinitionNode | undefined {
      const rootScope = ROOT_SCOPES[node.name.value as keyof typeof ROOT_SCOPES];
      if (rootScope) {
        return { ...node, fields: node.fields?.map((field) => ({ ...field, directives: [...(field.directives ?? []), requiresScopes(rootScope)] })) };
      }
      if (node.directives?.some((directive) => directive.name.value === 'key')) {
        return { ...node, directives: [...node.directives, requiresScopes(Scope.Read)] };
      }
      return undefined;
    },
  });
}

function requiresScopes(scope: Scope): ConstDirectiveNode {
  const list = requiresScopesFor(scope).map((alternative) => ({
    kind: Kind.LIST as const,
    values: alternative.map((value) => ({ kind: Kind.STRING as const, value })),
  }));
  return {
    kind: Kind.DIRECTIVE,
    name: { kind: Kind.NAME, value: 'requiresScopes' },
    arguments: [{ kind: Kind.ARGUMENT, name: { kind: Kind.NAME, value: 'scopes' }, value: { kind: Kind.LIST, values: list } }],
  };
}
