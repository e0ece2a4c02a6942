import { describe, expect, it } from 'vitest'
import { axisLabels, escapeXml, lineChart, niceTicks } from './line-chart.ts'

describe('niceTicks', () => {
  it('covers the range with round steps', () => {
    expect(niceTicks(19, 23)).toEqual([19, 20, 21, 22, 23])
    expect(niceTicks(0, 97)).toEqual([0, 50, 100])
    const t = niceTicks(20.3, 21.6)
    expect(t[0]).toBeLessThanOrEqual(20.3)
    expect(t[t.length - 1]).toBeGreaterThanOrEqual(21.6)
    expect(niceTicks(5, 5)).toEqual([4.5, 5, 5.5])
  })
})

describe('lineChart', () => {
  const svg = lineChart({
    id: 'traj',
    title: 'NI 19 <trajectory>',
    description: 'Target falls from 21.6% to 20.3%',
    labels: ['2007/08', '2008/09', '2009/10'],
    series: [
      {
        name: 'Target',
        kind: 'target',
        points: [
          { x: 1, value: 20.5 },
          { x: 2, value: 20.3 },
        ],
      },
      { name: 'Baseline', kind: 'reference', points: [{ x: 0, value: 21.6 }] },
    ],
    format: (n) => `${n}%`,
  })

  it('is one labelled image to assistive technology', () => {
    expect(svg).toMatch(/^<svg [^>]*role="img" aria-labelledby="traj-title traj-desc"/)
    expect(svg).toContain('<title id="traj-title">NI 19 &lt;trajectory&gt;</title>')
    expect(svg).toContain('<desc id="traj-desc">Target falls from 21.6% to 20.3%</desc>')
  })

  it('draws lines, markers, labels and a legend without inline styles', () => {
    expect(svg).toContain('gt-chart__line--target')
    expect(svg.match(/<rect /g)).toHaveLength(3) // two points and the legend sample
    expect(svg).toContain('>2009/10</text>')
    expect(svg).toContain('>Baseline</text>')
    expect(svg).not.toMatch(/style=/)
  })

  it('escapes text', () => {
    expect(escapeXml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;')
  })
})

describe('axis ticks', () => {
  it('give the tick format the decimal places the step needs, so no two ticks read alike', () => {
    const seen: number[] = []
    const svg = lineChart({
      id: 'ticks',
      title: 'Counts',
      description: 'Two counts',
      labels: ['Q1', 'Q2'],
      series: [
        {
          name: 'Actual',
          kind: 'actual',
          points: [
            { x: 0, value: 5 },
            { x: 1, value: 5 },
          ],
        },
      ],
      tickFormat: (n, d) => (seen.push(d), n.toFixed(d)),
    })
    expect(seen.every((d) => d === 1)).toBe(true)
    expect(svg).toContain('>4.5<')
    expect(svg).toContain('>5.5<')
  })
})

describe('lineChart labels', () => {
  it('leaves room for long tick labels on the left and the last period label on the right', () => {
    const svg = lineChart({
      id: 'ytd',
      title: 'NI 16',
      description: 'Year to date',
      labels: ['2008/09 Q1', '2010/11 Q4'],
      format: (n) => `${n.toFixed(1)} per 1,000`,
      series: [
        {
          name: 'Year to date',
          kind: 'actual',
          points: [
            { x: 0, value: 3.8 },
            { x: 1, value: 16.2 },
          ],
        },
      ],
    })
    const width = 640
    const ticks = [...svg.matchAll(/class="gt-chart__tick" x="([\d.]+)"[^>]*>([^<]+)</g)]
    expect(ticks.length).toBeGreaterThan(1)
    // Right-aligned at x: the text starts about 7.5 px per character to its left, inside the picture.
    for (const [, x, text] of ticks) expect(Number(x) - text!.length * 7.5).toBeGreaterThanOrEqual(0)
    const labels = [...svg.matchAll(/class="gt-chart__label" x="([\d.]+)"[^>]*>([^<]+)</g)]
    const [, lastX, last] = labels[labels.length - 1]!
    expect(Number(lastX) + (last!.length * 7.5) / 2).toBeLessThanOrEqual(width)
  })
})

describe('the lines around a target', () => {
  const series = [
    { name: 'Actual', kind: 'actual' as const, points: [0, 1, 2].map((x) => ({ x, value: 20 + x })) },
    { name: 'Target', kind: 'target' as const, points: [0, 1, 2].map((x) => ({ x, value: 21 + x })) },
    { name: 'Amber limit', kind: 'limit' as const, points: [0, 1, 2].map((x) => ({ x, value: 19.5 + x })) },
    { name: 'Baseline', kind: 'baseline' as const, points: [0, 2].map((x) => ({ x, value: 20 })) },
    { name: 'Forecast', kind: 'forecast' as const, points: [{ x: 2, value: 22.2 }] },
  ]
  const svg = lineChart({
    id: 'five',
    title: 'Five',
    description: 'Five lines',
    labels: ['Q1', 'Q2', 'Q3'],
    series,
  })

  it('draws the amber limit, baseline and forecast each in its own colour, dash and marker', () => {
    const styleOf = (kind: string) => {
      const line = new RegExp(
        `gt-chart__line--${kind}" points="[^"]*" fill="none" stroke="([^"]+)" stroke-width="3"(?: stroke-dasharray="([^"]+)")?`,
      ).exec(svg)
      const point = new RegExp(`<(\\w+) class="gt-chart__point gt-chart__point--${kind}"`).exec(svg)
      return `${line?.[1]}|${line?.[2]}|${point?.[1]}`
    }
    const styles = ['actual', 'target', 'limit', 'baseline'].map(styleOf)
    expect(new Set(styles).size).toBe(4)
    expect(svg).toContain('gt-chart__point--forecast')
  })

  it('names every line beside its last point, the labels apart from each other', () => {
    const labels = [
      ...svg.matchAll(
        /class="gt-chart__direct gt-chart__direct--\w+" x="[\d.]+" y="([\d.]+)"[^>]*>([^<]+)</g,
      ),
    ]
    expect(labels.map((m) => m[2]).sort()).toEqual([
      'Actual',
      'Amber limit',
      'Baseline',
      'Forecast',
      'Target',
    ])
    const ys = labels.map((m) => Number(m[1])).sort((a, b) => a - b)
    for (let i = 1; i < ys.length; i++) expect(ys[i]! - ys[i - 1]!).toBeGreaterThanOrEqual(15)
  })

  it('wraps the legend inside the chart', () => {
    const xs = [...svg.matchAll(/<g class="gt-chart__legend">(.*)<\/g>/g)][0]![1]!
    const right = Math.max(...[...xs.matchAll(/<line x1="[\d.]+" x2="([\d.]+)"/g)].map((m) => Number(m[1])))
    expect(right).toBeLessThan(640)
  })
})

describe('x-axis labels that never overlap', () => {
  const quarters = ['2008/09', '2009/10', '2010/11'].flatMap((y) => [1, 2, 3, 4].map((q) => `${y} Q${q}`))
  /** Each drawn label's left and right edge, at `spacing` px apart, 7.5 px a character. */
  const edges = (a: ReturnType<typeof axisLabels>, spacing: number) =>
    a.shown.map((i) => {
      const w = Math.max(...a.lines[i]!.map((l) => l.length)) * 7.5
      return [i * spacing - w / 2, i * spacing + w / 2] as const
    })
  const apart = (a: ReturnType<typeof axisLabels>, spacing: number) =>
    edges(a, spacing).every(([left], k, all) => k === 0 || left >= all[k - 1]![1])

  it('draws every label on one line when they fit', () => {
    const a = axisLabels(quarters.slice(0, 8), 107)
    expect(a.shown).toEqual([0, 1, 2, 3, 4, 5, 6, 7])
    expect(a.lines[0]).toEqual(['2008/09 Q1'])
  })

  it('splits twelve quarters in two lines when that lets every one show', () => {
    const a = axisLabels(quarters, 68)
    expect(a.shown).toHaveLength(12)
    expect(a.lines[2]).toEqual(['2008/09', 'Q3'])
    expect(apart(a, 68)).toBe(true)
  })

  it('draws every kth label where even two lines would overlap, always the first and the last', () => {
    for (const spacing of [20, 31, 45, 59]) {
      const a = axisLabels(quarters, spacing)
      expect(a.shown[0], `${spacing}`).toBe(0)
      expect(a.shown.at(-1), `${spacing}`).toBe(11)
      expect(a.shown.length, `${spacing}`).toBeLessThan(12)
      expect(apart(a, spacing), `${spacing}: ${a.shown.join(',')}`).toBe(true)
    }
    // Labels without a space (months) thin out on one line.
    const months = Array.from(
      { length: 24 },
      (_, i) =>
        `20${String(8 + Math.floor(i / 12)).padStart(2, '0')}-${String((i % 12) + 1).padStart(2, '0')}`,
    )
    const m = axisLabels(months, 30)
    expect(m.lines.every((l) => l.length === 1)).toBe(true)
    expect(m.shown[0]).toBe(0)
    expect(m.shown.at(-1)).toBe(23)
    expect(apart(m, 30)).toBe(true)
  })

  it('draws twelve quarters apart on the public and dashboard charts (960 px), the table keeping all', () => {
    const svg = lineChart({
      id: 'twelve',
      title: 'Twelve quarters',
      description: 'Three years',
      labels: quarters,
      width: 960,
      series: [
        { name: 'Approved figure', kind: 'actual', points: quarters.map((_, x) => ({ x, value: 10 + x })) },
        { name: 'Target', kind: 'target', points: quarters.map((_, x) => ({ x, value: 12 + x })) },
      ],
    })
    const labels = [...svg.matchAll(/<text class="gt-chart__label" x="([\d.]+)"[^>]*>(.*?)<\/text>/g)]
    expect(labels).toHaveLength(12)
    const xs = labels.map((m) => Number(m[1]))
    const widest = Math.max(
      ...labels.flatMap((m) => [...m[2]!.matchAll(/>([^<]+)</g)].map((t) => t[1]!.length)),
    )
    for (let i = 1; i < xs.length; i++) expect(xs[i]! - xs[i - 1]!).toBeGreaterThanOrEqual(widest * 7.5)
    expect(labels[0]![2]).toContain('<tspan')
  })
})
