import { statusBar, type Tone } from '../../lib/charts/status-bar.ts'
import { statusLabels, statusTagClass } from '../dashboard/dashboard.presenter.ts'
import type { HomeView } from './home.service.ts'

const TONE: Record<string, Tone> = { green: 'good', amber: 'warning', red: 'bad' }
const SHOWN = ['green', 'amber', 'red', 'no-data'] as const

/** The home page's figures as the template shows them: counts in words and a bar. */
export function presentHome(view: HomeView, partnershipName: string) {
  const headline = view.headline
  const counts = headline
    ? SHOWN.map((s) => ({
        status: s,
        label: statusLabels[s] ?? s,
        tagClass: statusTagClass[s] ?? 'govuk-tag--grey',
        count: headline.total[s] ?? 0,
      }))
    : []
  const rated = counts.reduce((n, c) => n + c.count, 0)
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
    fromPeriod: c.previous.period,
    toLabel: statusLabels[c.latest.status] ?? c.latest.status,
    toPeriod: c.latest.period,
  })
  return {
    ...view,
    changes: headline
      ? { slipped: headline.changes.slipped.map(change), improved: headline.changes.improved.map(change) }
      : { slipped: [], improved: [] },
    counts,
    rated,
    bar: headline
      ? statusBar({
          id: 'home-status',
          title: `Targets of ${partnershipName} by status`,
          segments: counts.map((c) => ({ label: c.label, count: c.count, tone: TONE[c.status] ?? 'none' })),
        })
      : null,
  }
}
