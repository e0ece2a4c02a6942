import crypto from 'node:crypto'
import type { Server } from 'node:http'
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteShorthandOptions } from 'fastify'
import { ukDate, type Clock } from '../../lib/clock.ts'
import type { Services } from '../../services.ts'

/** Whose data a cached answer shows: a partnership's id, or every partnership's (the index). */
const ALL = '*'

export interface PublicCacheOptions {
  /** Today's date in England is part of every version (a draft strategy is shown while open). */
  clock: Clock
  /** What the partnership's data is at (audit.versionOf): changes with every audited change. */
  version: (partnershipId: string) => Promise<string>
  /** What all partnerships' data is at together (audit.versionOfAll). */
  versionOfAll: () => Promise<string>
  /** The partnership a public site's short name names now, if any. */
  partnershipOf: (slug: string) => Promise<string | undefined>
  /** Bound of the answers kept, in bytes. */
  maxBytes?: number
  /** An answer larger than this is served but not kept. */
  maxEntryBytes?: number
}

interface Entry {
  scope: string
  version: string
  body: Buffer
  etag: string
  headers: Record<string, string>
  bytes: number
}

/** What a request that missed will keep, if it is answered 200 to an anonymous reader. */
interface Pending {
  key: string
  scope: string
  version: string
}

export interface PublicCacheStats {
  hits: number
  misses: number
  /** Answered 304: the reader's copy is current (hits and misses alike). */
  notModified: number
  /** Not kept or served from the cache (HEAD, a signed-in miss, an unknown site). */
  bypassed: number
  stored: number
  evicted: number
  entries: number
  bytes: number
}

/**
 * The answer's headers not kept with its body: personal (cookies), per answer, or set on every
 * answer anyway. The rest (type, attachment name, Link, the security headers) are kept.
 */
const UNKEPT_HEADERS = new Set([
  'set-cookie',
  'content-length',
  'date',
  'etag',
  'cache-control',
  'strict-transport-security',
  'connection',
  'keep-alive',
  'transfer-encoding',
])

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * Behind the public cache: a `page` is answered from it before anything else runs (helmet,
     * session); a `download` only after its rate limit.
     */
    publicCache?: 'page' | 'download'
  }
}
/** Everyone may keep a public answer, but must ask whether it is current before each use. */
export const PUBLIC_CACHE_CONTROL = 'public, no-cache'

const pendingOf = new WeakMap<FastifyRequest, Pending>()
const caches = new WeakMap<Server, PublicCache>()

/** Every inline script's CSP hash (`'sha256-…'`): a kept page carries no per-request nonce. */
function scriptHashes(html: string) {
  const out: string[] = []
  for (const m of html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g))
    out.push(`'sha256-${crypto.createHash('sha256').update(m[1]!).digest('base64')}'`)
  return out
}

/** The CSP header with the request's nonces replaced by the page's inline scripts' hashes. */
function csp(header: unknown, hashes: string[]) {
  if (typeof header !== 'string') return undefined
  return header
    .split(';')
    .map((d) => {
      const kept = d.replace(/\s*'nonce-[^']*'/g, '')
      return /^\s*script-src\s/.test(kept) && hashes.length ? `${kept} ${hashes.join(' ')}` : kept
    })
    .join(';')
}

/** Whether an If-None-Match header names the ETag (or `*`). */
function matches(ifNoneMatch: string | string[] | undefined, etag: string) {
  const values = [ifNoneMatch ?? []].flat().flatMap((h) => h.split(','))
  return values.some((v) => v.trim() === etag || v.trim() === '*')
}

/**
 * Whole answers of the public site (#16), pages and downloads alike, kept in memory, least
 * recently used first out, within `maxBytes`. Anyone may read them, so one answer serves all.
 *
 * An answer is kept under its address (path and query) with the data version of the partnership
 * it shows (or of all partnerships, for the index) and today's date in England (what is open to
 * residents today), read before the page reads its data: an
 * answer is never kept under a version newer than what it shows. Each use reads the version again
 * (one primary-key lookup) and a changed version is a miss: a target published, a value approved
 * or commentary unpublished shows at once, on every server sharing the database.
 *
 * Only a 200 answer rendered for an anonymous reader is kept (a signed-in person's page could
 * carry their flash message); a 404 is never kept. A kept page has no CSP nonce: its inline
 * scripts are allowed by hash instead, so the body is the same for everyone and its ETag strong.
 */
export function createPublicCache(opts: PublicCacheOptions) {
  const maxBytes = opts.maxBytes ?? 32 * 1024 * 1024
  const maxEntryBytes = opts.maxEntryBytes ?? 4 * 1024 * 1024
  const entries = new Map<string, Entry>()
  let bytes = 0
  const stats = { hits: 0, misses: 0, notModified: 0, bypassed: 0, stored: 0, evicted: 0 }

  const versionOf = async (scope: string) =>
    `${await (scope === ALL ? opts.versionOfAll() : opts.version(scope))}|${ukDate(opts.clock())}`

  function store(key: string, entry: Omit<Entry, 'bytes'>) {
    const size = entry.body.length + key.length * 2 + 256
    if (size > maxEntryBytes) return
    const old = entries.get(key)
    if (old) {
      bytes -= old.bytes
      entries.delete(key)
    }
    entries.set(key, { ...entry, bytes: size })
    bytes += size
    stats.stored++
    for (const [k, e] of entries) {
      if (bytes <= maxBytes) break
      entries.delete(k)
      bytes -= e.bytes
      stats.evicted++
    }
  }

  function answer(request: FastifyRequest, reply: FastifyReply, etag: string) {
    reply.header('ETag', etag).header('Cache-Control', PUBLIC_CACHE_CONTROL)
    if (!matches(request.headers['if-none-match'], etag)) return false
    stats.notModified++
    return true
  }

  /** The kept answer, if still current (one version lookup); a stale one is dropped. */
  async function current(request: FastifyRequest, reply: FastifyReply) {
    const hit = entries.get(request.url)
    if (!hit) return false
    if ((await versionOf(hit.scope)) !== hit.version) {
      entries.delete(request.url)
      bytes -= hit.bytes
      return false
    }
    stats.hits++
    entries.delete(request.url)
    entries.set(request.url, hit)
    if (answer(request, reply, hit.etag)) reply.code(304).send()
    else reply.headers(hit.headers).code(200).send(hit.body)
    return true
  }

  /** App hook, before every other (helmet, session): answer a public page from the cache. */
  async function early(request: FastifyRequest, reply: FastifyReply) {
    if (request.method !== 'GET' || request.routeOptions.config?.publicCache !== 'page') return
    if (await current(request, reply)) return reply
  }

  /** Route hook, after the actor is known: answer from the cache, or mark the miss to keep. */
  async function lookup(request: FastifyRequest, reply: FastifyReply) {
    if (request.method !== 'GET') {
      stats.bypassed++
      return
    }
    const key = request.url
    if (await current(request, reply)) return reply
    if (request.actor?.kind !== 'anonymous') {
      stats.bypassed++
      return
    }
    const slug = (request.params as Record<string, string> | undefined)?.site
    const scope = slug === undefined ? ALL : await opts.partnershipOf(slug)
    if (!scope) {
      stats.bypassed++
      return
    }
    stats.misses++
    const version = await versionOf(scope)
    pendingOf.set(request, { key, scope, version })
    // Rendered without a nonce: the same body for everyone (its scripts go by hash, below).
    reply.cspNonce = { script: '', style: '' }
  }

  /** Route hook: keep a missed 200 answer and give it its validators. */
  function keep(request: FastifyRequest, reply: FastifyReply, payload: unknown) {
    return Promise.resolve(kept(request, reply, payload))
  }

  function kept(request: FastifyRequest, reply: FastifyReply, payload: unknown) {
    const pending = pendingOf.get(request)
    if (!pending) return payload
    pendingOf.delete(request)
    const html = String(reply.getHeader('content-type') ?? '').startsWith('text/html')
    if (html && typeof payload === 'string') {
      const policy = csp(reply.getHeader('content-security-policy'), scriptHashes(payload))
      if (policy) reply.header('Content-Security-Policy', policy)
    }
    if (reply.statusCode !== 200 || (typeof payload !== 'string' && !Buffer.isBuffer(payload))) return payload
    const body = Buffer.isBuffer(payload) ? payload : Buffer.from(payload)
    const etag = `"${crypto.createHash('sha256').update(body).digest('base64url').slice(0, 32)}"`
    const headers: Record<string, string> = {}
    for (const [name, value] of Object.entries(reply.getHeaders()))
      if (value !== undefined && !UNKEPT_HEADERS.has(name.toLowerCase())) headers[name] = String(value)
    store(pending.key, { scope: pending.scope, version: pending.version, body, etag, headers })
    if (answer(request, reply, etag)) {
      reply.code(304)
      return ''
    }
    return body
  }

  return {
    /** The options that put a public GET route behind the cache (and its `config.publicCache`). */
    routeOptions: { preValidation: lookup, onSend: keep } satisfies RouteShorthandOptions,
    /** The app-wide hook answering public pages first (registerPublicCache). */
    early,
    stats(): PublicCacheStats {
      return { ...stats, entries: entries.size, bytes }
    },
    clear() {
      entries.clear()
      bytes = 0
    },
  }
}

export type PublicCache = ReturnType<typeof createPublicCache>

/** The app's public cache (one per server), made on first use. */
export function publicCacheFor(app: FastifyInstance, services: Services) {
  let cache = caches.get(app.server)
  if (!cache)
    caches.set(
      app.server,
      (cache = createPublicCache({
        clock: services.clock,
        version: (id) => services.audit.versionOf(id),
        versionOfAll: () => services.audit.versionOfAll(),
        partnershipOf: async (slug) => (await services.partnerships.findBySlug(slug))?.id,
      })),
    )
  return cache
}

/**
 * Answer public pages from the cache before anything else runs: register on the app before
 * helmet and sessions (a kept page carries its security headers; an anonymous reader needs no
 * session). Without it public pages are still cached, answered after the request's context.
 */
export function registerPublicCache(app: FastifyInstance, services: Services) {
  app.addHook('onRequest', publicCacheFor(app, services).early)
}

/** The app's public cache, for its statistics (tests, benchmark). */
export function publicCacheOf(app: FastifyInstance) {
  const cache = caches.get(app.server)
  if (!cache) throw new Error('the public site is not registered on this app')
  return cache
}
