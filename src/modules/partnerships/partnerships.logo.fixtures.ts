/** Small images for the logo's tests: a real 1×1 PNG, a JPEG header, and files that are not logos. */
export const PNG_1X1 = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
)

/** A PNG whose header says `width` × `height`, padded to `bytes` (not decodable past the header). */
export function pngOf(width: number, height: number, bytes = 64): Buffer {
  const out = Buffer.alloc(Math.max(bytes, 33))
  PNG_1X1.copy(out, 0, 0, 33)
  out.writeUInt32BE(width, 16)
  out.writeUInt32BE(height, 20)
  return out
}

/** A JPEG's start: SOI, an APP0 segment, then SOF0 giving `width` × `height`. */
export function jpegOf(width: number, height: number): Buffer {
  const app0 = [
    0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00,
    0x00,
  ]
  const sof = [0xff, 0xc0, 0x00, 0x11, 0x08, height >> 8, height & 0xff, width >> 8, width & 0xff, 0x03]
  return Buffer.from([0xff, 0xd8, ...app0, ...sof, ...new Array<number>(12).fill(0), 0xff, 0xd9])
}

export const SVG = Buffer.from(
  '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
  'utf8',
)
export const GIF = Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1')
