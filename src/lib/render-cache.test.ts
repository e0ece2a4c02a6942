import type { FastifyReply, FastifyRequest } from 'fastify'
import { describe, expect, it } from 'vitest'
import { createRenderCache } from './render-cache.ts'

type Locals = Record<string, unknown>

/** A request as the context plugin leaves it: a signed-in person in a partnership. */
function request(
  over: { userId?: string; role?: string; url?: string; partnershipId?: string; flash?: boolean } = {},
) {
  return {
    url: over.url ?? '/p/x/dashboard',
    actor: {
      kind: 'user',
      userId: over.userId ?? 'u1',
      isSystemAdmin: false,
      roles: new Map(),
      organisations: new Map(),
    },
    partnershipContext: { partnership: { id: over.partnershipId ?? 'p1' }, role: over.role ?? 'admin' },
    session: { get: () => (over.flash ? { type: 'success', text: 'Saved' } : undefined) },
  } as unknown as FastifyRequest
}

/** A reply whose render lays `content` (a template's main content) out as our layout does. */
function reply(n: number) {
  const sent: string[] = []
  const r = {
    statusCode: 200,
    cspNonce: { script: `nonce-${n}` },
    generateCsrf: () => `token-${n}`,
    render(this: FastifyReply, template: string, locals: Locals = {}) {
      const csrf = (locals.csrfToken as (() => string) | undefined)?.() ?? this.generateCsrf()
      const nonce = (locals.cspNonce as string | undefined) ?? this.cspNonce.script
      const content =
        template === 'cached-content.njk'
          ? String(locals.cachedContent)
          : `<h1>${String(locals.title)}</h1><form><input name="_csrf" value="${csrf}"></form><script nonce="${nonce}"></script>`
      return this.send(
        `<header><input name="_csrf" value="${csrf}"></header><main class="govuk-main-wrapper" id="main-content">\n${content}\n</main><script nonce="${nonce}"></script>`,
      )
    },
    send(this: FastifyReply, payload: string) {
      sent.push(payload)
      return this
    },
  }
  return { reply: r as unknown as FastifyReply, sent }
}

describe('render cache', () => {
  let now = new Date('2026-12-03T12:00:00Z')
  let version = 'v1'
  const make = (maxBytes?: number) =>
    createRenderCache({ clock: () => now, version: () => Promise.resolve(version), maxBytes })

  /** Answer a request, counting whether the page's handler ran. */
  async function answer(
    cache: ReturnType<typeof make>,
    req: FastifyRequest,
    n: number,
    opts: { template?: string; status?: number; title?: string } = {},
  ) {
    const { reply: rep, sent } = reply(n)
    let ran = false
    const handler = async (): Promise<FastifyReply> => {
      ran = true
      if (opts.status) rep.statusCode = opts.status
      const template = opts.template ?? 'dashboard/views/index.njk'
      await Promise.resolve()
      return rep.render(template, { title: opts.title ?? 'T' })
    }
    await cache.page(req, rep, handler)
    return { ran, html: sent.at(-1)! }
  }

  it('answers again from the cache, filling the CSRF token and nonce for each request', async () => {
    const cache = make()
    const first = await answer(cache, request(), 1)
    expect(first.ran).toBe(true)
    expect(first.html).toContain('value="token-1"')
    expect(first.html).not.toMatch(/gtcsrf|gtnonce/)
    const second = await answer(cache, request(), 2)
    expect(second.ran).toBe(false)
    expect(second.html).toContain('<h1>T</h1>')
    expect(second.html.match(/token-2/g)).toHaveLength(2)
    expect(second.html.match(/nonce-2/g)).toHaveLength(2)
    expect(second.html).not.toContain('token-1')
    expect(cache.stats()).toMatchObject({ hits: 1, misses: 1, entries: 1 })
  })

  it('keys by version, day, person, role and address', async () => {
    const cache = make()
    await answer(cache, request(), 1)
    expect((await answer(cache, request({ userId: 'u2' }), 2)).ran).toBe(true)
    expect((await answer(cache, request({ role: 'board_member' }), 3)).ran).toBe(true)
    expect((await answer(cache, request({ url: '/p/x/dashboard?as-at=2009-01-01' }), 4)).ran).toBe(true)
    expect((await answer(cache, request({ partnershipId: 'p2' }), 5)).ran).toBe(true)
    version = 'v2'
    expect((await answer(cache, request(), 6)).ran).toBe(true)
    expect((await answer(cache, request(), 7)).ran).toBe(false)
    // Midnight in England (23:30 UTC in summer is already tomorrow): what is due or overdue moves.
    now = new Date('2026-12-04T00:30:00Z')
    expect((await answer(cache, request(), 8)).ran).toBe(true)
    expect((await answer(cache, request(), 9)).ran).toBe(false)
  })

  it('keeps no error page, no page with a flash message and no page adding to the layout', async () => {
    const cache = make()
    await answer(cache, request(), 1, { status: 422 })
    expect((await answer(cache, request(), 2)).ran).toBe(true)
    expect((await answer(cache, request({ url: '/flash', flash: true }), 3)).ran).toBe(true)
    expect((await answer(cache, request({ url: '/flash', flash: true }), 4)).ran).toBe(true)
    // The target page has its own breadcrumbs: only a page adding nothing but main content is kept.
    const target = { template: 'dashboard/views/target.njk' }
    await answer(cache, request({ url: '/t' }), 5, target)
    expect((await answer(cache, request({ url: '/t' }), 6, target)).ran).toBe(true)
    expect(cache.stats().bypassed).toBe(2)
  })

  it('stays within its bound, dropping the least recently used first', async () => {
    const cache = make(4000)
    const long = 'x'.repeat(300)
    for (let i = 0; i < 10; i++) await answer(cache, request({ url: `/p/x/${i}` }), i, { title: long })
    const { bytes, entries, evicted } = cache.stats()
    expect(bytes).toBeLessThanOrEqual(4000)
    expect(entries).toBeLessThan(10)
    expect(evicted).toBe(10 - entries)
    expect((await answer(cache, request({ url: '/p/x/9' }), 20, { title: long })).ran).toBe(false)
    expect((await answer(cache, request({ url: '/p/x/0' }), 21, { title: long })).ran).toBe(true)
  })
})
