import Fastify from 'fastify'
import { describe, expect, it } from 'vitest'
import type { Services } from '../../services.ts'
import { coreRoutes } from './core.routes.ts'

/** Only what /healthz touches. */
const stub = (ping: () => Promise<void>) => ({ engine: 'pglite', ping }) as unknown as Services

describe('/healthz', () => {
  it('is 200 when the database answers', async () => {
    const app = Fastify()
    await coreRoutes(
      app,
      stub(async () => {}),
    )
    const res = await app.inject({ url: '/healthz' })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toEqual({ status: 'ok', database: 'pglite' })
    await app.close()
  })

  it('is 503 when the database is down, without saying why', async () => {
    const app = Fastify()
    await coreRoutes(
      app,
      stub(() => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:5432 password=hunter2'))),
    )
    const res = await app.inject({ url: '/healthz' })
    expect(res.statusCode).toBe(503)
    expect(res.json()).toEqual({ status: 'unavailable', database: 'pglite' })
    expect(res.body).not.toContain('ECONNREFUSED')
    await app.close()
  })
})
