import { defineConfig } from 'vitest/config';

const dirs = ['api', 'graph-schema', 'pfs', 'pipelines', 'workers', 'compliance', 'cli', 'core', 'runtime', 'test', 'bench'];

// Node loads graphql's CommonJS build (it has no "exports"), and so do Pothos and Apollo; Vite
// would pick its "module" build for our own files, and two graphql instances cannot share a schema.
const resolve = { alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }] };

export default defineConfig({
  test: {
    projects: [
      {
        resolve,
        test: {
          name: 'unit',
          include: dirs.map((d) => `${d}/**/*.test.ts`),
          exclude: ['**/*.int.test.ts', '**/*.e2e.test.ts', 'node_modules/**'],
        },
      },
      {
        resolve,
        test: {
          name: 'integration',
          include: dirs.map((d) => `${d}/**/*.int.test.ts`).concat(dirs.map((d) => `${d}/**/*.e2e.test.ts`)),
          testTimeout: 60_000,
          hookTimeout: 120_000,
          globalSetup: ['test/global-setup.ts'],
        },
      },
    ],
  },
});
