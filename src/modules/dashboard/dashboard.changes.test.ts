import { describe, expect, it } from 'vitest'
import { changesOf, classifyChange } from './dashboard.changes.ts'

const at = (status: string, period: string) => ({ status, period })
const target = (code: string, previous?: string, latest?: string) => ({
  targetId: code,
  code,
  title: null,
  previous: previous ? at(previous, '2008/09 Q1') : undefined,
  latest: latest ? at(latest, '2008/09 Q2') : undefined,
})

describe('what changed since the period before', () => {
  it('improves up the scale red → amber → green and slips down it', () => {
    expect(classifyChange(target('A', 'red', 'amber'))?.way).toBe('improved')
    expect(classifyChange(target('B', 'green', 'red'))?.way).toBe('slipped')
  })

  it('counts neither an unchanged status nor a move to or from no data', () => {
    expect(classifyChange(target('C', 'amber', 'amber'))).toBeNull()
    expect(classifyChange(target('D', 'no-data', 'green'))).toBeNull()
    expect(classifyChange(target('E', 'red', 'no-data'))).toBeNull()
    expect(classifyChange(target('F', undefined, 'green'))).toBeNull()
  })

  it('lists the biggest moves first (falls and rises), then by code', () => {
    const { slipped, improved } = changesOf([
      target('NI 20', 'amber', 'red'),
      target('NI 16', 'green', 'red'),
      target('NI 4', 'green', 'amber'),
      target('NI 39', 'red', 'green'),
      target('NI 5', 'amber', 'green'),
    ])
    expect(slipped.map((c) => c.code)).toEqual(['NI 16', 'NI 4', 'NI 20'])
    expect(improved.map((c) => c.code)).toEqual(['NI 39', 'NI 5'])
  })
})
