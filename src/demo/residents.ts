/**
 * The demo's residents' comments (#16 §6): Leicestershire Together's current draft is open to
 * the public (from two weeks ago for three months), with one resident's comment published beside
 * the partnership's response and one confirmed comment waiting for a decision. Comments are made
 * as a resident makes them (submitted, then confirmed through the link in the outbox). Idempotent:
 * does nothing once the draft has residents' comments.
 */
import { systemActor } from '../modules/auth/actor.ts'
import { ukDate } from '../lib/clock.ts'
import type { Services } from '../services.ts'

const DAY = 24 * 60 * 60 * 1000

export const RESIDENT_COMMENTS = {
  published: {
    outcome: '1.1',
    name: 'Margaret Hall',
    email: 'margaret.hall@resident.example',
    body: 'Our village lost its bus last year. Please make getting to work and the doctor part of this outcome.',
    response:
      'Thank you. We have asked the transport group to add rural bus links to this outcome in the next draft.',
  },
  pending: {
    outcome: null,
    name: null,
    email: 'resident.one@resident.example',
    body: 'The draft is long. A one-page summary would help people like me read it.',
  },
}

export async function loadResidentsDemo(services: Services, slug: string) {
  const actor = systemActor('demo')
  const ctx = await services.partnerships.resolve(actor, slug)
  const pid = ctx.partnership.id
  const current = await services.strategy.current(actor, pid)
  if (!current || current.status === 'final' || current.status === 'signed_off') return
  const { comments } = await services.residents.list(actor, pid, current.number)
  if (comments.length) return
  const now = Date.now()
  if (!current.publicOpensOn)
    await services.residents.setWindow(actor, pid, current.number, {
      opensOn: ukDate(new Date(now - 14 * DAY)),
      closesOn: ukDate(new Date(now + 90 * DAY)),
    })
  const draft = await services.residents.openDraft(slug)
  if (!draft.version) return
  const nodeId = (ref: string | null) => (ref ? (draft.nodes.find((n) => n.ref === ref)?.id ?? null) : null)

  /** Submit as a resident, then confirm through the link the outbox holds. */
  async function make(c: { outcome: string | null; name: string | null; email: string; body: string }) {
    const made = await services.residents.submit(slug, {
      nodeId: nodeId(c.outcome),
      body: c.body,
      name: c.name,
      email: c.email,
    })
    const message = (await services.outbox.list(actor, pid)).find((m) => m.toAddress === c.email)
    const token = /\/confirm\/(\S+)/.exec(message?.body ?? '')?.[1]
    if (token) await services.residents.confirm(slug, token)
    return made.id
  }

  const published = await make(RESIDENT_COMMENTS.published)
  await services.residents.moderate(actor, pid, published, {
    decision: 'publish',
    note: null,
    response: RESIDENT_COMMENTS.published.response,
  })
  await make(RESIDENT_COMMENTS.pending)
}
