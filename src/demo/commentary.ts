/**
 * The demo's commentary, from the papers: the lead officers' accounts of a few targets (the
 * re-offending of reprimanded young people, 002 §5.4 and its block commentary; drug users in
 * effective treatment under the DAAT's treatment plan; carers' assessments, led by the demo
 * outcome lead), the outcome lead's progress and gaps for 1.7.1 (003 §11), and the latest closed
 * quarter's commentary asked of the outcome leads (so the demo outcome lead has something to
 * write). Idempotent: the same text again adds no version, and a round is asked for once.
 */
import { systemActor } from '../modules/auth/actor.ts'
import type { Services } from '../services.ts'

const ACCOUNTS: {
  code: string
  period: string
  commentary: string
  actions?: string
  supportNeeded?: string
  /** On the public site (src/demo/public.ts publishes the target). */
  published?: boolean
}[] = [
  {
    code: 'NI 19',
    period: '2009/10',
    commentary:
      'Re-offending by young people given a police reprimand remains well above the 21.6% baseline of the 2000-02 cohort, though the latest cohort is lower than the 32.9% peak.',
    actions:
      'Youth Offending Service early intervention for every reprimanded first-time offender; joint case review with the police each month.',
    supportNeeded:
      'Relaxation of monthly central reporting of PPO data, to free performance officer time to monitor re-offending.',
  },
  {
    code: 'NI 40',
    period: '2009/10 Q3',
    commentary:
      'Numbers in effective treatment are on trajectory. Delivery is overseen by the DAAT Adult Drug Treatment Plan with quarterly performance management.',
    actions: 'Workforce development across treatment providers; improving the treatment information systems.',
    published: true,
  },
  {
    code: 'NI 135',
    period: '2009/10 Q3',
    commentary:
      'Carers receiving a needs assessment or review rose this quarter as the new carers’ assessment workers took up post.',
    actions:
      'Joint assessments with the voluntary sector carers’ centres; a quarterly check of every district’s backlog.',
    published: true,
  },
]

export async function loadCommentaryDemo(services: Services, partnershipId: string) {
  const actor = systemActor('demo')
  const periods = new Set(ACCOUNTS.map((a) => a.period))
  for (const period of periods) {
    const rows = await services.commentary.overview(actor, partnershipId, period)
    for (const a of ACCOUNTS.filter((x) => x.period === period)) {
      const row = rows.find((r) => r.target.code === a.code)
      if (!row) continue
      await services.commentary.record(actor, partnershipId, row.target.id, {
        period,
        commentary: a.commentary,
        actions: a.actions ?? null,
        supportNeeded: a.supportNeeded ?? null,
        published: a.published,
      })
    }
  }

  const outcome = (await services.commentary.outcomes(actor, partnershipId)).find((o) => o.ref === '1.7.1')
  if (outcome)
    await services.commentary.recordProgress(actor, partnershipId, outcome.key, {
      period: '2009/10 Q3',
      progress:
        'Carers’ assessments and reviews are rising in every district; the carers’ centres now take referrals directly.',
      gaps: 'Young carers are not yet reached outside the two largest districts.',
    })

  // The latest closed quarter: its commentary asked of each target's outcome lead.
  const closed = await services.commentary.closedRounds(actor, partnershipId)
  const latest = closed.find((r) => r.periodType === 'quarter')
  if (latest) await services.commentary.requestForRound(actor, partnershipId, latest.id)
}
