import {
  actionStatusLabels,
  actionStatusTags,
  planStatusLabels,
  planStatusTags,
} from '../delivery/delivery.schema.ts'
import { requestStatusLabels } from '../requests/requests.schema.ts'
import { bandOf, trendLabels } from '../risks/risks.schema.ts'
import type { OutcomeThread, TargetThread } from './thread.service.ts'

const label = <K extends string>(labels: Record<K, string>, key: string) =>
  (labels as Record<string, string>)[key] ?? key

/** One line of a panel: a link, what it is, and a status in colour and words. */
export interface ThreadItem {
  href: string
  text: string
  detail?: string | undefined
  /** A date shown after the detail, formatted by the view: `Due 31 October 2008`. */
  date?: { label: string; on: string } | undefined
  status: { text: string; classes: string } | null
}

type Risk = TargetThread['risks'][number]
type Escalation = TargetThread['escalations'][number]
type Plan = NonNullable<TargetThread['plan']>

function riskItem(slug: string, r: Risk): ThreadItem {
  const band = bandOf(r.score)
  return {
    href: `/p/${slug}/risks/${r.id}`,
    text: `${r.ref} ${r.title}`,
    detail: `Score ${r.score} (likelihood ${r.likelihood} × impact ${r.impact}), ${label(trendLabels, r.trend).toLowerCase()}${r.aboveAppetite ? ', above the board’s appetite' : ''}`,
    status: { text: band.label, classes: `govuk-tag--${band.tag}` },
  }
}

function escalationItem(slug: string, e: Escalation): ThreadItem {
  return {
    href: `/p/${slug}/escalations/${e.id}`,
    text: e.title,
    detail: e.decision ? `Decision: ${e.decision}` : e.question,
    status: { text: e.statusLabel, classes: e.status === 'open' ? 'govuk-tag--yellow' : 'govuk-tag--grey' },
  }
}

function planItems(slug: string, p: Plan) {
  return {
    plan: {
      href: `/p/${slug}/delivery/plans/${p.plan.id}`,
      text: p.plan.title,
      status: {
        text: label(planStatusLabels, p.plan.status),
        classes: label(planStatusTags, p.plan.status),
      },
    } satisfies ThreadItem,
    actions: p.actions.map((a): ThreadItem => ({
      href: `/p/${slug}/delivery/actions/${a.id}`,
      text: `${a.ref} ${a.title}`,
      detail: `Due ${a.dueOn}, ${a.percentComplete}% complete`,
      status: {
        text: label(actionStatusLabels, a.effectiveStatus),
        classes: label(actionStatusTags, a.effectiveStatus),
      },
    })),
  }
}

/** The target page's "What is being done" panels. */
export function presentTargetThread(slug: string, targetId: string, t: TargetThread) {
  const imp = t.improvement
  return {
    plan: t.plan ? planItems(slug, t.plan) : null,
    newPlanHref: `/p/${slug}/delivery/plans/new?subject=target:${targetId}`,
    improvement: imp
      ? ({
          href: `/p/${slug}/improvement-plans/${imp.plan.id}`,
          text: imp.plan.openedReason,
          detail: imp.plan.reviewOn ? undefined : 'No review date set',
          date: imp.plan.reviewOn ? { label: 'Review due', on: imp.plan.reviewOn } : undefined,
          status: imp.reviewOverdue
            ? { text: 'Review overdue', classes: 'govuk-tag--red' }
            : { text: 'Open', classes: 'govuk-tag--yellow' },
        } satisfies ThreadItem)
      : null,
    risks: t.risks.map((r) => riskItem(slug, r)),
    commentary: t.commentary,
    commentaryHref: `/p/${slug}/commentary/targets/${targetId}`,
    escalations: t.escalations.map((e) => escalationItem(slug, e)),
    escalateHref: `/p/${slug}/escalations/new?subjectType=target&subjectId=${targetId}`,
  }
}

/** The outcome page's panels: its plans, risks, progress, escalations and requests. */
export function presentOutcomeThread(slug: string, outcomeKey: string, t: OutcomeThread) {
  return {
    plans: t.plans.map((p) => planItems(slug, p)),
    risks: t.risks.map((r) => riskItem(slug, r)),
    commentary: t.commentary,
    escalations: t.escalations.map((e) => escalationItem(slug, e)),
    requests: t.requests.map((r): ThreadItem => ({
      href: `/p/${slug}/requests/${r.id}`,
      text: `${r.ref} ${r.title}`,
      detail: r.department,
      status: {
        text: label(requestStatusLabels, r.status),
        classes: r.status === 'agreed' ? 'govuk-tag--green' : 'govuk-tag--grey',
      },
    })),
    escalateHref: `/p/${slug}/escalations/new?subjectType=outcome&subjectId=${outcomeKey}`,
  }
}

export type TargetThreadView = ReturnType<typeof presentTargetThread>
export type OutcomeThreadView = ReturnType<typeof presentOutcomeThread>
