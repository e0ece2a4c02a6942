import type { NodeKind } from './strategy.queries.ts'

export const nodeKinds = ['theme', 'outcome', 'sub_outcome'] as const satisfies readonly NodeKind[]

/** `1`, `1.7`, `1.7.2`, or letters for local schemes (`A`, `A.3`). */
export const REF_PATTERN = /^[0-9A-Za-z]+(\.[0-9A-Za-z]+)*$/

/** Natural order of references: 1.2 before 1.10, numbers before letters. */
export function compareRefs(a: string, b: string): number {
  const pa = a.split('.')
  const pb = b.split('.')
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i]
    const y = pb[i]
    if (x === undefined) return -1
    if (y === undefined) return 1
    const nx = /^\d+$/.test(x) ? Number(x) : NaN
    const ny = /^\d+$/.test(y) ? Number(y) : NaN
    if (!Number.isNaN(nx) && !Number.isNaN(ny)) {
      if (nx !== ny) return nx - ny
    } else if (!Number.isNaN(nx)) return -1
    else if (!Number.isNaN(ny)) return 1
    else if (x !== y) return x < y ? -1 : 1
  }
  return 0
}

/**
 * Which kinds a node of each kind may hang under. Themes are roots; outcomes sit in a theme;
 * sub-outcomes under an outcome or another sub-outcome, to any depth.
 */
export const allowedParents: Record<NodeKind, NodeKind[]> = {
  theme: [],
  outcome: ['theme'],
  sub_outcome: ['outcome', 'sub_outcome'],
}

/** "a theme", "an outcome". */
const aKind = (k: NodeKind) => `${/^[aeiou]/.test(kindLabel(k)) ? 'an' : 'a'} ${kindLabel(k)}`

/** Why a parent is wrong for a kind, or null when it is fine. */
export function parentProblem(kind: NodeKind, parentKind: NodeKind | null): string | null {
  const allowed = allowedParents[kind]
  const choices = allowed.map(aKind).join(' or ')
  if (parentKind === null)
    return allowed.length === 0 ? null : `${kindLabel(kind, true)} must sit under ${choices}`
  if (allowed.length === 0) return 'A theme cannot have a parent'
  if (!allowed.includes(parentKind))
    return `${kindLabel(kind, true)} cannot sit under ${aKind(parentKind)}: choose ${choices}`
  return null
}

export function kindLabel(kind: string, capital = false): string {
  const label =
    kind === 'theme'
      ? 'theme'
      : kind === 'outcome'
        ? 'outcome'
        : kind === 'sub_outcome'
          ? 'sub-outcome'
          : kind
  return capital ? label.charAt(0).toUpperCase() + label.slice(1) : label
}

export interface TreeInput {
  id: string
  parentId: string | null
  position: number
  ref: string
}

export type TreeNode<T> = T & { children: TreeNode<T>[]; depth: number }

/** Nest rows into a forest ordered by position, then reference. Orphans become roots. */
export function buildTree<T extends TreeInput>(rows: T[]): TreeNode<T>[] {
  const byId = new Map<string, TreeNode<T>>()
  for (const r of rows) byId.set(r.id, { ...r, children: [], depth: 0 })
  const roots: TreeNode<T>[] = []
  for (const n of byId.values()) {
    const parent = n.parentId ? byId.get(n.parentId) : undefined
    if (parent) parent.children.push(n)
    else roots.push(n)
  }
  const order = (a: TreeNode<T>, b: TreeNode<T>) => a.position - b.position || compareRefs(a.ref, b.ref)
  const walk = (list: TreeNode<T>[], depth: number) => {
    list.sort(order)
    for (const n of list) {
      n.depth = depth
      walk(n.children, depth + 1)
    }
  }
  walk(roots, 0)
  return roots
}

/** Depth-first, document order. */
export function flatten<T>(forest: TreeNode<T>[]): TreeNode<T>[] {
  const out: TreeNode<T>[] = []
  const walk = (list: TreeNode<T>[]) => {
    for (const n of list) {
      out.push(n)
      walk(n.children)
    }
  }
  walk(forest)
  return out
}

/** Ids of a node and all its descendants. */
export function subtreeIds(rows: { id: string; parentId: string | null }[], rootId: string): Set<string> {
  const children = new Map<string, string[]>()
  for (const r of rows) if (r.parentId) children.set(r.parentId, [...(children.get(r.parentId) ?? []), r.id])
  const out = new Set<string>()
  const stack = [rootId]
  while (stack.length) {
    const id = stack.pop()!
    if (out.has(id)) continue
    out.add(id)
    stack.push(...(children.get(id) ?? []))
  }
  return out
}

/** The theme a node belongs to (its root), following parents. */
export function rootOf(rows: Map<string, { id: string; parentId: string | null }>, id: string): string {
  let current = rows.get(id)
  const seen = new Set<string>()
  while (current?.parentId && !seen.has(current.id)) {
    seen.add(current.id)
    const parent = rows.get(current.parentId)
    if (!parent) break
    current = parent
  }
  return current?.id ?? id
}

/** The next free child reference under a parent: `1.7` → `1.7.3` when `.1` and `.2` exist. */
export function nextChildRef(parentRef: string | null, siblingRefs: string[], taken: Set<string>): string {
  const prefix = parentRef ? `${parentRef}.` : ''
  let n = 0
  for (const r of siblingRefs) {
    if (!r.startsWith(prefix)) continue
    const last = r.slice(prefix.length)
    if (/^\d+$/.test(last)) n = Math.max(n, Number(last))
  }
  let ref = `${prefix}${n + 1}`
  while (taken.has(ref)) ref = `${prefix}${++n + 1}`
  return ref
}
