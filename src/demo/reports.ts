/**
 * The demo's reports (reports.md): the definitions the partnership uses — the steering report
 * five working days after each round closes, mailed to the performance officer, the six-monthly
 * board report and the quarterly finance report — and a stored one of each for the latest closed
 * quarter (2009/10 Q3: Q4's round is still collecting). Generated here, in the load, so they are
 * there on first sign-in. Idempotent: a definition or report already there is left.
 */
import { systemActor } from '../modules/auth/actor.ts'
import type { Services } from '../services.ts'

export const DEMO_REPORT_PERIOD = '2009/10 Q3'
const OFFICER_EMAIL = 'priya.shah@leicestershire-together.example'

const DEFINITIONS = [
  {
    name: 'Quarterly steering report',
    kind: 'steering',
    level: 'target',
    schedule: { trigger: 'round-closed', workingDays: 5 },
    distribution: [OFFICER_EMAIL],
  },
  {
    name: 'Six-monthly board and GOEM report',
    kind: 'board',
    level: 'outcome',
    schedule: null,
    distribution: [],
  },
  {
    name: 'Quarterly finance report',
    kind: 'finance',
    level: 'target',
    schedule: null,
    distribution: [],
  },
] as const

export async function loadReportsDemo(services: Services, partnershipId: string) {
  const officer = await services.users.findByEmail(OFFICER_EMAIL)
  const actor = (officer && (await services.auth.actorForUser(officer.id))) || systemActor('demo')
  const pid = partnershipId
  const existing = await services.reports.definitions.list(actor, pid)
  const stored = await services.reports.list(actor, pid)
  for (const d of DEFINITIONS) {
    const definition =
      existing.find((x) => x.name === d.name) ??
      (await services.reports.definitions.create(actor, pid, {
        name: d.name,
        kind: d.kind,
        level: d.level,
        themeKey: null,
        schedule: d.schedule ? { ...d.schedule } : null,
        distribution: [...d.distribution],
      }))
    if (stored.some((r) => r.kind === d.kind && r.period === DEMO_REPORT_PERIOD)) continue
    const report = await services.reports.request(actor, pid, {
      kind: d.kind,
      period: DEMO_REPORT_PERIOD,
      level: d.level,
      themeKey: null,
      definitionId: definition.id,
    })
    // Generate now rather than in the background: the demo is loaded before the first sign-in.
    await services.reports.generate(report.id)
  }
}
