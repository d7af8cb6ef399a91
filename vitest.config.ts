import { defineConfig } from 'vitest/config';

/**
 * Two projects: `unit` runs every package's `*.test.ts` in Node (schema, collector
 * against real DuckDB files, the tracker's platform-free core); `e2e` drives the system
 * Chromium through the demo against a real collector. Browser unit tests
 * (`*.browser.test.ts`) belong to web-test-runner instead.
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['packages/*/src/**/*.test.ts', 'packages/*/scripts/**/*.test.mjs'],
          exclude: ['**/*.browser.test.ts', '**/node_modules/**', '**/dist/**'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
