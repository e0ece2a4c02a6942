import type { FastifyRequest } from 'fastify'
import { isAppError, type FieldErrors } from '../../errors.ts'
import { formatPounds } from '../../lib/money.ts'
import { financialYearOf, formatPeriod, quartersOf, yearLabel } from '../../periods/index.ts'
import { directionLabels, statusLabels, statusTagClass } from '../dashboard/dashboard.presenter.ts'
import { commissioningDecisionLabels } from './money.commissioning.schema.ts'
import { financeOfficer, moneyPolicy } from './money.policy.ts'
import { spendStatusLabels } from './money.spend.schema.ts'
import { ragLabels, type Rag, type Thresholds } from './money.variance.ts'

/** Spend, variance, commissioning and value-for-money pages: what their templates show, in words. */

const ragTagClass: Record<Rag, string> = {
  green: 'govuk-tag--green',
  amber: 'govuk-tag--orange',
  red: 'govuk-tag--red',
}

const spendStatusTagClass: Record<string, string> = {
  draft: 'govuk-tag--grey',
  submitted: 'govuk-tag--blue',
  approved: 'govuk-tag--green',
  returned: 'govuk-tag--orange',
  missing: 'govuk-tag--red',
}

const decisionTagClass: Record<string, string> = {
  commission: 'govuk-tag--green',
  continue: 'govuk-tag--blue',
  notice: 'govuk-tag--orange',
  decommission: 'govuk-tag--red',
}

/** A RAG in colour and words against the partnership's thresholds ("Amber", "beyond the amber threshold of 2%"). */
export function ragTag(rag: Rag | null | undefined, t: Thresholds) {
  if (!rag)
    return { text: 'No return', classes: 'govuk-tag--grey', words: 'no submitted return yet', short: '' }
  const words =
    rag === 'green'
      ? `within the amber threshold of ${t.amberPercent}%`
      : rag === 'amber'
        ? `beyond the amber threshold of ${t.amberPercent}%`
        : `beyond the red threshold of ${t.redPercent}%`
  /** For tables: "within 2%", "beyond 5%". */
  const short = `${rag === 'green' ? 'within' : 'beyond'} ${rag === 'red' ? t.redPercent : t.amberPercent}%`
  return { text: ragLabels[rag], classes: ragTagClass[rag], words, short }
}

const pounds = (pence: number | null | undefined) =>
  pence === null || pence === undefined ? '' : formatPounds(pence)

/** The helpers every money template of these pages uses. */
export const moneyView = {
  pounds,
  /** A variance with its sign: `+£1,000.00` over, `-£1,000.00` under. */
  variance: (pence: number | null | undefined) =>
    pence === null || pence === undefined ? '' : `${pence > 0 ? '+' : ''}${formatPounds(pence)}`,
  /** A variance's size without its sign, for tables that say "over" or "under" beside it. */
  amount: (pence: number | null | undefined) =>
    pence === null || pence === undefined ? '' : formatPounds(Math.abs(pence)),
  percent: (p: string | null | undefined) => (p === null || p === undefined ? '' : `${p}%`),
  /** "5.00% over" / "3.10% under" / "on profile". */
  overUnder: (pence: number | null | undefined, pct: string | null | undefined) => {
    if (pence === null || pence === undefined) return ''
    if (pence === 0) return 'on profile'
    const size = pct === null || pct === undefined ? 'against nothing allocated' : `${pct.replace('-', '')}%`
    return `${size} ${pence > 0 ? 'over' : 'under'}`
  },
  ragTag,
  statusTag: (status: string | null | undefined) => ({
    text: status ? (spendStatusLabels[status as 'draft'] ?? status) : 'Not started',
    classes: spendStatusTagClass[status ?? 'missing'] ?? 'govuk-tag--grey',
  }),
  decisionTag: (decision: string) => ({
    text: commissioningDecisionLabels[decision as 'commission'] ?? decision,
    classes: decisionTagClass[decision] ?? 'govuk-tag--grey',
  }),
  /** A target's status (the dashboard's), in colour and words. */
  targetStatus: (status: string) => ({
    text: statusLabels[status] ?? status,
    classes: statusTagClass[status] ?? 'govuk-tag--grey',
  }),
  trend: (direction: string) =>
    direction === 'n/a' ? 'No trend yet' : (directionLabels[direction] ?? direction),
}

/** The financial year today lies in, like `2026/27`. */
export function currentYear(now = new Date()): string {
  const month = `${now.getUTCFullYear()}-${String(now.getUTCMonth() + 1).padStart(2, '0')}`
  return yearLabel(financialYearOf(month).year)
}

/**
 * The year a page shows by default: this year when the partnership has money in it, else the
 * latest year before it, else the earliest it has; this year when it has none at all.
 */
export function defaultYear(years: readonly string[], now = new Date()): string {
  const today = currentYear(now)
  if (years.includes(today)) return today
  const before = years.filter((y) => y < today)
  return before.at(-1) ?? years[0] ?? today
}

/** The quarters of a year, for a select (`2009/10 Q1` …). */
export const quarterLabels = (year: string): string[] => quartersOf(year).map((p) => formatPeriod(p))

/** Select items: the first blank (`blank` its text) when given, the chosen one selected. */
export function selectItems(
  options: readonly { value: string; text: string }[],
  chosen: unknown,
  blank?: string,
) {
  return [
    ...(blank !== undefined ? [{ value: '', text: blank, selected: !chosen }] : []),
    ...options.map((o) => ({ ...o, selected: o.value === chosen })),
  ]
}

/**
 * Who enters spend only for the organisation they act for (a data provider), and that organisation;
 * finance officers and administrators enter any recipient's.
 */
export function spendActor(request: FastifyRequest) {
  const pid = request.partnership.id
  const finance = financeOfficer(request.actor, pid)
  const mayEnter = moneyPolicy.enterSpend(request.actor, pid)
  return {
    finance,
    mayEnter,
    recipientOnly: mayEnter && !finance,
    own: request.actor.organisations?.get(pid) ?? null,
  }
}

/**
 * A refusal a form shows beside its fields: the service's field errors, or (a refusal or a
 * conflict without fields) its message against `field`. Anything else is thrown on.
 */
export function refusalFields(e: unknown, field: string): FieldErrors {
  if (isAppError(e) && e.fields && Object.keys(e.fields).length) return e.fields
  if (isAppError(e) && (e.status === 403 || e.status === 409)) return { [field]: e.message }
  throw e
}
