import type { MultipartFile } from '@fastify/multipart'
import type { FastifyRequest } from 'fastify'
import { PassThrough, type Readable } from 'node:stream'
import { tooLarge } from '../../errors.ts'
import type { ImportSource } from '../../workbook/read.ts'

const size = (bytes: number) =>
  bytes >= 1024 * 1024 ? `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB` : `${Math.ceil(bytes / 1024)} KB`

export const tooLargeMessage = (limitBytes: number) =>
  `The file is too large: it must be smaller than ${size(limitBytes)}. Use the command line (goldthread import) for larger files.`

type UploadStream = Readable & { truncated?: boolean }

/**
 * The uploaded file as a stream that fails with `payload_too_large` once the upload passes the
 * limit (busboy otherwise just stops, leaving a truncated file that would import in part). The
 * rest of the upload is drained, not left hanging, whenever the reader stops early.
 */
export function guardUpload(file: UploadStream, limitBytes: number): Readable {
  const out = new PassThrough()
  // The error may come before the import starts reading (it first takes a database connection):
  // it is kept on the stream for the reader, and must not crash the process meanwhile.
  out.on('error', () => {})
  let over = false
  const drain = () => {
    file.unpipe(out)
    file.resume()
  }
  file.once('limit', () => {
    over = true
    drain()
    out.destroy(tooLarge(tooLargeMessage(limitBytes)))
  })
  file.once('error', (err) => out.destroy(err))
  file.once('end', () => {
    if (over || file.truncated) {
      if (!over) out.destroy(tooLarge(tooLargeMessage(limitBytes)))
    } else out.end()
  })
  out.once('close', drain)
  file.pipe(out, { end: false })
  return out
}

/** The simple form fields sent before the file part (a browser sends them in the form's order). */
function fieldsOf(part: MultipartFile): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [name, field] of Object.entries(part.fields)) {
    const f = Array.isArray(field) ? field[0] : field
    if (f?.type === 'field') out[name] = String(f.value)
  }
  return out
}

/**
 * The file of a multipart request as an import source, or undefined when none was chosen (a
 * browser sends an empty, unnamed part). `fields` are the form fields that came before it.
 */
export async function uploadedSource(
  request: FastifyRequest,
  limitBytes: number,
  sheet?: string,
): Promise<(ImportSource & { kind: 'file'; fields: Record<string, string> }) | undefined> {
  const part: MultipartFile | undefined = await request.file()
  if (!part) return undefined
  if (!part.filename) {
    part.file.resume()
    return undefined
  }
  const fields = fieldsOf(part)
  return {
    kind: 'file',
    stream: guardUpload(part.file, limitBytes),
    filename: part.filename,
    sheet: sheet || fields.sheet || undefined,
    fields,
  }
}

/** How far into a multipart body the form's `_csrf` field (its first) is looked for. */
const CSRF_PEEK_BYTES = 16 * 1024

/**
 * The CSRF token of an upload form, sent as its first field, for the CSRF check that runs
 * before the body is read (a token in the address would leak into logs, history and Referer).
 * As a route's `preParsing` hook, it reads the start of a multipart body, puts it back, and
 * hands the token on as the `x-csrf-token` header. The page's script sends that header itself.
 */
export async function csrfFromMultipart(request: FastifyRequest): Promise<void> {
  if (request.headers['x-csrf-token']) return
  const type = request.headers['content-type'] ?? ''
  const boundary = /^multipart\/form-data\s*;.*boundary="?([^";]+)"?/i.exec(type)?.[1]
  if (!boundary) return
  const raw = request.raw as Readable
  const chunks: Buffer[] = []
  let size = 0
  let token: string | undefined
  const field = new RegExp(
    `^--${boundary.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\r\\nContent-Disposition:\\s*form-data;\\s*name="_csrf"\\r\\n(?:[^\\r\\n]+\\r\\n)*\\r\\n([^\\r\\n]*)\\r\\n--`,
    'i',
  )
  while (size < CSRF_PEEK_BYTES && token === undefined) {
    const chunk = raw.read() as Buffer | null
    if (chunk === null) {
      if (raw.readableEnded || raw.destroyed) break
      const more = await new Promise<boolean>((resolve) => {
        const on = (ok: boolean) => () => {
          raw.off('readable', onReadable)
          raw.off('end', onEnd)
          raw.off('close', onEnd)
          resolve(ok)
        }
        const onReadable = on(true)
        const onEnd = on(false)
        raw.once('readable', onReadable)
        raw.once('end', onEnd)
        raw.once('close', onEnd)
      })
      if (!more) break
      continue
    }
    chunks.push(chunk)
    size += chunk.length
    token = field.exec(Buffer.concat(chunks).toString('latin1'))?.[1]
  }
  // Put back what was read: the upload is parsed from the start as if nothing had happened.
  if (chunks.length && !raw.readableEnded) raw.unshift(Buffer.concat(chunks))
  if (token) request.headers['x-csrf-token'] = token
}
