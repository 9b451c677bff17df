import { defineConfig } from 'vitest/config';

const dirs = ['api', 'graph-schema', 'pfs', 'pipelines', 'workers', 'compliance', 'cli', 'core', 'runtime', 'test'];

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: dirs.map((d) => `${d}/**/*.test.ts`),
          exclude: ['**/*.int.test.ts', '**/*.e2e.test.ts', 'node_modules/**'],
        },
      },
      {
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
