/**
 * The demo's escalations to the board (003 §10-11: issues from the outcome leads' progress
 * reports are escalated to the board's June meeting). One awaits the board: its backing for the
 * PPO monitoring request (FF-01). One is decided by Cllr Margaret Ellis for the board: whether
 * the prolific and priority offenders target waits for the new cohort's baseline (002 §5.4,
 * Outcome 2; the wording of the decision is illustrative). Idempotent: titles already there are left.
 */
import { systemActor, type Actor } from '../modules/auth/actor.ts'
import type { Services } from '../services.ts'

const OFFICER_EMAIL = 'priya.shah@leicestershire-together.example'
const LEAD_EMAIL = 'tom.hughes@leicestershire-together.example'
const BOARD_EMAIL = 'margaret.ellis@leicestershire-together.example'

async function actorFor(services: Services, email: string, fallback: Actor) {
  const user = await services.users.findByEmail(email)
  return (user && (await services.auth.actorForUser(user.id))) || fallback
}

export const OPEN_ESCALATION = 'Board backing for relaxing monthly PPO reporting'
export const DECIDED_ESCALATION = 'PPO re-offending target waits for the new cohort’s baseline'

export async function loadEscalationsDemo(services: Services, partnershipId: string) {
  const demo = systemActor('demo')
  const pid = partnershipId
  const titles = new Set((await services.escalations.list(demo, pid)).map((e) => e.title))
  const officer = await actorFor(services, OFFICER_EMAIL, demo)
  const lead = await actorFor(services, LEAD_EMAIL, demo)
  const board = await actorFor(services, BOARD_EMAIL, demo)

  if (!titles.has(DECIDED_ESCALATION)) {
    const outcome = (await services.requests.outcomeChoices(demo, pid)).find((n) => n.ref === '4.2')
    const e = await services.escalations.escalate(lead, pid, {
      subjectType: outcome ? 'outcome' : 'other',
      subjectId: outcome?.key ?? null,
      title: DECIDED_ESCALATION,
      question:
        'The baseline for re-offending by prolific and other priority offenders depends on the new PPO cohort, which is not yet identified. Should the partnership agree the target with GOEM as a placeholder now, or hold it back until the baseline is known?',
    })
    await services.escalations.decide(board, pid, e.id, {
      decision:
        'Agree it as a placeholder now, naming the baseline and the later years as still to agree; the outcome lead reports the new cohort’s baseline to the board when it is known.',
      decidedOn: null,
    })
  }

  if (!titles.has(OPEN_ESCALATION)) {
    const request = (await services.requests.list(demo, pid)).find((r) => r.ref === 'FF-01')
    await services.escalations.escalate(officer, pid, {
      subjectType: request ? 'request' : 'other',
      subjectId: request?.id ?? null,
      title: OPEN_ESCALATION,
      question:
        'GOEM ask partners to prioritise their freedoms and flexibilities requests. Will the board back the request to relax the national PPO monthly reporting (FF-01) as one of the partnership’s priorities, so that GOEM can take it to the Home Office?',
    })
  }
}
