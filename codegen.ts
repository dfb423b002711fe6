import type { CodegenConfig } from '@graphql-codegen/cli';

/**
 * Typed documents (TypedDocumentNode) for the operations the tests send, generated from the
 * committed schema.graphql (emitted from the code by `npm run schema:emit`). Resolver types are
 * not generated: the type-graphql classes are the source of truth.
 */
const config: CodegenConfig = {
  schema: 'schema.graphql',
  documents: ['test/operations/**/*.graphql'],
  generates: {
    'test/__generated__/operations.ts': {
      plugins: ['typescript-operations', 'typed-document-node'],
      config: {
        scalars: { DateTime: 'string' },
        enumType: 'string-literal',
        useTypeImports: true,
      },
    },
  },
};

export default config;
