import type { MultipartFile } from '@fastify/multipart'
import type { FastifyRequest } from 'fastify'
import { PassThrough, type Readable } from 'node:stream'
import { tooLarge } from '../errors.ts'
import type { ImportSource } from './read.ts'

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
