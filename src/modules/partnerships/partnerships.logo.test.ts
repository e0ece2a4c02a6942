import { describe, expect, it } from 'vitest'
import { isAppError } from '../../errors.ts'
import { checkLogo, LOGO_MAX_BYTES, logoFromBase64, sniffLogoType } from './partnerships.logo.ts'
import { GIF, jpegOf, PNG_1X1, pngOf, SVG } from './partnerships.logo.fixtures.ts'

const refusal = (f: () => unknown) => {
  try {
    f()
  } catch (e) {
    if (isAppError(e)) return { status: e.status, fields: e.fields }
    throw e
  }
  throw new Error('not refused')
}

describe('a partnership’s logo', () => {
  it('is told by its bytes: PNG and JPEG, nothing else', () => {
    expect(sniffLogoType(PNG_1X1)).toBe('image/png')
    expect(sniffLogoType(jpegOf(10, 10))).toBe('image/jpeg')
    expect(sniffLogoType(SVG)).toBeNull()
    expect(sniffLogoType(GIF)).toBeNull()
    expect(sniffLogoType(Buffer.alloc(0))).toBeNull()
  })

  it('accepts a small PNG or JPEG', () => {
    expect(checkLogo(PNG_1X1).type).toBe('image/png')
    expect(checkLogo(jpegOf(300, 120)).type).toBe('image/jpeg')
  })

  it('refuses SVG, GIF, an empty file, a file over 200 KB and huge dimensions, naming the field', () => {
    expect(refusal(() => checkLogo(SVG))).toEqual({
      status: 422,
      fields: { logo: expect.stringContaining('PNG or JPEG') },
    })
    expect(refusal(() => checkLogo(GIF)).fields?.logo).toContain('PNG or JPEG')
    expect(refusal(() => checkLogo(Buffer.alloc(0))).fields?.logo).toContain('empty')
    expect(refusal(() => checkLogo(pngOf(10, 10, LOGO_MAX_BYTES + 1))).fields?.logo).toBe(
      'The logo must be 200 KB or smaller: this file is 201 KB',
    )
    expect(refusal(() => checkLogo(pngOf(5000, 10))).fields?.logo).toContain('4000 pixels')
    expect(refusal(() => checkLogo(jpegOf(10, 4001))).fields?.logo).toContain('4000 pixels')
    // PNG magic but no header: not an image.
    expect(refusal(() => checkLogo(PNG_1X1.subarray(0, 10))).fields?.logo).toContain('not a readable PNG')
  })

  it('reads base64 from the API, with or without a data: prefix, and refuses anything else', () => {
    const b64 = PNG_1X1.toString('base64')
    expect(logoFromBase64(b64).equals(PNG_1X1)).toBe(true)
    expect(logoFromBase64(`data:image/png;base64,${b64}`).equals(PNG_1X1)).toBe(true)
    expect(refusal(() => logoFromBase64('not base64!')).fields).toEqual({ logo: expect.any(String) })
  })
})
