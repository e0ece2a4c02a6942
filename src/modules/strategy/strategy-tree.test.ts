import { describe, expect, it } from 'vitest'
import { compareVersions, type ComparableNode } from './strategy.compare.ts'
import {
  buildTree,
  compareRefs,
  flatten,
  nextChildRef,
  parentProblem,
  rootOf,
  subtreeIds,
} from './strategy-tree.ts'

describe('references', () => {
  it('sort naturally', () => {
    expect(['1.10', '1.2', '2', '1', '1.2.1', 'A', '1.9'].sort(compareRefs)).toEqual([
      '1',
      '1.2',
      '1.2.1',
      '1.9',
      '1.10',
      '2',
      'A',
    ])
  })
  it('take the next free number under a parent', () => {
    expect(nextChildRef('1.7', ['1.7.1', '1.7.2'], new Set(['1.7.1', '1.7.2']))).toBe('1.7.3')
    expect(nextChildRef(null, ['1', '2', '7'], new Set(['1', '2', '7']))).toBe('8')
    expect(nextChildRef('2', [], new Set(['2.1']))).toBe('2.2')
  })
})

describe('kinds', () => {
  it('allow themes at the root, outcomes in themes and sub-outcomes at any depth', () => {
    expect(parentProblem('theme', null)).toBeNull()
    expect(parentProblem('outcome', 'theme')).toBeNull()
    expect(parentProblem('sub_outcome', 'outcome')).toBeNull()
    expect(parentProblem('sub_outcome', 'sub_outcome')).toBeNull()
    expect(parentProblem('theme', 'theme')).toBe('A theme cannot have a parent')
    expect(parentProblem('outcome', null)).toBe('Outcome must sit under a theme')
    expect(parentProblem('outcome', 'outcome')).toBe('Outcome cannot sit under an outcome: choose a theme')
    expect(parentProblem('sub_outcome', 'theme')).toBe(
      'Sub-outcome cannot sit under a theme: choose an outcome or a sub-outcome',
    )
  })
})

describe('trees', () => {
  const rows = [
    { id: 'b', parentId: null, position: 1, ref: '2' },
    { id: 'a', parentId: null, position: 0, ref: '1' },
    { id: 'a2', parentId: 'a', position: 0, ref: '1.10' },
    { id: 'a1', parentId: 'a', position: 0, ref: '1.2' },
    { id: 'a11', parentId: 'a1', position: 0, ref: '1.2.1' },
  ]
  it('nest by position then reference, depth first', () => {
    expect(flatten(buildTree(rows)).map((n) => [n.ref, n.depth])).toEqual([
      ['1', 0],
      ['1.2', 1],
      ['1.2.1', 2],
      ['1.10', 1],
      ['2', 0],
    ])
  })
  it('find subtrees and roots', () => {
    expect([...subtreeIds(rows, 'a')].sort()).toEqual(['a', 'a1', 'a11', 'a2'])
    expect(rootOf(new Map(rows.map((r) => [r.id, r])), 'a11')).toBe('a')
  })
})

describe('comparing versions', () => {
  const node = (o: Partial<ComparableNode> & { key: string; ref: string }): ComparableNode => ({
    kind: 'outcome',
    title: o.ref,
    statement: null,
    rationale: null,
    parentRef: '1',
    tags: [],
    links: [],
    ...o,
  })
  it('matches on key, so renumbering is a change, not a removal', () => {
    const before = [
      node({ key: 'k1', ref: '1.1', title: 'Same', tags: ['B', 'A'] }),
      node({ key: 'k2', ref: '1.2' }),
    ]
    const after = [
      node({ key: 'k1', ref: '1.3', title: 'Same', tags: ['A', 'B'] }),
      node({ key: 'k3', ref: '1.1', title: 'New' }),
    ]
    expect(compareVersions(before, after)).toEqual({
      added: [{ key: 'k3', ref: '1.1', title: 'New', kind: 'outcome' }],
      removed: [{ key: 'k2', ref: '1.2', title: '1.2', kind: 'outcome' }],
      changed: [
        {
          key: 'k1',
          ref: '1.3',
          title: 'Same',
          kind: 'outcome',
          changes: [{ field: 'ref', before: '1.1', after: '1.3' }],
        },
      ],
    })
  })
})
