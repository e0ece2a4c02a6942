import { defineConfig } from 'vitest/config'

const integration = ['src/**/*.int.test.ts', 'test/**/*.int.test.ts']

/**
 * Integration tests each build their own data (test/helpers/factories.ts): run them in any
 * order, so that stays true. A run prints its seed; `--sequence.shuffle --sequence.seed=<n>` repeats it.
 */
const shuffled = { sequence: { shuffle: true } }

/**
 * Migrate once per run and copy the database per test file; cheap password hashes
 * (test/helpers/global-setup.ts, test/helpers/setup.ts).
 */
const integrationSetup = {
  globalSetup: ['test/helpers/global-setup.ts'],
  setupFiles: ['test/helpers/setup.ts'],
}

export default defineConfig({
  test: {
    env: { TZ: 'Europe/London' },
    // `npm run coverage`: what the unit and PGlite integration tests run of src.
    coverage: {
      provider: 'v8',
      include: ['src/**/*.ts'],
      exclude: ['src/**/*.test.ts', 'src/**/*.fixtures.ts', 'src/db/migrations/**'],
      reporter: ['text-summary', 'html', 'lcov'],
      reportsDirectory: 'coverage',
    },
    projects: [
      {
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
          exclude: [...integration, '**/node_modules/**'],
        },
      },
      {
        test: {
          name: 'int-pglite',
          include: integration,
          env: { TEST_DB: 'pglite' },
          ...integrationSetup,
          ...shuffled,
          // Generous: a loaded 2-core machine runs the 36-target test in ~30 s; a hang still fails.
          testTimeout: 90_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'int-postgres',
          include: integration,
          env: { TEST_DB: 'postgres' },
          ...integrationSetup,
          ...shuffled,
          // Generous: a loaded 2-core machine runs the 36-target test in ~30 s; a hang still fails.
          testTimeout: 90_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['e2e/**/*.e2e.test.ts'],
          // The browser specs' server runs on PGlite (the global setup reads this to pick its template).
          env: { TEST_DB: 'pglite' },
          ...integrationSetup,
          ...shuffled,
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // One browser-driving file at a time: a 2-core machine runs Chromium and the server.
          poolOptions: { forks: { singleFork: true } },
        },
      },
    ],
  },
})
