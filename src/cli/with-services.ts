import { loadConfig } from '../config.ts'
import { isAppError } from '../errors.ts'
import { closePdfBrowser } from '../modules/reports/reports.pdf.ts'
import { openRuntime } from '../runtime.ts'
import type { Services } from '../services.ts'

/**
 * Open the database, run `fn`, close everything it may have opened (the database, the mailer, the
 * Chromium that prints report PDFs — the demo prints its stored reports), so the command exits.
 * Errors become one line naming the problem.
 */
export async function withServices<T>(fn: (services: Services) => T | Promise<T>): Promise<T> {
  const config = loadConfig()
  const { database, services } = await openRuntime(config)
  try {
    return await fn(services)
  } catch (err) {
    if (isAppError(err)) {
      const parts = [
        err.message,
        ...Object.entries(err.fields ?? {}).map(([f, m]) => `${f}: ${m}`),
        ...(err.details ?? []),
      ]
      throw new Error(parts.join('\n'))
    }
    throw err
  } finally {
    services.outbox.close()
    await closePdfBrowser().catch(() => {})
    await database.close()
  }
}
