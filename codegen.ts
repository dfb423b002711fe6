import type { CodegenConfig } from '@graphql-codegen/cli';

const plugins = ['typescript-operations', 'typed-document-node'];
const config = {
  scalars: { DateTime: 'string' },
  enumType: 'string-literal',
  useTypeImports: true,
};

/**
 * Typed documents (TypedDocumentNode) generated from the committed schema.graphql (emitted from the
 * code by `npm run schema:emit`):
 * - client/operations.ts: the documented operations in operations/, for frontend teams to import;
 * - test/__generated__/operations.ts: the test-only ones in test/operations/ (tests import the
 *   documented ones from client/operations.ts, so they exercise what frontends get).
 * Resolver types are not generated: the type-graphql classes are the source of truth.
 * Tests fail when either file is stale (`graphql-codegen --check`).
 */
const codegen: CodegenConfig = {
  schema: 'schema.graphql',
  generates: {
    'client/operations.ts': { documents: ['operations/**/*.graphql'], plugins, config },
    'test/__generated__/operations.ts': { documents: ['test/operations/**/*.graphql'], plugins, config },
  },
};

export default codegen;
