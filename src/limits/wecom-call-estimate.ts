import {
  DocumentNode,
  FieldNode,
  FragmentDefinitionNode,
  GraphQLNamedType,
  GraphQLObjectType,
  GraphQLSchema,
  GraphQLIncludeDirective,
  GraphQLSkipDirective,
  Kind,
  OperationDefinitionNode,
  SelectionSetNode,
  getArgumentValues,
  getDirectiveValues,
  getNamedType,
  getNullableType,
  isAbstractType,
  isListType,
  isObjectType,
} from 'graphql';
import { SCHEDULE_GET_MAX_IDS } from '../datasources/wecom/schedule-api';
import { CALENDAR_GET_MAX_IDS } from '../datasources/wecom/calendar-api';
import { FIELD_PRICES, IdPools, Price, Reach, UNKNOWN_LIST_SIZE } from './wecom-call-prices';

/** Fields visited before an operation counts as too complex to estimate (fragments spread many times). */
export const MAX_ESTIMATE_VISITS = 20_000;

export class EstimateTooComplexError extends Error {
  constructor() {
    super(`the operation expands to more than ${MAX_ESTIMATE_VISITS} fields`);
    this.name = 'EstimateTooComplexError';
  }
}

export interface EstimateRequest {
  schema: GraphQLSchema;
  document: DocumentNode;
  operation: OperationDefinitionNode;
  /** Coerced variable values (graphql's getVariableValues). */
  variables: Record<string, unknown>;
}

interface Walk {
  schema: GraphQLSchema;
  fragments: Map<string, FragmentDefinitionNode>;
  variables: Record<string, unknown>;
  pools: IdPools;
  visits: number;
}

/**
 * The WeCom calls an operation can plan at most, counted as API.md ("Limits") says: ids pooled per
 * loader (1,000 per call), one call per connection page, nesting multiplied, each mutation's calls.
 * Pure: it reads the document and the variables only. Throws EstimateTooComplexError when the
 * document expands beyond MAX_ESTIMATE_VISITS fields.
 */
export function estimateWecomCalls(request: EstimateRequest): number {
  const { schema, document, operation, variables } = request;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const walk: Walk = { schema, fragments, variables, pools: { schedule: new Set(), calendar: new Set() }, visits: 0 };
  const root = schema.getRootType(operation.operation);
  if (!root) return 0;
  const calls = priceSelection(walk, root, operation.selectionSet, { groups: 1, perGroup: 1 });
  const pooled =
    Math.ceil(walk.pools.schedule.size / SCHEDULE_GET_MAX_IDS) + Math.ceil(walk.pools.calendar.size / CALENDAR_GET_MAX_IDS);
  return Math.min(calls + pooled, Number.MAX_SAFE_INTEGER);
}

/** Calls planned by a selection set on an object type, evaluated at `reach`. */
function priceSelection(walk: Walk, type: GraphQLObjectType, selectionSet: SelectionSetNode, reach: Reach): number {
  let calls = 0;
  const loaded = new Set<string>();
  for (const nodes of collectFields(walk, type, selectionSet, new Map()).values()) {
    calls += priceField(walk, type, nodes, reach, loaded);
  }
  return calls;
}

/**
 * Fields that go through a loader with no arguments: aliases of one in the same selection ask the
 * loader for the same ids, which it answers from its cache, so they are counted once.
 */
const LOADER_FIELDS = new Set(['Schedule.calendar']);

function priceField(walk: Walk, parent: GraphQLObjectType, nodes: FieldNode[], reach: Reach, loaded: Set<string>): number {
  if (++walk.visits > MAX_ESTIMATE_VISITS) throw new EstimateTooComplexError();
  const name = nodes[0].name.value;
  const definition = parent.getFields()[name];
  if (!definition || name.startsWith('__')) return 0; // introspection and __typename: no WeCom call
  const coordinate = `${parent.name}.${name}`;
  const pricer = FIELD_PRICES[coordinate];
  const price = pricer
    ? pricer({ args: argumentsOf(walk, definition, nodes[0]), reach, pools: walk.pools })
    : unpriced(reach, isListType(getNullableType(definition.type)));
  if (LOADER_FIELDS.has(coordinate)) {
    if (loaded.has(coordinate)) price.calls = 0;
    loaded.add(coordinate);
  }
  if (!nodes.some((node) => node.selectionSet)) return price.calls;
  // One field node (the usual case) keeps its own selection set; aliases of one field are merged.
  const merged: SelectionSetNode =
    nodes.length === 1 && nodes[0].selectionSet
      ? nodes[0].selectionSet
      : { kind: Kind.SELECTION_SET, selections: nodes.flatMap((node) => node.selectionSet?.selections ?? []) };
  if (merged.selections.length === 0) return price.calls;
  return price.calls + priceChildren(walk, getNamedType(definition.type), merged, price);
}

/** Unknown fields cost nothing, but a list multiplies what is nested under it. */
function unpriced(reach: Reach, list: boolean): Price {
  return { calls: 0, child: { groups: reach.groups, perGroup: list ? reach.perGroup * UNKNOWN_LIST_SIZE : reach.perGroup } };
}

/** An abstract result is priced for each possible type (by its own reach where the field says). */
function priceChildren(walk: Walk, type: GraphQLNamedType, selectionSet: SelectionSetNode, price: Price): number {
  if (isObjectType(type)) return priceSelection(walk, type, selectionSet, price.childByType?.[type.name] ?? price.child);
  if (!isAbstractType(type)) return 0;
  return walk.schema
    .getPossibleTypes(type)
    .reduce((sum, possible) => sum + priceSelection(walk, possible, selectionSet, price.childByType?.[possible.name] ?? price.child), 0);
}

function argumentsOf(walk: Walk, definition: Parameters<typeof getArgumentValues>[0], node: FieldNode): Record<string, unknown> {
  try {
    return getArgumentValues(definition, node, walk.variables);
  } catch {
    return {}; // execution refuses such arguments before any WeCom call
  }
}

/** graphql-js's field collection: fields by response key, through fragments, honouring @skip / @include. */
function collectFields(
  walk: Walk,
  type: GraphQLObjectType,
  selectionSet: SelectionSetNode,
  fields: Map<string, FieldNode[]>,
  spread = new Set<string>(),
): Map<string, FieldNode[]> {
  for (const selection of selectionSet.selections) {
    if (++walk.visits > MAX_ESTIMATE_VISITS) throw new EstimateTooComplexError();
    if (!included(walk, selection)) continue;
    if (selection.kind === Kind.FIELD) {
      const key = selection.alias?.value ?? selection.name.value;
      const same = fields.get(key);
      if (same) same.push(selection);
      else fields.set(key, [selection]);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      if (appliesTo(walk, selection.typeCondition?.name.value, type)) collectFields(walk, type, selection.selectionSet, fields, spread);
    } else {
      // As graphql-js: a fragment spread twice into one selection adds nothing the second time.
      if (spread.has(selection.name.value)) continue;
      spread.add(selection.name.value);
      const fragment = walk.fragments.get(selection.name.value);
      if (fragment && appliesTo(walk, fragment.typeCondition.name.value, type)) {
        collectFields(walk, type, fragment.selectionSet, fields, spread);
      }
    }
  }
  return fields;
}

function included(walk: Walk, node: Parameters<typeof getDirectiveValues>[1]): boolean {
  if (!node.directives?.length) return true;
  try {
    if (getDirectiveValues(GraphQLSkipDirective, node, walk.variables)?.if === true) return false;
    return getDirectiveValues(GraphQLIncludeDirective, node, walk.variables)?.if !== false;
  } catch {
    return true;
  }
}

function appliesTo(walk: Walk, condition: string | undefined, type: GraphQLObjectType): boolean {
  if (condition === undefined || condition === type.name) return true;
  const conditionType = walk.schema.getType(condition);
  return conditionType !== undefined && isAbstractType(conditionType) && walk.schema.isSubType(conditionType, type);
}
