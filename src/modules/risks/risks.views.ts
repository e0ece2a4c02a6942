import type { DbOrTx } from '../../db/client.ts'
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

/** The register's risks (or those named) with their names, level, trend, appetite and reviews. */
export async function loadRiskViews(
  tx: DbOrTx,
  deps: { strategy: Pick<StrategyService, 'findCurrentNodes'> },
  today: () => string,
  partnershipId: string,
  ids?: string[],
): Promise<RiskView[]> {
  const [rows, nodes, appetites] = await Promise.all([
    q.listRisks(tx, partnershipId, ids ? { ids } : {}),
    deps.strategy.findCurrentNodes(tx, partnershipId),
    q.listAppetites(tx, partnershipId),
  ])
  const reviews = await q.reviewsOf(
    tx,
    rows.map((r) => r.id),
  )
  const byRisk = new Map<string, q.ReviewRow[]>()
  for (const r of reviews) byRisk.set(r.riskId, [...(byRisk.get(r.riskId) ?? []), r])
  const nodeByKey = new Map(nodes.map((n) => [n.key, n]))
  const appetite = new Map(appetites.map((a) => [a.category.toLowerCase(), a.maxScore]))
  const now = today()
  return rows.map((r) => {
    const node = r.outcomeKey ? nodeByKey.get(r.outcomeKey) : undefined
    const score = r.likelihood * r.impact
    const max = r.category ? (appetite.get(r.category.toLowerCase()) ?? null) : null
    const own = byRisk.get(r.id) ?? []
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
