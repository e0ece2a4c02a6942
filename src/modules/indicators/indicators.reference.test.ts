import { describe, expect, it } from 'vitest'
import { referenceIndicators } from './indicators.reference.ts'
import { normaliseCode } from './indicators.schema.ts'

describe('the bundled National Indicator Set reference', () => {
  const all = referenceIndicators()

  it('has every row of the source, titles as found and none invented', () => {
    const live = all.filter((r) => !r.withdrawn)
    expect(all).toHaveLength(199)
    expect(live.filter((r) => r.title)).toHaveLength(73)
    expect(live.filter((r) => !r.title)).toHaveLength(125)
    expect(all.find((r) => r.code === 'NI 2')!.title).toBeNull()
    expect(all.find((r) => r.code === 'NI 135')!.title).toBe(
      'Carers receiving needs assessment or review and a specific carers service, or advice and information',
    )
    expect(new Set(all.map((r) => r.code)).size).toBe(all.length)
  })

  it('keeps each entry’s source and only the polarity a source states', () => {
    const ni32 = all.find((r) => r.code === 'NI 32')!
    expect(ni32.polarity).toBe('lower')
    expect(ni32.sourceUrl).toMatch(/^https?:\/\//)
    expect(ni32.theme).toBe('Safer communities')
    expect(all.find((r) => r.code === 'NI 192')).toMatchObject({ polarity: 'higher', unit: 'percent' })
    expect(all.find((r) => r.code === 'NI 1')!.polarity).toBeNull()
    expect(all.every((r) => r.sourceUrl)).toBe(true)
  })

  it('offers a polarity read from a title, or a rate without its base, only as a note', () => {
    const ni15 = all.find((r) => r.code === 'NI 15')!
    expect(ni15).toMatchObject({ polarity: null, unit: null })
    expect(ni15.sourceNotes).toContain('Polarity: lower is better (from title).')
    expect(ni15.sourceNotes).toContain('its base is not given')
    expect(all.filter((r) => r.polarity).map((r) => r.code)).toEqual([
      'NI 32',
      'NI 56',
      'NI 72',
      'NI 152',
      'NI 191',
      'NI 192',
      'NI 193',
    ])
  })

  it('marks NI 31 withdrawn and keeps its status note', () => {
    const ni31 = all.find((r) => r.code === 'NI 31')!
    expect(ni31.withdrawn).toBe(true)
    expect(ni31.sourceNotes).toContain('has been dropped')
  })
})

describe('normaliseCode', () => {
  it('spells codes one way', () => {
    expect(normaliseCode('ni135')).toBe('NI 135')
    expect(normaliseCode(' NI  001 ')).toBe('NI 1')
    expect(normaliseCode('NI 195c')).toBe('NI 195c')
    expect(normaliseCode('l 01')).toBe('L 01')
    expect(normaliseCode('BV199a')).toBe('BV 199a')
    expect(normaliseCode('LOCAL-A')).toBe('LOCAL-A')
  })
})
