import type { FastifyReply, FastifyRequest } from 'fastify'
import type { FieldErrors } from '../../errors.ts'
import type { Services } from '../../services.ts'
import {
  actionStatusLabels,
  actionStatusTags,
  planStatusLabels,
  planStatusTags,
  roundOutcomeLabels,
  type PlanStatus,
} from './delivery.schema.ts'
import { timelineSvg } from './delivery.timeline.ts'

/** What the delivery page files share: form values, labels, select items and the plan's page. */

export type Values = Record<string, unknown>

/** Labels the views share: status in colour and words. */
export const labels = {
  planStatus: planStatusLabels,
  planTag: planStatusTags,
  actionStatus: actionStatusLabels,
  actionTag: actionStatusTags,
  roundOutcome: roundOutcomeLabels,
}

export const selectItems = (rows: { id: string; name: string }[], selected: unknown, blank: string) => [
  { value: '', text: blank },
  ...rows.map((r) => ({ value: r.id, text: r.name, selected: r.id === selected })),
]

export const base = (request: FastifyRequest) => `/p/${request.partnership.slug}/delivery`

/** The plan's page: actions, timeline, challenge (re-rendered with errors by the challenge forms). */
export async function renderPlan(
  { delivery }: Services,
  request: FastifyRequest,
  reply: FastifyReply,
  id: string,
  values: Values = {},
  errors?: FieldErrors,
) {
  const d = await delivery.get(request.actor, request.partnership.id, id)
  const chart = timelineSvg({
    id: 'plan-timeline',
    title: `Timeline of ${d.plan.title}`,
    actions: d.actions,
    today: delivery.today(),
  })
  const refs = new Map(d.actions.map((a) => [a.id, a.ref]))
  const status = d.plan.status as PlanStatus
  const current = d.currentRound
  return reply.render('delivery/views/plan.njk', {
    title: d.plan.title,
    ...d,
    status,
    actions: d.actions.map((a) => ({
      ...a,
      dependsOnRefs: a.dependsOn.map((x) => refs.get(x) ?? 'another plan’s action'),
    })),
    rounds: [...d.rounds].reverse(),
    chart,
    labels,
    canSubmit: d.canEdit && (status === 'draft' || status === 'revising'),
    canAnswer: d.canEdit && status !== 'accepted' && current !== undefined,
    reviewing: d.canReview && status === 'in_challenge' && current?.outcome === 'open',
    values,
    errors,
  })
}
