import { describe, expect, it } from 'vitest'
import { escapeXml, lineChart, niceTicks } from './line-chart.ts'

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
