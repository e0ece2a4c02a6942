import { defineConfig } from 'vitest/config'

const integration = ['src/**/*.int.test.ts', 'test/**/*.int.test.ts']

export default defineConfig({
  test: {
    env: { TZ: 'Europe/London' },
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
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'int-postgres',
          include: integration,
          env: { TEST_DB: 'postgres' },
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['e2e/**/*.e2e.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // One browser-driving file at a time: a 2-core machine runs Chromium and the server.
          poolOptions: { forks: { singleFork: true } },
        },
      },
    ],
  },
})
