import { statusBar, type Tone } from '../../lib/charts/status-bar.ts'
import { presentRow, statusLabels, statusTagClass } from '../dashboard/dashboard.presenter.ts'
import type { TargetLine } from '../dashboard/dashboard.service.ts'
import { requestStatusLabels } from '../commentary/commentary.schema.ts'
import { directoryRoleLabels, type DirectoryRole } from '../directory/directory.schema.ts'
import type { HomeView } from './home.service.ts'

const TONE: Record<string, Tone> = { green: 'good', amber: 'warning', red: 'bad' }
const RATED = ['green', 'amber', 'red'] as const
/** The headline's counts: the three ratings, then every target with none, so they add up. */
export const NOT_RATED_LABEL = 'Not rated'

/** One of an outcome lead's targets: its latest status in words, figures and outcomes. */
function presentOwn(o: { line: TargetLine; outcomes: { ref: string; title: string }[] }) {
  const l = o.line
  const row = l.row ? presentRow(l.row, l.target.indicator) : undefined
  return {
    targetId: l.target.id,
    code: l.target.indicator.code,
    title: l.target.indicator.title,
    row,
    outcomes: o.outcomes.map((x) => `${x.ref} ${x.title}`).join('; '),
  }
}

/** The home page's figures as the template shows them: counts in words and a bar. */
export function presentHome(view: HomeView, partnershipName: string) {
  const headline = view.headline
  const counts = headline
    ? [
        ...RATED.map((s) => ({
          status: s,
          label: statusLabels[s] ?? s,
          tagClass: statusTagClass[s] ?? 'govuk-tag--grey',
          count: headline.total[s] ?? 0,
        })),
        {
          status: 'not-rated',
          label: NOT_RATED_LABEL,
          tagClass: 'govuk-tag--grey',
          count: headline.notRated,
        },
      ]
    : []
  const rated = counts.filter((c) => c.status !== 'not-rated').reduce((n, c) => n + c.count, 0)
  const all = counts.reduce((n, c) => n + c.count, 0)
  const change = (c: {
    targetId: string
    code: string
    title: string | null
    previous: { status: string; period: string }
    latest: { status: string; period: string }
  }) => ({
    targetId: c.targetId,
    code: c.code,
    title: c.title,
    fromLabel: statusLabels[c.previous.status] ?? c.previous.status,
    fromClass: statusTagClass[c.previous.status] ?? 'govuk-tag--grey',
    fromPeriod: c.previous.period,
    toLabel: statusLabels[c.latest.status] ?? c.latest.status,
    toClass: statusTagClass[c.latest.status] ?? 'govuk-tag--grey',
    toPeriod: c.latest.period,
  })
  const lead = view.outcomeLead
  return {
    ...view,
    changes: headline
      ? { slipped: headline.changes.slipped.map(change), improved: headline.changes.improved.map(change) }
      : { slipped: [], improved: [] },
    counts,
    rated,
    total: all,
    bar: headline
      ? statusBar({
          id: 'home-status',
          title: `Targets of ${partnershipName} by status`,
          segments: counts.map((c) => ({ label: c.label, count: c.count, tone: TONE[c.status] ?? 'none' })),
        })
      : null,
    outcomeLead: lead
      ? {
          outcomes: lead.outcomes,
          targets: lead.targets,
          offTrack: lead.offTrack.map(presentOwn),
          offTrackTotal: lead.offTrackTotal,
          commentary: lead.asked.commentary.map((c) => ({
            ...c,
            statusLabel: requestStatusLabels[c.status],
            overdue: c.status === 'overdue',
          })),
          plans: lead.asked.plans.map(presentOwn),
          gaps: lead.asked.gaps.map((g) => ({
            ...g,
            missing: g.missing.map((r: DirectoryRole) => directoryRoleLabels[r].toLowerCase()).join(', '),
          })),
        }
      : null,
  }
}
