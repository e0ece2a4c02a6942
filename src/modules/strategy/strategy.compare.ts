import { compareRefs } from './strategy-tree.ts'
import type { NodeKind } from './strategy.queries.ts'

/** A node as compared across versions: everything that makes it "the same" or "changed". */
export interface ComparableNode {
  key: string
  ref: string
  kind: NodeKind
  title: string
  statement: string | null
  rationale: string | null
  /** Reference of the parent, or null for a theme. */
  parentRef: string | null
  tags: string[]
  /** References of linked outcomes. */
  links: string[]
}

export interface Change {
  field: string
  before: string | null
  after: string | null
}

export interface Comparison {
  added: { key: string; ref: string; title: string; kind: NodeKind }[]
  removed: { key: string; ref: string; title: string; kind: NodeKind }[]
  changed: { key: string; ref: string; title: string; kind: NodeKind; changes: Change[] }[]
}

const list = (xs: string[]) => (xs.length ? [...xs].sort((a, b) => a.localeCompare(b)).join('; ') : null)

/** Fields compared, in the order changes are reported. */
const fields: [string, (n: ComparableNode) => string | null][] = [
  ['ref', (n) => n.ref],
  ['kind', (n) => n.kind],
  ['parent', (n) => n.parentRef],
  ['title', (n) => n.title],
  ['statement', (n) => n.statement],
  ['rationale', (n) => n.rationale],
  ['tags', (n) => list(n.tags)],
  ['links', (n) => (n.links.length ? [...n.links].sort(compareRefs).join('; ') : null)],
]

/**
 * Compare two versions node by node, matching on `key` (so a renumbered outcome is "changed",
 * not removed and added). Results are in reference order; a changed node is listed under its
 * new reference.
 */
export function compareVersions(before: ComparableNode[], after: ComparableNode[]): Comparison {
  const old = new Map(before.map((n) => [n.key, n]))
  const now = new Map(after.map((n) => [n.key, n]))
  const brief = (n: ComparableNode) => ({ key: n.key, ref: n.ref, title: n.title, kind: n.kind })
  const byRef = (a: { ref: string }, b: { ref: string }) => compareRefs(a.ref, b.ref)

  const added = after
    .filter((n) => !old.has(n.key))
    .map(brief)
    .sort(byRef)
  const removed = before
    .filter((n) => !now.has(n.key))
    .map(brief)
    .sort(byRef)
  const changed: Comparison['changed'] = []
  for (const n of after) {
    const o = old.get(n.key)
    if (!o) continue
    const changes: Change[] = []
    for (const [field, get] of fields) {
      const b = get(o)
      const a = get(n)
      if ((b ?? '') !== (a ?? '')) changes.push({ field, before: b, after: a })
    }
    if (changes.length) changed.push({ ...brief(n), changes })
  }
  changed.sort(byRef)
  return { added, removed, changed }
}
