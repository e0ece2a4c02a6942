import { describe, expect, it } from 'vitest'
import { describeShares, sparkline, statusBar } from './status-bar.ts'

const segments = [
  { label: 'On track', count: 6, tone: 'good' as const },
  { label: 'Within tolerance', count: 3, tone: 'warning' as const },
  { label: 'Off track', count: 1, tone: 'bad' as const },
  { label: 'No data', count: 0, tone: 'none' as const },
]

describe('statusBar', () => {
  const svg = statusBar({ id: 'theme-1', title: 'Safer communities <LAA>', segments, width: 400 })

  it('is one labelled image whose description says every share in words', () => {
    expect(svg).toMatch(/role="img" aria-labelledby="theme-1-title theme-1-desc"/)
    expect(svg).toContain('<title id="theme-1-title">Safer communities &lt;LAA&gt;</title>')
    expect(svg).toContain('6 on track (60%), 3 within tolerance (30%), 1 off track (10%)')
  })

  it('gives each share a width in proportion and leaves out empty ones', () => {
    const widths = [
      ...svg.matchAll(
        /<rect class="gt-bar__segment gt-bar__segment--(\w+)" x="[\d.]+" y="0" width="([\d.]+)"/g,
      ),
    ]
    expect(widths.map((m) => [m[1], Number(m[2])])).toEqual([
      ['good', 240],
      ['warning', 120],
      ['bad', 40],
    ])
  })

  it('writes the count on a segment only where it fits', () => {
    expect(svg).toContain('>6</text>')
    const narrow = statusBar({
      id: 'n',
      title: 'Narrow',
      segments: [
        { label: 'Off track', count: 1, tone: 'bad' },
        { label: 'On track', count: 99, tone: 'good' },
      ],
      width: 100,
    })
    expect(narrow).not.toContain('>1</text>')
    expect(narrow).not.toMatch(/style=/)
  })

  it('says "None" for an empty theme', () => {
    expect(describeShares([])).toBe('None')
    expect(statusBar({ id: 'e', title: 'Empty', segments: [] })).toContain('<desc id="e-desc">None</desc>')
  })
})

describe('sparkline', () => {
  it('draws the trend, breaking at gaps, and labels the values in words', () => {
    const svg = sparkline({ label: 'NI 16 trend', values: [3, 4, null, 5, 6] })
    expect(svg).toContain('aria-label="NI 16 trend: 3, 4, no data, 5, 6"')
    expect(svg.match(/<polyline/g)).toHaveLength(2)
    expect(svg).toContain('<circle')
  })

  it('is an empty labelled image without values', () => {
    expect(sparkline({ label: 'T', values: [null] })).toContain('aria-label="T: no data"')
  })
})
