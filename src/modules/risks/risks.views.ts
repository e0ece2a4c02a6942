import type { DbOrTx } from '../../db/client.ts'
import { ukDate } from '../../lib/clock.ts'
import type { StrategyService } from '../strategy/strategy.service.ts'
import * as q from './risks.queries.ts'
import type { Trend } from './risks.schema.ts'

/** A risk as the register shows it: names, level, trend, appetite and whether its review is overdue. */
export interface RiskView extends q.RiskWithNames {
  level: 'partnership' | 'outcome' | 'target'
  subject: string | null
  subjectLabel: string | null
  /** The outcome's ref in the current strategy (outcome-level risks). */
  outcomeRef: string | null
  score: number
  inherentScore: number | null
  targetScore: number | null
  trend: Trend
  appetite: number | null
  aboveAppetite: boolean
  reviewOverdue: boolean
  reviews: q.ReviewRow[]
}

const product = (l: number | null, i: number | null) => (l === null || i === null ? null : l * i)

/** The current score against the previous review's. */
export function trendOf(reviews: { likelihood: number; impact: number }[]): Trend {
  if (reviews.length < 2) return 'new'
  const last = reviews[reviews.length - 1]!
  const before = reviews[reviews.length - 2]!
  const a = last.likelihood * last.impact
  const b = before.likelihood * before.impact
  return a > b ? 'rising' : a < b ? 'falling' : 'steady'
}

/**
 * The register's risks (or those named) with their names, level, trend, appetite and reviews.
 * With `at` (reports): the risks live then, each with the reviews made by then and the scores,
 * controls and status of the last of them (a review keeps those); overdue against that day.
 */
export async function loadRiskViews(
  tx: DbOrTx,
  deps: { strategy: Pick<StrategyService, 'findCurrentNodes'> },
  today: () => string,
  partnershipId: string,
  ids?: string[],
  at?: Date,
): Promise<RiskView[]> {
  const [rows, nodes, appetites] = await Promise.all([
    q.listRisks(tx, partnershipId, { ...(ids ? { ids } : {}), ...(at ? { at } : {}) }),
    deps.strategy.findCurrentNodes(tx, partnershipId),
    q.listAppetites(tx, partnershipId),
  ])
  const reviews = (
    await q.reviewsOf(
      tx,
      rows.map((r) => r.id),
    )
  ).filter((r) => !at || r.reviewedAt <= at)
  const byRisk = new Map<string, q.ReviewRow[]>()
  for (const r of reviews) byRisk.set(r.riskId, [...(byRisk.get(r.riskId) ?? []), r])
  const nodeByKey = new Map(nodes.map((n) => [n.key, n]))
  const appetite = new Map(appetites.map((a) => [a.category.toLowerCase(), a.maxScore]))
  const now = at ? ukDate(at) : today()
  return rows.map((row) => {
    const own = byRisk.get(row.id) ?? []
    const then = at ? own[own.length - 1] : undefined
    const r = then
      ? {
          ...row,
          likelihood: then.likelihood,
          impact: then.impact,
          controls: then.controls,
          status: then.status,
        }
      : row
    const node = r.outcomeKey ? nodeByKey.get(r.outcomeKey) : undefined
    const score = r.likelihood * r.impact
    const max = r.category ? (appetite.get(r.category.toLowerCase()) ?? null) : null
    return {
      ...r,
      level: r.targetId ? 'target' : r.outcomeKey ? 'outcome' : 'partnership',
      subject: r.targetId ? `target:${r.targetId}` : r.outcomeKey ? `outcome:${r.outcomeKey}` : null,
      subjectLabel: r.targetId
        ? `${r.indicatorCode} ${r.indicatorTitle}`
        : r.outcomeKey
          ? node
            ? `${node.ref} ${node.title}`
            : 'An outcome no longer in the current strategy'
          : null,
      outcomeRef: node?.ref ?? null,
      score,
      inherentScore: product(r.inherentLikelihood, r.inherentImpact),
      targetScore: product(r.targetLikelihood, r.targetImpact),
      trend: trendOf(own),
      appetite: max,
      aboveAppetite: r.status === 'open' && max !== null && score > max,
      reviewOverdue: r.status === 'open' && !!r.reviewOn && r.reviewOn < now,
      reviews: own,
    } satisfies RiskView
  })
}

/** Open risks in each cell of the 5 × 5 matrix (likelihood 5 to 1, impact 1 to 5), by current score. */
export function heatMapOf(risks: RiskView[]) {
  const open = risks.filter((r) => r.status === 'open')
  const cells: { likelihood: number; impact: number; score: number; risks: RiskView[] }[] = []
  for (let l = 5; l >= 1; l--)
    for (let i = 1; i <= 5; i++)
      cells.push({
        likelihood: l,
        impact: i,
        score: l * i,
        risks: open.filter((r) => r.likelihood === l && r.impact === i),
      })
  return { cells, total: open.length }
}
