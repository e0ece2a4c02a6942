import { validationError } from '../../errors.ts'

/**
 * A partnership's logo: a PNG or JPEG image, told by its first bytes (never its name or the type a
 * browser claims), at most LOGO_MAX_BYTES and LOGO_MAX_PIXELS on a side. SVG is refused: it can
 * carry script. Every refusal names the field, `logo`.
 */
export const LOGO_MAX_BYTES = 200 * 1024
export const LOGO_MAX_PIXELS = 4000
export const logoTypes = ['image/png', 'image/jpeg'] as const
export type LogoType = (typeof logoTypes)[number]

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]
const JPEG = [0xff, 0xd8, 0xff]

const startsWith = (data: Uint8Array, magic: number[]) =>
  data.length >= magic.length && magic.every((b, i) => data[i] === b)

/** The image type its first bytes say, or null for anything else. */
export function sniffLogoType(data: Uint8Array): LogoType | null {
  if (startsWith(data, PNG)) return 'image/png'
  if (startsWith(data, JPEG)) return 'image/jpeg'
  return null
}

/** Width and height from a PNG's IHDR chunk (which must come first), or null. */
function pngSize(data: Buffer): { width: number; height: number } | null {
  if (data.length < 24 || data.toString('latin1', 12, 16) !== 'IHDR') return null
  return { width: data.readUInt32BE(16), height: data.readUInt32BE(20) }
}

/** Width and height from a JPEG's first start-of-frame marker, or null. */
function jpegSize(data: Buffer): { width: number; height: number } | null {
  let at = 2
  while (at + 4 <= data.length) {
    if (data[at] !== 0xff) return null
    const marker = data[at + 1]!
    // Fill bytes and markers without a length.
    if (marker === 0xff) {
      at += 1
      continue
    }
    if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      at += 2
      continue
    }
    const length = data.readUInt16BE(at + 2)
    if (length < 2) return null
    // SOF0–SOF15, except DHT (C4), JPG (C8) and DAC (CC).
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      if (at + 9 > data.length) return null
      return { height: data.readUInt16BE(at + 5), width: data.readUInt16BE(at + 7) }
    }
    if (marker === 0xd9 || marker === 0xda) return null
    at += 2 + length
  }
  return null
}

const kb = (bytes: number) => `${Math.ceil(bytes / 1024)} KB`

/** Why `data` cannot be a logo, or null when it can. */
export function logoProblem(data: Buffer, type: LogoType | null): string | null {
  if (data.length === 0) return 'Select a logo file: the file chosen is empty'
  if (data.length > LOGO_MAX_BYTES)
    return `The logo must be ${kb(LOGO_MAX_BYTES)} or smaller: this file is ${kb(data.length)}`
  if (!type) return 'The logo must be a PNG or JPEG image (SVG, GIF and other files are not accepted)'
  const size = type === 'image/png' ? pngSize(data) : jpegSize(data)
  if (!size || size.width < 1 || size.height < 1)
    return `The logo is not a readable ${type === 'image/png' ? 'PNG' : 'JPEG'} image`
  if (size.width > LOGO_MAX_PIXELS || size.height > LOGO_MAX_PIXELS)
    return `The logo must be at most ${LOGO_MAX_PIXELS} pixels wide and high: this one is ${size.width} by ${size.height}`
  return null
}

/** A checked logo, or a 422 naming the field. */
export function checkLogo(data: Buffer, field = 'logo'): { data: Buffer; type: LogoType } {
  const type = sniffLogoType(data)
  const problem = logoProblem(data, type)
  if (problem || !type) throw validationError({ [field]: problem ?? 'The logo must be a PNG or JPEG image' })
  return { data, type }
}

/** The API's base64 text as bytes, or a 422 naming the field when it is not base64. */
export function logoFromBase64(text: string, field = 'logo'): Buffer {
  const base64 = text.replace(/^data:image\/[a-z+.-]+;base64,/i, '').replace(/\s+/g, '')
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(base64) || base64.length % 4 === 1)
    throw validationError({ [field]: 'The logo must be the image’s bytes in base64' })
  return Buffer.from(base64, 'base64')
}
