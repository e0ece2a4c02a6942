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
