import Fastify from 'fastify'
import { describe, expect, it } from 'vitest'
import { anonymous } from '../auth/actor.ts'
import { createPublicCache } from './public.cache.ts'

/** The cache on a bare app: what makes an answer current, and its bound. */
async function appWith(opts: { maxBytes?: number } = {}) {
  const state = { now: new Date('2026-06-01T12:00:00Z'), version: 1, renders: 0 }
  const cache = createPublicCache({
    clock: () => state.now,
    version: () => Promise.resolve(String(state.version)),
    versionOfAll: () => Promise.resolve('all'),
    partnershipOf: (slug) => Promise.resolve(slug === 'known' ? 'p1' : undefined),
    ...opts,
  })
  const app = Fastify()
  app.decorateRequest('actor', null as unknown as typeof anonymous)
  app.addHook('onRequest', cache.early)
  app.addHook('preValidation', (request, _reply, done) => {
    request.actor = anonymous
    done()
  })
  app.get(
    '/public/:site/:page',
    { config: { publicCache: 'page' }, ...cache.routeOptions },
    async (request, reply) => {
      state.renders++
      const { site, page } = request.params as Record<string, string>
      if (site !== 'known') return reply.code(404).type('text/plain').send('not found')
      return reply.type('text/plain; charset=utf-8').send(`${page} ${'x'.repeat(1000)}`)
    },
  )
  await app.ready()
  return { app, cache, state, get: (url: string) => app.inject({ url }) }
}

describe('public cache', () => {
  it('answers from the cache until the version or the date in England changes', async () => {
    const { get, state, cache } = await appWith()
    await get('/public/known/a')
    await get('/public/known/a')
    expect(state.renders).toBe(1)
    expect(cache.stats()).toMatchObject({ hits: 1, misses: 1, stored: 1 })
    state.version++
    await get('/public/known/a')
    expect(state.renders).toBe(2)
    // Later the same day: still current; past midnight in England: not.
    state.now = new Date('2026-06-01T22:30:00Z')
    await get('/public/known/a')
    expect(state.renders).toBe(2)
    state.now = new Date('2026-06-01T23:30:00Z')
    await get('/public/known/a')
    expect(state.renders).toBe(3)
  })

  it('keeps no 404 and nothing for an unknown site', async () => {
    const { get, state, cache } = await appWith()
    expect((await get('/public/unknown/a')).statusCode).toBe(404)
    expect((await get('/public/unknown/a')).statusCode).toBe(404)
    expect(state.renders).toBe(2)
    expect(cache.stats().stored).toBe(0)
  })

  it('keeps within its bound, least recently used first out', async () => {
    const { get, state, cache } = await appWith({ maxBytes: 3000 })
    await get('/public/known/a')
    await get('/public/known/b')
    await get('/public/known/a')
    await get('/public/known/c')
    expect(cache.stats().evicted).toBeGreaterThan(0)
    expect(cache.stats().bytes).toBeLessThanOrEqual(3000)
    const renders = state.renders
    await get('/public/known/c')
    expect(state.renders).toBe(renders)
    await get('/public/known/b')
    expect(state.renders).toBe(renders + 1)
  })

  it('answers 304 to a reader with the current ETag', async () => {
    const { app, get } = await appWith()
    const first = await get('/public/known/a')
    const etag = String(first.headers.etag)
    const res = await app.inject({ url: '/public/known/a', headers: { 'if-none-match': `"other", ${etag}` } })
    expect(res.statusCode).toBe(304)
    expect(res.body).toBe('')
  })
})
