import type { AppConfig } from '../../src/app.ts'

/** App settings for tests and benchmarks: quiet, fixed secret, no rate limit in the way. */
export const testConfig: AppConfig = {
  sessionSecret: 'test-secret-test-secret-test-secret-0123456789',
  sessionMaxAgeMs: 3600_000,
  cookieSecure: false,
  trustProxy: false,
  logLevel: 'silent',
  uploadLimitBytes: 5 * 1024 * 1024,
  signInRateLimit: 1000,
}

/** Variables Vitest puts in process.env for Vite (`BASE_URL` is `/`), which mean nothing to the app. */
const VITE_ENV = ['BASE_URL', 'MODE', 'DEV', 'PROD', 'SSR']

/**
 * The environment for a spawned `goldthread` process: this one's, without Vite's variables (a
 * `BASE_URL` of `/` is rightly refused by the app's configuration), with `extra` on top.
 */
export function childEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env }
  for (const key of VITE_ENV) delete env[key]
  for (const [key, value] of Object.entries(extra)) {
    if (value === undefined) delete env[key]
    else env[key] = value
  }
  return env
}
