import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { ukDate, type Clock } from './clock.ts'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')
/** Where page templates are looked up, as src/plugins/views.ts does (our own ones). */
const TEMPLATE_DIRS = [path.join(root, 'src', 'views'), path.join(root, 'src', 'modules')]
/** Our layout around content rendered before (src/views/cached-content.njk). */
const CACHED_TEMPLATE = 'cached-content.njk'

export interface RenderCacheOptions {
  clock: Clock
  /** What the partnership's data is at: changes whenever it may have (audit.versionOf). */
  version: (partnershipId: string) => Promise<string>
  /** Bound of the content kept, in bytes (strings counted at two bytes a character). */
  maxBytes?: number
  /** Content larger than this is served but not kept. */
  maxEntryBytes?: number
}

interface Entry {
  /** The page's main content, with placeholders for the CSRF token and the CSP nonce. */
  html: string
  /** The page's title (the layout's `<title>`). */
  title: unknown
  bytes: number
}

export interface RenderCacheStats {
  hits: number
  misses: number
  /** Requests answered without the cache (a flash message to show, no partnership, development). */
  bypassed: number
  stored: number
  evicted: number
  entries: number
  bytes: number
}

/**
 * Rendered main content of partnership pages whose figures change only when data does (home,
 * dashboard), kept in memory, least recently used first out, within `maxBytes`.
 *
 * The key is everything the content depends on: the partnership and its data version (read
 * before the page reads its data, so content is never kept under a version older than it shows),
 * the date in England (what is due or overdue), the person (user, role, organisation, system
 * administrator) and the address with its query (as-at, filters). The layout around it (header
 * with the person's name, navigation, CSRF token, flash messages) is rendered afresh every time;
 * a CSRF token or CSP nonce inside the content is a placeholder filled per request.
 *
 * Only a page whose template overrides no block of the layout but `main_content` is kept (its
 * `<main>` is then all it adds), and only a 200 answer.
 */
export function createRenderCache(opts: RenderCacheOptions) {
  const maxBytes = opts.maxBytes ?? 32 * 1024 * 1024
  const maxEntryBytes = opts.maxEntryBytes ?? 2 * 1024 * 1024
  const entries = new Map<string, Entry>()
  let bytes = 0
  const stats = { hits: 0, misses: 0, bypassed: 0, stored: 0, evicted: 0 }
  const nonce = crypto.randomBytes(8).toString('hex')
  const marks = { csrf: `gtcsrf${nonce}`, nonce: `gtnonce${nonce}` }
  const cacheableTemplates = new Map<string, boolean>()

  /** Whether the template adds nothing to the layout but its main content. */
  function cacheable(template: string) {
    let known = cacheableTemplates.get(template)
    if (known === undefined) {
      const file = TEMPLATE_DIRS.map((d) => path.join(d, template)).find((f) => fs.existsSync(f))
      const source = file ? fs.readFileSync(file, 'utf8') : ''
      const blocks = [...source.matchAll(/{%-?\s*block\s+(\w+)/g)].map((m) => m[1])
      known = !!file && blocks.length > 0 && blocks.every((b) => b === 'main_content')
      cacheableTemplates.set(template, known)
    }
    return known
  }

  async function keyOf(request: FastifyRequest) {
    const ctx = request.partnershipContext
    const actor = request.actor
    if (!ctx || actor.kind !== 'user' || process.env.NODE_ENV === 'development') return undefined
    if (request.session?.get('flash')) return undefined
    const id = ctx.partnership.id
    const version = await opts.version(id)
    return JSON.stringify([
      id,
      version,
      ukDate(opts.clock()),
      actor.userId,
      ctx.role,
      actor.organisations?.get(id) ?? null,
      actor.isSystemAdmin,
      request.url,
    ])
  }

  function store(key: string, html: string, title: unknown) {
    const size = (html.length + key.length) * 2
    if (size > maxEntryBytes) return
    const old = entries.get(key)
    if (old) {
      bytes -= old.bytes
      entries.delete(key)
    }
    entries.set(key, { html, title, bytes: size })
    bytes += size
    stats.stored++
    for (const [k, e] of entries) {
      if (bytes <= maxBytes) break
      entries.delete(k)
      bytes -= e.bytes
      stats.evicted++
    }
  }

  /** The placeholders filled for this request. */
  function fill(html: string, reply: FastifyReply) {
    let out = html
    if (out.includes(marks.csrf)) out = out.replaceAll(marks.csrf, reply.generateCsrf())
    if (out.includes(marks.nonce)) out = out.replaceAll(marks.nonce, reply.cspNonce?.script ?? '')
    return out
  }

  /** The content of the page's `<main>`: what the layout's `content` block rendered. */
  function mainContent(html: string) {
    const at = html.indexOf(' id="main-content"')
    const end = html.lastIndexOf('</main>')
    if (at < 0 || end < 0) return undefined
    const start = html.indexOf('>', at) + 1
    return start > 0 && start <= end ? html.slice(start, end).trim() : undefined
  }

  /** Run the page's handler, keeping the main content it renders under `key`. */
  async function renderAndKeep(key: string, reply: FastifyReply, handler: () => Promise<FastifyReply>) {
    // Wrapped on this reply only, for this handler; its own render and send are put back after.
    const own = { render: Object.hasOwn(reply, 'render'), send: Object.hasOwn(reply, 'send') }
    const render = reply.render.bind(reply)
    const send = reply.send.bind(reply)
    let rendered: { template: string; title: unknown } | undefined
    reply.render = (template, locals = {}) => {
      rendered = { template, title: locals.title }
      return render(template, { ...locals, csrfToken: () => marks.csrf, cspNonce: marks.nonce })
    }
    reply.send = (payload?: unknown) => {
      if (!rendered || typeof payload !== 'string') return send(payload)
      if (reply.statusCode === 200 && cacheable(rendered.template)) {
        const content = mainContent(payload)
        if (content !== undefined) store(key, content, rendered.title)
      }
      return send(fill(payload, reply))
    }
    try {
      return await handler()
    } finally {
      for (const [name, bound] of [
        ['render', render],
        ['send', send],
      ] as const)
        if (own[name]) Object.assign(reply, { [name]: bound })
        else Reflect.deleteProperty(reply, name)
    }
  }

  return {
    /**
     * Answer a page from the cache, or by its handler (keeping what it renders). The handler is
     * the route's whole body and ends in `reply.render(...)`; on a hit it does not run at all.
     */
    async page(request: FastifyRequest, reply: FastifyReply, handler: () => Promise<FastifyReply>) {
      const key = await keyOf(request)
      if (key === undefined) {
        stats.bypassed++
        return handler()
      }
      const hit = entries.get(key)
      if (!hit) {
        stats.misses++
        return renderAndKeep(key, reply, handler)
      }
      stats.hits++
      entries.delete(key)
      entries.set(key, hit)
      return reply.render(CACHED_TEMPLATE, { title: hit.title, cachedContent: fill(hit.html, reply) })
    },
    stats(): RenderCacheStats {
      return { ...stats, entries: entries.size, bytes }
    },
    clear() {
      entries.clear()
      bytes = 0
    },
  }
}

export type RenderCache = ReturnType<typeof createRenderCache>
