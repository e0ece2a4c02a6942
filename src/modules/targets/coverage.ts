/**
 * Coverage of an agreement (003 §2, §5): targets by kind and status, which outcomes have no
 * target, which targets serve no outcome, and the designated limit. Pure: the service feeds it.
 */
import {
  DESIGNATED_LIMIT,
  targetKinds,
  targetStatuses,
  type TargetKind,
  type TargetStatus,
} from './targets.schema.ts'

export interface CoverageNode {
  key: string
  id: string
  ref: string
  kind: string
  title: string
  parentId: string | null
}

export interface CoverageTarget {
  id: string
  code: string
  title: string | null
  kind: string
  status: string
  outcomeKeys: string[]
}

const byRef = (a: { ref: string }, b: { ref: string }) => a.ref.localeCompare(b.ref, 'en', { numeric: true })

export function computeCoverage(nodes: CoverageNode[], targets: CoverageTarget[]) {
  const zero = <K extends string>(keys: readonly K[]) =>
    Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>
  const byKind = zero(targetKinds)
  const byStatus = zero(targetStatuses)
  const matrix = Object.fromEntries(targetKinds.map((k) => [k, zero(targetStatuses)])) as Record<
    TargetKind,
    Record<TargetStatus, number>
  >
  for (const t of targets) {
    const kind = t.kind as TargetKind
    const status = t.status as TargetStatus
    byKind[kind] = (byKind[kind] ?? 0) + 1
    byStatus[status] = (byStatus[status] ?? 0) + 1
    if (matrix[kind]) matrix[kind][status] = (matrix[kind][status] ?? 0) + 1
  }

  // A node is covered by targets linked to it or to any node beneath it.
  const byId = new Map(nodes.map((n) => [n.id, n]))
  const direct = new Map<string, CoverageTarget[]>()
  for (const t of targets) for (const k of t.outcomeKeys) direct.set(k, [...(direct.get(k) ?? []), t])
  const beneath = new Map<string, Set<CoverageTarget>>()
  for (const n of nodes) {
    const linked = direct.get(n.key) ?? []
    if (linked.length === 0) continue
    // Walk up from each linked node, crediting every ancestor.
    for (
      let cur: CoverageNode | undefined = n;
      cur;
      cur = cur.parentId ? byId.get(cur.parentId) : undefined
    ) {
      const set = beneath.get(cur.key) ?? new Set()
      for (const t of linked) set.add(t)
      beneath.set(cur.key, set)
    }
  }
  const rows = [...nodes].sort(byRef).map((n) => {
    const ts = [...(beneath.get(n.key) ?? [])].sort((a, b) =>
      a.code.localeCompare(b.code, 'en', { numeric: true }),
    )
    return {
      key: n.key,
      ref: n.ref,
      title: n.title,
      kind: n.kind,
      direct: (direct.get(n.key) ?? []).length,
      targets: ts.map((t) => ({ id: t.id, code: t.code, title: t.title, kind: t.kind, status: t.status })),
    }
  })
  const outcomes = rows.filter((r) => r.kind === 'outcome')
  const known = new Set(nodes.map((n) => n.key))
  return {
    total: targets.length,
    byKind,
    byStatus,
    matrix,
    designated: {
      count: byKind.designated,
      limit: DESIGNATED_LIMIT,
      withinLimit: byKind.designated <= DESIGNATED_LIMIT,
    },
    nodes: rows,
    outcomes: {
      total: outcomes.length,
      covered: outcomes.filter((o) => o.targets.length > 0).length,
      withoutTargets: outcomes.filter((o) => o.targets.length === 0),
    },
    targetsWithoutOutcome: targets
      .filter((t) => t.outcomeKeys.length === 0)
      .map((t) => ({ id: t.id, code: t.code, title: t.title, kind: t.kind, status: t.status })),
    /** Linked to outcomes no longer in the current strategy. */
    targetsWithStaleLinks: targets
      .filter((t) => t.outcomeKeys.some((k) => !known.has(k)))
      .map((t) => ({ id: t.id, code: t.code, title: t.title })),
  }
}

export type Coverage = ReturnType<typeof computeCoverage>
