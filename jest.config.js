/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    // tsconfig's isolatedModules makes ts-jest transpile only (`npm run typecheck` does the type check).
    '^.+\\.ts$': ['ts-jest', {}],
  },
  setupFiles: ['reflect-metadata'],
  testTimeout: 30000,
};
