import { seedPartnership, system, unique } from '../../../test/helpers/app.ts'
import { buildMember, buildOrganisation } from '../../../test/helpers/factories.ts'
import type { AppError } from '../../errors.ts'
import type { Services } from '../../services.ts'

/**
 * A partnership for the money tests: a finance officer, a board member and a data provider (acting
 * for the first organisation), two organisations, and helpers to make a stream with a budget.
 */
export async function moneyPartnership(s: Services) {
  const seeded = await seedPartnership(s, ['admin', 'finance_officer', 'board_member'])
  const pid = seeded.partnership.id
  const council = await buildOrganisation(s, pid, { name: unique('County Council') })
  const police = await buildOrganisation(s, pid, { name: unique('Police'), type: 'police' })
  const provider = await buildMember(s, pid, { role: 'data_provider', organisationId: council.id })
  /** A stream (a pooled grant unless told) with a budget for 2008/09 when `budget` is given. */
  const stream = async (
    opts: { ref?: string; budget?: string; parentId?: string; purpose?: 'reward' | null } = {},
  ) => {
    const row = await s.money.createStream(system, pid, {
      ref: opts.ref ?? unique('ST'),
      name: 'A funding stream',
      source: 'Communities and Local Government',
      kind: 'pooled',
      parentId: opts.parentId ?? null,
      purpose: opts.purpose ?? null,
    })
    if (opts.budget) await s.money.setBudget(system, pid, row.id, { year: '2008/09', amount: opts.budget })
    return row
  }
  /** The actor a user of the partnership acts as (their role and organisation). */
  const actorOf = async (userId: string) => {
    const actor = await s.auth.actorForUser(userId)
    if (!actor) throw new Error(`no actor for ${userId}`)
    return actor
  }
  return { ...seeded, pid, council, police, provider, stream, actorOf }
}

/** How a promise fails: its error (the test fails if it succeeds). */
export const refusal = async (p: Promise<unknown>) => {
  const e = (await p.then(
    () => undefined,
    (err: unknown) => err,
  )) as AppError | undefined
  if (!e) throw new Error('expected a refusal')
  return e
}
