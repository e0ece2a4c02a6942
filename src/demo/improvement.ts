/**
 * The demo's improvement plans (002 §23: "a clear process for addressing failure — improvement
 * plan triggered through" the partnership). The reassessment at the end of the demo's values has
 * already opened a plan, as the system, for every target red two periods running; this fills in
 * what their owners would write: a summary and the next review (the first in six weeks, any
 * other two weeks overdue, so the overdue reviews list has something to show). Idempotent: a
 * plan that already has a summary is left as it is.
 */
import { ukDate } from '../lib/clock.ts'
import { systemActor } from '../modules/auth/actor.ts'
import type { Services } from '../services.ts'

const DAY = 24 * 60 * 60 * 1000

/** What the partners would do about a target, by its indicator; a general plan otherwise. */
const summaries: Record<string, string> = {
  'NI 19':
    'Re-offending by young people given a reprimand and no other intervention has risen again. ' +
    'The Youth Offending Service will offer every reprimanded young person a voluntary ' +
    'assessment and referral within ten days; the police will share reprimand data weekly; the ' +
    'Safer Communities block will review the cohort figures at each quarterly meeting.',
}
const general = (code: string) =>
  `${code} has been red two periods running. The outcome lead will agree recovery actions with ` +
  'the partners who deliver it, report progress to the theme group each quarter and ask the ' +
  'board for help where the partners cannot unblock it themselves.'

export async function loadImprovementDemo(services: Services, partnershipId: string) {
  const actor = systemActor('demo')
  const open = await services.improvement.list(actor, partnershipId, { status: 'open' })
  // Oldest first, so the same plan gets the same review date on every load.
  const ordered = [...open].sort((a, b) => a.indicatorCode.localeCompare(b.indicatorCode))
  const now = Date.now()
  for (const [i, p] of ordered.entries()) {
    if (p.plan.summary) continue
    await services.improvement.update(actor, partnershipId, p.plan.id, {
      summary: summaries[p.indicatorCode] ?? general(`${p.indicatorCode} ${p.indicatorTitle ?? ''}`.trim()),
      reviewOn: ukDate(new Date(i === 0 ? now + 42 * DAY : now - 14 * DAY)),
    })
  }
  return services.improvement.list(actor, partnershipId, {})
}
