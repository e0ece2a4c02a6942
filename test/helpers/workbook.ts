import { Readable } from 'node:stream'
import type { ImportSource } from '../../src/workbook/read.ts'

let next = 10_000_000 + Math.floor(Math.random() * 80_000_000)
/** A GSS code no other test uses (places are shared by every partnership in a database). */
export const gss = (letter = 'E') => `${letter}${String(next++).padStart(8, '0')}`

export const csvSource = (filename: string, text: string, sheet?: string): ImportSource => ({
  kind: 'file',
  stream: Readable.from([Buffer.from(text, 'utf8')]),
  filename,
  sheet,
})

/** A multipart/form-data body with one file part, built by hand as a browser would send it. */
export function multipart(filename: string, content: Buffer | string, contentType = 'text/csv') {
  const boundary = `----goldthread${Math.random().toString(16).slice(2)}`
  const payload = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${contentType}\r\n\r\n`,
    ),
    Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8'),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ])
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } }
}

/**
 * A multipart body with the form's CSRF token as its first field, as the upload form sends it
 * (the server reads it before the file; it is never in the address).
 */
export function withCsrf(body: ReturnType<typeof multipart>, token: string): ReturnType<typeof multipart> {
  const boundary = /boundary=(.+)$/.exec(body.headers['content-type'])![1]!
  const field = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${token}\r\n`,
  )
  return { payload: Buffer.concat([field, body.payload]), headers: body.headers }
}
