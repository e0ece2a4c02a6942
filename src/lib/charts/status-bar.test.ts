import { describe, expect, it } from 'vitest'
import { describeShares, describeTrend, sparkline, statusBar } from './status-bar.ts'

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

  it('frames the whole bar so that a pale share shows its extent', () => {
    const pale = statusBar({
      id: 'p',
      title: 'Pale',
      segments: [
        { label: 'Green', count: 1, tone: 'good' },
        { label: 'Not rated', count: 3, tone: 'none' },
      ],
      width: 200,
    })
    expect(pale).toContain(
      '<rect class="gt-bar__frame" x="0.5" y="0.5" width="199" height="27" fill="none" stroke="#505a5f"',
    )
    expect(pale).toContain('1 green (25%), 3 not rated (75%)')
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

describe('describeTrend', () => {
  it('reads each period with its figure as the table shows it', () => {
    expect(
      describeTrend({
        label: 'NI 16 trend',
        values: [3.14159, null, 4],
        labels: ['2008/09 Q1', '2008/09 Q2', '2008/09 Q3'],
        format: (n) => n.toFixed(1),
      }),
    ).toBe('NI 16 trend: 2008/09 Q1 3.1, 2008/09 Q2 no data, 2008/09 Q3 4.0')
  })

  it('labels the sparkline with those words, escaped', () => {
    const svg = sparkline({
      label: 'L <1> trend',
      values: [1, 2],
      labels: ['2008/09 Q1', '2008/09 Q2'],
      format: (n) => `${n}%`,
    })
    expect(svg).toContain('aria-label="L &lt;1&gt; trend: 2008/09 Q1 1%, 2008/09 Q2 2%"')
    expect(svg).toMatch(/role="img"/)
  })

  it('draws a single figure as a dot', () => {
    const svg = sparkline({ label: 'One', values: [null, 5] })
    expect(svg).not.toContain('<polyline')
    expect(svg).toContain('<circle')
  })
})
