import { defineConfig } from 'vitest/config';

// Two tiers, told apart by file suffix: `*.test.ts` is pure logic with no I/O,
// `*.int.test.ts` runs against the real local stack, started once per run by the global setup.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['*/src/**/*.test.ts', 'shared/sdk/src/**/*.test.ts'],
          exclude: ['**/*.int.test.ts', '**/node_modules/**'],
        },
      },
      {
        test: {
          name: 'integration',
          include: ['*/src/**/*.int.test.ts', 'shared/sdk/src/**/*.int.test.ts'],
          exclude: ['**/node_modules/**'],
          globalSetup: ['stack/src/testing/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // Services are shared by the whole run; files run one at a time to keep
          // the two cores for the services themselves.
          fileParallelism: false,
        },
      },
    ],
  },
});
