import { z } from 'zod'
import type { Db } from '../../db/client.ts'
import { sumPence } from '../../lib/money.ts'
import { financialYearOf, yearLabel } from '../../periods/index.ts'
import type { Actor } from '../auth/actor.ts'
import { authorize } from '../auth/policy.ts'
import type { MoneyDeps } from './money.deps.ts'
import { parseInput } from './money.input.ts'
import { moneyPolicy } from './money.policy.ts'
import * as q from './money.spend.queries.ts'
import { yearField } from './money.spend.schema.ts'

/**
 * Split `total` pence in proportion to `weights` (whole pence, largest remainder), so the parts
 * add up to the total exactly; with no weight at all, evenly with the remainder in the last part.
 */
export function apportion(total: number, weights: readonly number[]): number[] {
  if (weights.length === 0) return []
  const sign = total < 0 ? -1 : 1
  const abs = BigInt(Math.abs(total))
  const w = weights.map((x) => BigInt(Math.max(0, x)))
  const W = w.reduce((s, x) => s + x, 0n)
  if (W === 0n) {
    const each = abs / BigInt(weights.length)
    const parts = weights.map(() => each)
    parts[parts.length - 1] = abs - each * BigInt(weights.length - 1)
    return parts.map((p) => sign * Number(p))
  }
  const parts = w.map((x) => (abs * x) / W)
  let left = abs - parts.reduce((s, x) => s + x, 0n)
  const byRemainder = w
    .map((x, i) => ({ i, r: (abs * x) % W }))
    .sort((a, b) => (b.r > a.r ? 1 : b.r < a.r ? -1 : a.i - b.i))
  for (const { i } of byRemainder) {
    if (left === 0n) break
    parts[i]! += 1n
    left -= 1n
  }
  return parts.map((p) => sign * Number(p))
}

const vfmQuery = z.object({ year: yearField.optional() })

interface Money {
  allocatedPence: number
  /** Latest approved actual spend to date, attributed to allocations in proportion to their amounts. */
  actualPence: number
}
const add = (a: Money, b: Money): Money => ({
  allocatedPence: sumPence([a.allocatedPence, b.allocatedPence]),
  actualPence: sumPence([a.actualPence, b.actualPence]),
})
const none = (): Money => ({ allocatedPence: 0, actualPence: 0 })

/**
 * Value for money (#15 §6): spend per target and per outcome beside the target's status and trend
 * (the dashboard's lines, as at now). Spend is each first-level allocation's amount and the
 * recipient's latest approved actual to date for its stream and year, shared across the recipient's
 * allocations from that stream in that year in proportion to their amounts (returns are per stream
 * and recipient, not per allocation). An outcome's money is what is allocated to it directly and to
 * the targets that serve it. Money paying for an action or for nothing linked, and approved spend
 * with no allocation to share it over, are shown apart, so direct amounts add up to the totals.
 */
export function createVfmUseCases(db: Db, deps: Pick<MoneyDeps, 'dashboard' | 'strategy'>) {
  return {
    async valueForMoney(actor: Actor, partnershipId: string, raw: { year?: string } = {}) {
      authorize(moneyPolicy.read, actor, partnershipId)
      const { year } = parseInput(vfmQuery, raw)
      const { lines } = await deps.dashboard.lines(actor, partnershipId, {})
      const nodes = await deps.strategy.findCurrentNodes(db, partnershipId)
      const allocs = await q.firstLevelAllocations(db, partnershipId, year ? { year } : {})
      const approved = await q.currentReturns(db, partnershipId, { status: 'approved' })
      const key = (streamId: string, recipientId: string, y: string) => `${streamId}|${recipientId}|${y}`
      const latest = new Map<string, number>()
      for (const r of approved) {
        const y = yearLabel(financialYearOf(r.period).year)
        if (!year || y === year) latest.set(key(r.streamId, r.recipientId, y), r.actualPence) // period order
      }
      const groups = new Map<string, q.AllocationRow[]>()
      for (const a of allocs) {
        const k = key(a.streamId, a.recipientId, a.year)
        groups.set(k, [...(groups.get(k) ?? []), a])
      }
      const money = new Map<string, Money>()
      for (const [k, group] of groups) {
        const shares = apportion(
          latest.get(k) ?? 0,
          group.map((a) => a.amountPence),
        )
        group.forEach((a, i) => money.set(a.id, { allocatedPence: a.amountPence, actualPence: shares[i]! }))
      }
      const unattributedPence = sumPence([...latest].filter(([k]) => !groups.has(k)).map(([, v]) => v))
      const sumOf = (list: q.AllocationRow[]) => list.reduce((m, a) => add(m, money.get(a.id)!), none())

      const targets = lines.map((l) => ({
        targetId: l.target.id,
        code: l.target.indicator.code,
        title: l.target.indicator.title,
        outcomeKeys: l.target.outcomeKeys,
        period: l.row?.period ?? null,
        status: l.row?.status ?? 'no-data',
        /** Direction of travel against the period before: improving | worsening | unchanged | n/a. */
        trend: l.row?.direction ?? 'n/a',
        ...sumOf(allocs.filter((a) => a.targetId === l.target.id)),
      }))
      const outcomes = nodes
        .map((n) => {
          const direct = sumOf(allocs.filter((a) => a.outcomeKey === n.key))
          const served = targets.filter((t) => t.outcomeKeys.includes(n.key))
          const viaTargets = served.reduce<Money>((m, t) => add(m, t), none())
          return {
            outcomeKey: n.key,
            ref: n.ref,
            title: n.title,
            kind: n.kind,
            direct,
            ...add(direct, viaTargets),
            targets: served.map((t) => ({
              targetId: t.targetId,
              code: t.code,
              status: t.status,
              trend: t.trend,
            })),
          }
        })
        .filter((o) => o.targets.length > 0 || o.direct.allocatedPence > 0 || o.direct.actualPence > 0)
      const linkedOutcome = new Set(nodes.map((n) => n.key))
      const linkedTarget = new Set(lines.map((l) => l.target.id))
      return {
        year: year ?? null,
        targets,
        outcomes,
        /** Paying for an action of a delivery plan. */
        actions: sumOf(allocs.filter((a) => a.actionId)),
        /** Paying for nothing linked, or for a target or outcome no longer live. */
        unlinked: sumOf(
          allocs.filter(
            (a) =>
              !a.actionId &&
              !(a.targetId && linkedTarget.has(a.targetId)) &&
              !(a.outcomeKey && linkedOutcome.has(a.outcomeKey)),
          ),
        ),
        /** Approved spend of a recipient with no allocation from that stream in that year. */
        unattributedPence,
        total: { ...sumOf(allocs), actualPence: sumPence([sumOf(allocs).actualPence, unattributedPence]) },
      }
    },
  }
}
