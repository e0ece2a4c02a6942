import { describe, expect, it } from 'vitest'
import { computeCoverage, type CoverageNode, type CoverageTarget } from './coverage.ts'

const node = (ref: string, kind: string, parent?: string): CoverageNode => ({
  key: `k${ref}`,
  id: `i${ref}`,
  ref,
  kind,
  title: `Node ${ref}`,
  parentId: parent ? `i${parent}` : null,
})

const target = (code: string, kind: string, status: string, refs: string[]): CoverageTarget => ({
  id: code,
  code,
  title: null,
  kind,
  status,
  outcomeKeys: refs.map((r) => `k${r}`),
})

describe('computeCoverage', () => {
  const nodes = [
    node('1', 'theme'),
    node('1.1', 'outcome', '1'),
    node('1.2', 'outcome', '1'),
    node('1.2.1', 'sub_outcome', '1.2'),
    node('1.10', 'outcome', '1'),
  ]

  it('counts by kind and status, credits parents and lists the gaps', () => {
    const c = computeCoverage(nodes, [
      target('NI 2', 'designated', 'agreed', ['1.1']),
      target('NI 10', 'local', 'placeholder', ['1.2.1']),
      target('NI 19', 'reward', 'agreed', []),
    ])
    expect(c.byKind).toEqual({ designated: 1, mandatory: 0, local: 1, reward: 1 })
    expect(c.byStatus).toEqual({ proposed: 0, negotiating: 0, agreed: 2, placeholder: 1 })
    expect(c.matrix.designated.agreed).toBe(1)
    expect(c.outcomes).toMatchObject({ total: 3, covered: 2 })
    expect(c.outcomes.withoutTargets.map((o) => o.ref)).toEqual(['1.10'])
    expect(c.nodes.map((n) => n.ref)).toEqual(['1', '1.1', '1.2', '1.2.1', '1.10'])
    expect(c.nodes.find((n) => n.ref === '1')!.targets.map((t) => t.code)).toEqual(['NI 2', 'NI 10'])
    expect(c.nodes.find((n) => n.ref === '1.2')!.direct).toBe(0)
    expect(c.targetsWithoutOutcome.map((t) => t.code)).toEqual(['NI 19'])
    expect(c.designated).toEqual({ count: 1, limit: 35, withinLimit: true })
  })

  it('flags links to outcomes no longer in the strategy', () => {
    const c = computeCoverage(nodes, [target('NI 5', 'local', 'proposed', ['9.9'])])
    expect(c.targetsWithStaleLinks.map((t) => t.code)).toEqual(['NI 5'])
  })
})
