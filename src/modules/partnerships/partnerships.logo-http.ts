import type { FastifyReply, FastifyRequest } from 'fastify'
import { notFound, validationError } from '../../errors.ts'
import { LOGO_MAX_BYTES } from './partnerships.logo.ts'

const isTooLarge = (e: unknown) =>
  typeof e === 'object' && e !== null && (e as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE'

/**
 * The logo file of a multipart request (a part named `logo`), read up to one byte past the cap so
 * a larger file is refused without being read whole. No file chosen, another part's name or a file
 * past the cap: a 422 naming `logo`. The type and the rest are checked by the service.
 */
export async function logoFromMultipart(request: FastifyRequest): Promise<Buffer> {
  const part = await request.file({ limits: { fileSize: LOGO_MAX_BYTES + 1, files: 1 } })
  if (!part) throw validationError({ logo: 'Select a PNG or JPEG file for the logo' })
  if (part.fieldname !== 'logo') {
    part.file.resume()
    throw validationError({ logo: `Send the logo in a part named logo (not ${part.fieldname})` })
  }
  if (!part.filename) {
    // A browser sends an empty, unnamed part when no file was chosen.
    part.file.resume()
    throw validationError({ logo: 'Select a PNG or JPEG file for the logo' })
  }
  try {
    return await part.toBuffer()
  } catch (e) {
    if (isTooLarge(e))
      throw validationError({ logo: `The logo must be ${LOGO_MAX_BYTES / 1024} KB or smaller` })
    throw e
  }
}

const YEAR = 'private, max-age=31536000, immutable'
const REVALIDATE = 'private, no-cache'

/**
 * Send a logo. At its versioned address (`?v=` the time it was set, as the header links it) it is
 * cached for a year: a new logo has a new address. Otherwise it is revalidated by its ETag. The
 * route also needs `onSend: logoCaching` (signed-in answers are otherwise `no-store`).
 */
export function sendLogo(
  request: FastifyRequest,
  reply: FastifyReply,
  logo: { data: Buffer; type: string; updatedAt: Date } | undefined,
  versioned: boolean,
) {
  if (!logo) throw notFound('Logo')
  const version = String(logo.updatedAt.getTime())
  const etag = `"${version}"`
  const v = (request.query as { v?: unknown } | undefined)?.v
  reply
    .header('cache-control', versioned && v === version ? YEAR : REVALIDATE)
    .header('etag', etag)
    .header('last-modified', logo.updatedAt.toUTCString())
    .header('x-content-type-options', 'nosniff')
    .header('content-security-policy', "default-src 'none'; sandbox")
  if (request.headers['if-none-match'] === etag) return reply.status(304).send()
  const ext = logo.type === 'image/png' ? 'png' : 'jpg'
  return reply.header('content-disposition', `inline; filename="logo.${ext}"`).type(logo.type).send(logo.data)
}

/**
 * The logo route's own `onSend` (it runs after the app's, which makes every signed-in answer
 * `no-store`): a logo sent (200 or 304) keeps the caching `sendLogo` chose. The logo is the
 * partnership's, the same for every member, so a browser may keep it; `private` keeps it out of
 * shared caches.
 */
export function logoCaching(request: FastifyRequest, reply: FastifyReply, payload: unknown) {
  const etag = reply.getHeader('etag')
  if ((reply.statusCode === 200 || reply.statusCode === 304) && typeof etag === 'string') {
    const v = (request.query as { v?: unknown } | undefined)?.v
    const versioned = request.routeOptions.url === '/p/:slug/logo' && etag === `"${String(v)}"`
    reply.header('cache-control', versioned ? YEAR : REVALIDATE)
  }
  return Promise.resolve(payload)
}
