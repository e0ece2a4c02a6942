import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify'
import { afterAll, beforeAll, describe } from 'vitest'
import { buildApp, type AppConfig } from '../../src/app.ts'
import type { Database } from '../../src/db/client.ts'
import { createServices, type Services } from '../../src/services.ts'
import { testConfig } from './config.ts'
import { freshDatabase, postgresAvailable, testEngine } from './db.ts'
import { buildPartnership, system, unique } from './factories.ts'

/** Resolved once per file at import: the PostgreSQL suite is skipped locally when no server answers (never under CI). */
const engineAvailable = testEngine() === 'pglite' || (await postgresAvailable())

export { testConfig }

export interface TestContext {
  app: FastifyInstance
  services: Services
  database: Database
}

/**
 * `describe` for integration tests: runs on the engine the project selects (int-pglite or
 * int-postgres), with a fresh migrated database and app for the file.
 */
export function describeIntegration(
  name: string,
  fn: (t: () => TestContext) => void,
  config: Partial<AppConfig> = {},
) {
  describe.skipIf(!engineAvailable)(`${name} [${testEngine()}]`, () => {
    let ctx: TestContext | undefined
    beforeAll(async () => {
      const database = await freshDatabase()
      const services = createServices(database.db, { engine: database.engine })
      const app = await buildApp({ ...testConfig, ...config }, services, { logger: false })
      await app.ready()
      ctx = { app, services, database }
    })
    afterAll(async () => {
      if (!ctx) return
      await ctx.app.close()
      await ctx.database.close()
    })
    fn(() => {
      if (!ctx) throw new Error('integration context not ready')
      return ctx
    })
  })
}

export { system, unique }

/** A partnership with a user in each given role; returns ids, tokens and a password per role. */
export const seedPartnership = buildPartnership

/** A cookie-carrying client that signs in through the real form (CSRF included). */
export class Agent {
  private cookies = new Map<string, string>()
  constructor(private app: FastifyInstance) {}

  private cookieHeader() {
    return [...this.cookies.entries()].map(([k, v]) => `${k}=${v}`).join('; ')
  }

  async request(opts: InjectOptions): Promise<LightMyRequestResponse> {
    const res = await this.app.inject({
      ...opts,
      headers: { ...(opts.headers ?? {}), cookie: this.cookieHeader() },
    })
    for (const c of res.cookies) {
      if (c.expires && new Date(c.expires).getTime() < Date.now()) this.cookies.delete(c.name)
      else this.cookies.set(c.name, c.value)
    }
    return res
  }

  get(url: string) {
    return this.request({ method: 'GET', url })
  }

  /** GET the page with the form first so the session has a CSRF secret, then POST with its token. */
  async submit(formUrl: string, action: string, fields: Record<string, string | string[]>) {
    const page = await this.get(formUrl)
    const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1]
    if (!token) throw new Error(`no CSRF token on ${formUrl} (status ${page.statusCode})`)
    const body = new URLSearchParams()
    for (const [k, v] of Object.entries({ ...fields, _csrf: token })) {
      for (const item of Array.isArray(v) ? v : [v]) body.append(k, item)
    }
    return this.request({
      method: 'POST',
      url: action,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: body.toString(),
    })
  }

  async signIn(email: string, password: string) {
    const res = await this.submit('/sign-in', '/sign-in', { email, password })
    if (res.statusCode !== 302) throw new Error(`sign-in failed: ${res.statusCode}`)
    return res
  }
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` })
