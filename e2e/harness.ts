import fs from 'node:fs'
import { createRequire } from 'node:module'
import type { AddressInfo } from 'node:net'
import {
  chromium,
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  type Page,
} from 'playwright-core'
import { afterAll, beforeAll, expect, vi } from 'vitest'
import { buildApp } from '../src/app.ts'
import type { Database } from '../src/db/client.ts'
import { loadDemo } from '../src/demo/demo.ts'
import { createServices, type Services } from '../src/services.ts'
import { freshDatabase } from '../test/helpers/db.ts'
import { testConfig } from '../test/helpers/config.ts'

const require = createRequire(import.meta.url)
const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8')

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
export const DEMO_PASSWORD = 'e2e-demo-password'

/** Debian's Chromium, as CI installs it. Under CI=true a missing browser fails instead of skipping. */
export const browserAvailable = (() => {
  const ok = fs.existsSync(CHROMIUM)
  if (!ok && process.env.CI === 'true')
    throw new Error(`Chromium is required under CI but missing at ${CHROMIUM}`)
  return ok
})()

/**
 * How long a retrying assertion or a wait for the page lasts: twice Playwright's default expect
 * timeout, since the server, the browser and other work share a 2-core machine.
 */
export const WAIT_MS = 10_000

/**
 * Playwright's web-first `expect` for playwright-core and vitest: read the page again and again
 * until the matcher holds or WAIT_MS runs out, e.g. `await poll(() => page.rows().count()).toBe(3)`.
 * Use it for every assertion about what the page shows; never a fixed sleep.
 */
export function poll<T>(read: () => T | Promise<T>, message?: string) {
  return expect.poll(read, { timeout: WAIT_MS, interval: 100, ...(message ? { message } : {}) })
}

/** Retry an assertion (a function that throws until it holds) for `timeout` ms: for checks of several reads at once. */
export async function eventually(
  assertion: () => unknown,
  { timeout = WAIT_MS, interval = 100 }: { timeout?: number; interval?: number } = {},
): Promise<void> {
  await vi.waitFor(assertion, { timeout, interval })
}

export interface E2E {
  baseUrl: string
  services: Services
  browser: Browser
  /** A page in a new browser context (UK time zone and locale; `options` add to or override them). */
  newPage(options?: BrowserContextOptions): Promise<Page>
}

/**
 * One server (fresh PGlite with the demo partnership) and one headless Chromium per spec file.
 * UK time zone, like the users. The demo world is shared by the file's tests, so each test brings
 * what it needs itself (its own records, or the state it checks, through the browser or services)
 * and passes alone with `-t`: never rely on what a test before it did.
 */
export function useE2E(): () => E2E {
  let database: Database
  let app: Awaited<ReturnType<typeof buildApp>>
  let browser: Browser
  const contexts: BrowserContext[] = []
  let ctx: E2E | undefined
  beforeAll(async () => {
    database = await freshDatabase('pglite')
    const services = createServices(database.db, { engine: database.engine })
    await loadDemo(services, { password: DEMO_PASSWORD })
    app = await buildApp(testConfig, services, { logger: false })
    await app.listen({ port: 0, host: '127.0.0.1' })
    const { port } = app.server.address() as AddressInfo
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    })
    ctx = {
      baseUrl: `http://127.0.0.1:${port}`,
      services,
      browser,
      async newPage(options = {}) {
        const context = await browser.newContext({
          timezoneId: 'Europe/London',
          locale: 'en-GB',
          baseURL: `http://127.0.0.1:${port}`,
          ...options,
        })
        contexts.push(context)
        return context.newPage()
      },
    }
  })
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => {})
    await browser?.close()
    await app?.close()
    await database?.close()
  })
  return () => {
    if (!ctx) throw new Error('e2e harness not ready')
    return ctx
  }
}

export interface AxeViolation {
  id: string
  impact: string | null
  help: string
  nodes: { target: string[]; html: string }[]
}

/** Run axe-core on the current page and fail on any WCAG 2.0/2.1/2.2 A or AA violation. */
export async function expectAccessible(page: Page) {
  // evaluate() runs through the DevTools protocol, so the page's CSP does not block axe.
  await page.evaluate(axeSource)
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: { run: (ctx: Document, opts: unknown) => Promise<{ violations: AxeViolation[] }> }
      }
    ).axe
    const result = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'] },
    })
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target, html: n.html })),
    }))
  })
  const summary = violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.map((n) => n.target.join(' ')).join('\n    ')}`,
  )
  expect(summary, `axe violations on ${page.url()}`).toEqual([])
}
