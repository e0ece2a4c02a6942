import type { ReviewRow, RiskView } from './risks.service.ts'
import { bandOf, impactDescriptors, likelihoodDescriptors, scale, type RiskStatus } from './risks.schema.ts'

const scores = (l: number | null, i: number | null) =>
  l === null || i === null ? null : { likelihood: l, impact: i, score: l * i, band: bandOf(l * i).id }

export function presentReview(r: ReviewRow) {
  return {
    id: r.id,
    reviewedAt: r.reviewedAt.toISOString(),
    reviewedBy: r.reviewedBy,
    likelihood: r.likelihood,
    impact: r.impact,
    score: r.likelihood * r.impact,
    controls: r.controls,
    status: r.status as RiskStatus,
    note: r.note,
  }
}

export function presentRisk(r: RiskView) {
  return {
    id: r.id,
    ref: r.ref,
    title: r.title,
    description: r.description,
    level: r.level,
    subject: r.subject,
    subjectLabel: r.subjectLabel,
    category: r.category,
    ownerPersonId: r.ownerPersonId,
    ownerName: r.ownerName,
    controls: r.controls,
    inherent: scores(r.inherentLikelihood, r.inherentImpact),
    current: scores(r.likelihood, r.impact)!,
    target: scores(r.targetLikelihood, r.targetImpact),
    reviewOn: r.reviewOn,
    reviewOverdue: r.reviewOverdue,
    status: r.status as RiskStatus,
    trend: r.trend,
    appetite: r.appetite,
    aboveAppetite: r.aboveAppetite,
    workshopId: r.workshopId,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  }
}

export const presentRiskWithReviews = (r: RiskView) => ({
  ...presentRisk(r),
  reviews: r.reviews.map(presentReview),
})

/** The descriptors of both axes, as lists (forms, the heat map and the API). */
export const descriptors = {
  likelihood: scale.map((v) => ({ value: v, ...likelihoodDescriptors[v] })),
  impact: scale.map((v) => ({ value: v, ...impactDescriptors[v] })),
}

export function presentHeatMap(map: {
  cells: { likelihood: number; impact: number; score: number; risks: RiskView[] }[]
}) {
  return {
    cells: map.cells.map((c) => ({
      likelihood: c.likelihood,
      impact: c.impact,
      score: c.score,
      band: bandOf(c.score).id,
      risks: c.risks.map((r) => ({ id: r.id, ref: r.ref, title: r.title })),
    })),
    ...descriptors,
  }
}
