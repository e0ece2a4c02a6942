import type { DbOrTx } from '../../db/client.ts'
import * as aq from './money.allocations.queries.ts'
import type { MoneyDeps } from './money.deps.ts'

/** What an allocation pays for, named: a target (by indicator), an outcome of the strategy, or an action. */
export interface PaysFor {
  kind: 'target' | 'outcome' | 'action'
  id: string
  label: string
  /** Where it is shown (null when it no longer exists, e.g. an outcome left out of a new strategy). */
  path: string | null
}

export interface AllocationView extends aq.AllocationWithNames {
  paysFor: PaysFor | null
  /** An onward allocation with nothing of its own pays for what its first-level allocation pays for. */
  inheritedPaysFor: boolean
}

/** Name what each allocation pays for, in one read per kind (actions one by one: there are few). */
export async function withPaysFor(
  tx: DbOrTx,
  deps: Pick<MoneyDeps, 'strategy' | 'delivery'>,
  partnershipId: string,
  rows: aq.AllocationWithNames[],
  all: aq.AllocationWithNames[] = rows,
): Promise<AllocationView[]> {
  const targets = rows.some((r) => r.targetId) ? await aq.targetNames(tx, partnershipId) : []
  const nodes = all.some((r) => r.outcomeKey) ? await deps.strategy.findCurrentNodes(tx, partnershipId) : []
  const actions = new Map<string, { label: string; path: string } | null>()
  for (const r of all)
    if (r.actionId && !actions.has(r.actionId))
      actions.set(r.actionId, await deps.delivery.actionSubject(tx, partnershipId, r.actionId))
  const targetById = new Map(targets.map((t) => [t.id, t]))
  const nodeByKey = new Map(nodes.map((n) => [n.key, n]))
  const own = (r: aq.AllocationWithNames): PaysFor | null => {
    if (r.targetId) {
      const t = targetById.get(r.targetId)
      return {
        kind: 'target',
        id: r.targetId,
        label: t ? `${t.code} ${t.title}` : 'A target no longer in the agreement',
        path: t ? `/targets/${t.id}` : null,
      }
    }
    if (r.outcomeKey) {
      const n = nodeByKey.get(r.outcomeKey)
      return {
        kind: 'outcome',
        id: r.outcomeKey,
        label: n ? `${n.ref} ${n.title}` : 'An outcome not in the current strategy',
        path: n ? `/strategy/nodes/${n.id}` : null,
      }
    }
    if (r.actionId) {
      const a = actions.get(r.actionId)
      return {
        kind: 'action',
        id: r.actionId,
        label: a?.label ?? 'An archived action',
        path: a?.path ?? null,
      }
    }
    return null
  }
  const byId = new Map(all.map((r) => [r.id, r]))
  return rows.map((r) => {
    const mine = own(r)
    if (mine || !r.parentAllocationId) return { ...r, paysFor: mine, inheritedPaysFor: false }
    // Up the chain of onward allocations to the first that pays for something.
    let cur = byId.get(r.parentAllocationId)
    for (let i = 0; cur && i < all.length; i++) {
      const theirs = own(cur)
      if (theirs) return { ...r, paysFor: theirs, inheritedPaysFor: true }
      cur = cur.parentAllocationId ? byId.get(cur.parentAllocationId) : undefined
    }
    return { ...r, paysFor: null, inheritedPaysFor: false }
  })
}
