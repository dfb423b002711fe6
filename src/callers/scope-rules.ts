import { Scope } from './caller';

/**
 * The scope each root type's fields need (API.md, "Callers"): every query (`_entities` and
 * `_service` too) and subscription needs read, every mutation write; write implies read.
 * The gateway enforces this table and declares it in the SDL (@requiresScopes) for a router.
 */
export const ROOT_SCOPES: Readonly<Record<'Query' | 'Mutation' | 'Subscription', Scope>> = {
  Query: Scope.Read,
  Mutation: Scope.Write,
  Subscription: Scope.Read,
};

/** The @requiresScopes argument for a scope: alternatives (OR) of scope sets (AND); write implies read. */
export function requiresScopesFor(scope: Scope): Scope[][] {
  return scope === Scope.Read ? [[Scope.Read], [Scope.Write]] : [[Scope.Write]];
}
