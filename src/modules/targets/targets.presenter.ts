import { z } from 'zod'
import { iso } from '../partnerships/partnerships.presenter.ts'
import type { Coverage } from './coverage.ts'
import { targetKinds, targetStatuses, type TargetKind, type TargetStatus } from './targets.schema.ts'
import type { CommentRow, TargetVersionRow, TargetView, TrajectoryRow } from './targets.service.ts'

type OutcomeLink = { key: string; node?: { ref: string; title: string; kind: string } | undefined }

const outcomeDoc = z.object({
  key: z.uuid().describe('The outcome’s stable key across strategy versions'),
  ref: z.string().nullable().describe('Null when the outcome is no longer in the current strategy'),
  title: z.string().nullable(),
})

export const trajectoryRowDoc = z.object({
  period: z.string(),
  periodType: z.enum(['year', 'quarter', 'month']),
  placeGss: z.string().nullable().describe('Null: the target’s own place'),
  value: z.number(),
  recordedAt: z.string(),
})

export const versionDoc = z.object({
  version: z.number().int(),
  kind: z.enum(targetKinds),
  status: z.enum(targetStatuses),
  placeholderElements: z.string().nullable(),
  baseline: z.object({ period: z.string(), value: z.number() }).nullable(),
  tolerancePercent: z.number(),
  reward: z
    .object({ withoutRewardValue: z.number(), stretchValue: z.number(), rewardGrant: z.number() })
    .nullable(),
  notes: z.string().nullable(),
  published: z.boolean().describe('Shown on the public site'),
  revision: z
    .object({
      reason: z.string().nullable(),
      agreedBy: z.string().nullable(),
      agreedOn: z.string().nullable(),
    })
    .nullable()
    .describe('Set when this version revised an agreed target (the refresh)'),
  agreed: z.object({ by: z.string().nullable(), on: z.string().nullable() }).nullable(),
  recordedAt: z.string(),
  supersededAt: z.string().nullable(),
  recordedBy: z.string(),
})

export const targetDoc = versionDoc.extend({
  id: z.uuid(),
  agreementId: z.uuid(),
  indicator: z.object({
    id: z.uuid(),
    code: z.string(),
    title: z.string().nullable(),
    unit: z.string().nullable(),
    polarity: z.string().nullable(),
    frequency: z.string().nullable(),
  }),
  place: z
    .object({ gssCode: z.string(), name: z.string() })
    .nullable()
    .describe('Null: the partnership’s area'),
  outcomes: z.array(outcomeDoc),
  trajectory: z.array(trajectoryRowDoc).optional(),
  createdAt: z.string(),
  archivedAt: z.string().nullable(),
})

export const commentDoc = z.object({
  id: z.uuid(),
  kind: z.enum(['comment', 'evidence', 'agreed', 'revised']),
  body: z.string(),
  evidenceUrl: z.string().nullable(),
  authorName: z.string(),
  authorRole: z.string().nullable(),
  createdAt: z.string(),
})

export function presentVersion(v: TargetVersionRow) {
  return {
    version: v.version,
    kind: v.kind as TargetKind,
    status: v.status as TargetStatus,
    placeholderElements: v.placeholderElements,
    baseline:
      v.baselinePeriod && v.baselineValue !== null
        ? { period: v.baselinePeriod, value: v.baselineValue }
        : null,
    tolerancePercent: v.tolerancePercent,
    reward:
      v.withoutRewardValue !== null && v.stretchValue !== null && v.rewardGrant !== null
        ? {
            withoutRewardValue: v.withoutRewardValue,
            stretchValue: v.stretchValue,
            rewardGrant: v.rewardGrant,
          }
        : null,
    notes: v.notes,
    published: v.published,
    revision: v.isRevision ? { reason: v.reason, agreedBy: v.agreedBy, agreedOn: v.agreedOn } : null,
    agreed: v.status === 'agreed' ? { by: v.agreedBy, on: v.agreedOn } : null,
    recordedAt: v.recordedAt.toISOString(),
    supersededAt: iso(v.supersededAt),
    recordedBy: v.recordedBy,
  }
}

export function presentTrajectoryRow(r: TrajectoryRow) {
  return {
    period: r.period,
    periodType: r.periodType as 'year',
    placeGss: r.placeId ? r.placeGss : null,
    value: r.value,
    recordedAt: r.recordedAt.toISOString(),
  }
}

export function presentTarget(v: TargetView & { outcomes: OutcomeLink[]; trajectory?: TrajectoryRow[] }) {
  return {
    id: v.target.id,
    agreementId: v.target.agreementId,
    indicator: {
      id: v.indicator.id,
      code: v.indicator.code,
      title: v.indicator.title,
      unit: v.indicator.unit,
      polarity: v.indicator.polarity,
      frequency: v.indicator.frequency,
    },
    place: v.place ? { gssCode: v.place.gssCode, name: v.place.name } : null,
    outcomes: v.outcomes.map((o) => ({ key: o.key, ref: o.node?.ref ?? null, title: o.node?.title ?? null })),
    ...presentVersion(v.version),
    ...(v.trajectory ? { trajectory: v.trajectory.map(presentTrajectoryRow) } : {}),
    createdAt: v.target.createdAt.toISOString(),
    archivedAt: iso(v.target.archivedAt),
  }
}

export function presentComment(c: CommentRow) {
  return {
    id: c.id,
    kind: c.kind as 'comment',
    body: c.body,
    evidenceUrl: c.evidenceUrl,
    authorName: c.authorName,
    authorRole: c.authorRole,
    createdAt: c.createdAt.toISOString(),
  }
}

const countsDoc = <K extends readonly [string, ...string[]]>(keys: K) =>
  z.object(Object.fromEntries(keys.map((k) => [k, z.number().int()])) as Record<K[number], z.ZodNumber>)

const coverageTargetDoc = z.object({ id: z.uuid(), code: z.string(), title: z.string().nullable() })

export const coverageDoc = z.object({
  agreementId: z.uuid(),
  total: z.number().int(),
  byKind: countsDoc(targetKinds),
  byStatus: countsDoc(targetStatuses),
  designated: z.object({ count: z.number().int(), limit: z.number().int(), withinLimit: z.boolean() }),
  outcomes: z.object({
    total: z.number().int().describe('Outcomes (not themes or sub-outcomes) in the current strategy'),
    covered: z.number().int(),
    withoutTargets: z.array(z.object({ key: z.uuid(), ref: z.string(), title: z.string() })),
  }),
  nodes: z.array(
    z.object({
      key: z.uuid(),
      ref: z.string(),
      title: z.string(),
      kind: z.string(),
      direct: z.number().int().describe('Targets linked to this node itself'),
      indicatorCodes: z.array(z.string()).describe('Targets linked to it or to any node beneath it'),
    }),
  ),
  targetsWithoutOutcome: z.array(coverageTargetDoc),
  targetsWithStaleLinks: z.array(coverageTargetDoc),
})

export function presentCoverage(c: Coverage & { agreement: { id: string } }) {
  return {
    agreementId: c.agreement.id,
    total: c.total,
    byKind: c.byKind,
    byStatus: c.byStatus,
    designated: c.designated,
    outcomes: {
      total: c.outcomes.total,
      covered: c.outcomes.covered,
      withoutTargets: c.outcomes.withoutTargets.map((o) => ({ key: o.key, ref: o.ref, title: o.title })),
    },
    nodes: c.nodes.map((n) => ({
      key: n.key,
      ref: n.ref,
      title: n.title,
      kind: n.kind,
      direct: n.direct,
      indicatorCodes: n.targets.map((t) => t.code),
    })),
    targetsWithoutOutcome: c.targetsWithoutOutcome.map((t) => ({ id: t.id, code: t.code, title: t.title })),
    targetsWithStaleLinks: c.targetsWithStaleLinks,
  }
}
