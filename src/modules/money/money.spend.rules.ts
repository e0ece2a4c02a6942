/**
 * The rules of a spend return beyond its figures: a second person approves it (as for values),
 * a recipient returns it while the quarter's round is open (or with an exception), and what a
 * variance beyond amber must explain.
 */
import type { DbOrTx } from '../../db/client.ts'
import { forbidden, validationError } from '../../errors.ts'
import { formatPounds } from '../../lib/money.ts'
import type { Actor } from '../auth/actor.ts'
import type { WindowInfo } from '../rounds/rounds.service.ts'
import { allowsSelfApproval } from './money.approval.queries.ts'
import { formatThreshold, ragOf, type Thresholds, type Variance } from './money.variance.ts'

/** Refusal when the person who submitted a return tries to approve it (unless the partnership allows it). */
export const SPEND_SELF_APPROVAL_REFUSED =
  'You submitted this spend return, so someone else must approve it (an administrator can let people approve their own returns in the partnership’s settings)'

/**
 * Whoever submitted the return (the submitted version's recorder) does not approve it, unless the
 * partnership allows self-approval in its settings (the same setting as for values).
 */
export async function refuseSelfApproval(
  tx: DbOrTx,
  actor: Actor,
  partnershipId: string,
  submitted: { recordedBy: string },
) {
  if (submitted.recordedBy !== actor.label) return
  if (await allowsSelfApproval(tx, partnershipId)) return
  throw forbidden(SPEND_SELF_APPROVAL_REFUSED)
}

/**
 * As for values: once the quarter's round has closed, a recipient needs an exception to save a
 * return late (naming `period`); finance officers and administrators are never stopped (they
 * enter on its behalf). A quarter without a round is not stopped.
 */
export function refuseClosedRound(window: WindowInfo, period: string, financeOfficer: boolean) {
  if (financeOfficer || window.state !== 'closed' || window.exception) return
  throw validationError({
    period: `The ${period} round closed on ${window.round!.dueOn}: a late return needs an exception from your performance officer`,
  })
}

/** What to explain: spend to date against the profile, else the forecast against the year's budget. */
export function explainMessage(
  figures: { budgetPence: number; profiledPence: number },
  v: Variance,
  thresholds: Thresholds,
) {
  const beyond = `beyond the amber threshold of ${formatThreshold(thresholds.amberPercent)}%`
  const how = (pence: number, pct: string | null) =>
    pct === null ? 'against nothing allocated' : `${pct.replace('-', '')}% ${pence < 0 ? 'under' : 'over'}`
  if (ragOf(v.variancePence, figures.profiledPence, thresholds) !== 'green')
    return `Explain the variance: spend to date is ${how(v.variancePence, v.variancePercent)} the profiled budget of ${formatPounds(figures.profiledPence)}, ${beyond}`
  return `Explain the variance: the forecast outturn is ${how(v.forecastVariancePence ?? 0, v.forecastVariancePercent)} the year’s budget of ${formatPounds(figures.budgetPence)}, ${beyond}`
}
