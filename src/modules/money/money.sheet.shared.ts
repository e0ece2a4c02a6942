/**
 * What the money sheets (Funding, Allocations, Budgets, Spend, and the exported Variance) share:
 * their cells (pounds, financial years, quarters), names of the partnership's organisations,
 * targets, outcomes and actions, how a service's refusal becomes a row's problem, and the one
 * check across sheets: a stream's allocations for a year never exceed its budget, checked once
 * Allocations and Budgets are both applied (Allocations comes first in the workbook).
 */
import type { DbOrTx, Tx } from '../../db/client.ts'
import { isAppError } from '../../errors.ts'
import { formatPounds, parsePounds } from '../../lib/money.ts'
import { formatPeriod, tryParsePeriod } from '../../periods/index.ts'
import { cellParser, CellProblem } from '../../workbook/cells.ts'
import type { ImportEnv } from '../workbook/sheet.ts'
import type { MoneyService } from './money.service.ts'
import { liveOrganisations } from './money.sheet.queries.ts'

/** Pounds with up to two decimals (`£1,234.56`, `1234.5`); held as whole pence. */
export const poundsCell = (what: string, opts: { required?: boolean } = {}) =>
  cellParser<number | null>((v) => {
    if (v === undefined || v.trim() === '')
      return opts.required ? new CellProblem(`enter ${what} in pounds, like £1,234.56`) : null
    const r = parsePounds(v, { what: what.charAt(0).toUpperCase() + what.slice(1) })
    return r.ok ? r.pence : new CellProblem(r.error)
  })

/** A financial year, `2008/09`, in its canonical spelling. */
export const yearCell = () =>
  cellParser<string>((v) => {
    if (v === undefined || v.trim() === '') return new CellProblem('enter the financial year, like 2008/09')
    const r = tryParsePeriod(v.trim())
    return r.ok && r.period.type === 'year'
      ? formatPeriod(r.period)
      : new CellProblem(`${v.trim()} is not a financial year: write it like 2008/09`)
  })

/** A quarter of a financial year, `2008/09 Q2`, in its canonical spelling. */
export const quarterCell = () =>
  cellParser<string>((v) => {
    if (v === undefined || v.trim() === '') return new CellProblem('enter the quarter, like 2008/09 Q2')
    const r = tryParsePeriod(v.trim())
    return r.ok && r.period.type === 'quarter'
      ? formatPeriod(r.period)
      : new CellProblem(
          `${v.trim()} is not a quarter: spend is returned by quarter, like 2008/09 Q2 (Q1 is April to June)`,
        )
  })

/** Refs, codes and names are matched ignoring case and spaces. */
export const key = (s: string) => s.toLowerCase().replace(/\s+/g, '')

/** The partnership's live organisations by name (ignoring case and spaces). */
export async function organisationsByName(tx: DbOrTx, partnershipId: string) {
  const rows = await liveOrganisations(tx, partnershipId)
  const byName = new Map<string, { id: string; name: string }>()
  for (const r of rows) if (!byName.has(key(r.name))) byName.set(key(r.name), r)
  return { byName, nameOf: new Map(rows.map((r) => [r.id, r.name])) }
}

export { actionRefs } from './money.sheet.queries.ts'

type Problem = (row: number, column: string | undefined, message: string) => void

/**
 * A service's refusal as the row's problems: each field it names under its column (`fallback`
 * for a field the sheet has no column for, or a refusal naming no field). Anything else is thrown.
 */
export function reportRefusal(
  problem: Problem,
  row: number,
  e: unknown,
  columnOf: Record<string, string>,
  fallback?: string,
) {
  if (!isAppError(e)) throw e
  const fields = Object.entries(e.fields ?? {})
  if (!fields.length) return problem(row, fallback, e.message)
  for (const [field, message] of fields) problem(row, columnOf[field] ?? fallback, message)
}

/** Where a stream-year was touched by this import: its ref and the last row of each sheet that did. */
interface Touched {
  streamId: string
  ref: string
  year: string
  allocationRow?: number
  budgetRow?: number
}

/** What the money sheets of one import share: the stream-years whose allocations and budgets they touched. */
export class MoneyImport {
  readonly touched = new Map<string, Touched>()

  touch(streamId: string, ref: string, year: string, sheet: 'Allocations' | 'Budgets', row: number) {
    const k = `${streamId}|${year}`
    const t = this.touched.get(k) ?? { streamId, ref, year }
    if (sheet === 'Allocations') t.allocationRow = row
    else t.budgetRow = row
    this.touched.set(k, t)
  }
}

/** This import's budget check (made afresh for each import, in what its sheets share). */
export const budgetCheckOf = (env: ImportEnv): MoneyImport => env.shared.money

/**
 * At the end of the last of Allocations and Budgets in this import: every stream-year either
 * touched has its allocations within its budget, else the row is named (the allocation row when
 * the Allocations sheet touched it, else the budget row) and nothing is written.
 */
export async function checkBudgetsIfLast(
  tx: Tx,
  env: ImportEnv,
  money: Pick<MoneyService, 'findBudget' | 'allocatedFromTx'>,
  sheet: 'Allocations' | 'Budgets',
) {
  const last = env.sheetsRead.has('Budgets') ? 'Budgets' : 'Allocations'
  if (sheet !== last) return
  for (const t of budgetCheckOf(env).touched.values()) {
    const [budget, allocated] = [
      await money.findBudget(tx, t.streamId, t.year),
      await money.allocatedFromTx(tx, t.streamId, t.year),
    ]
    // No budget yet: the allocations await the one a later Budgets file gives (workbook.md: the
    // sheets imported one file at a time, in order, give the same result as one workbook), which
    // may not then be less than what is allocated.
    if (allocated === 0 || !budget || allocated <= budget.amountPence) continue
    const message = `${t.ref}’s allocations for ${t.year} add up to ${formatPounds(allocated)}, more than its budget of ${formatPounds(budget.amountPence)}`
    if (t.allocationRow !== undefined)
      env.report.problem({ sheet: 'Allocations', row: t.allocationRow, column: 'amount', message })
    else env.report.problem({ sheet: 'Budgets', row: t.budgetRow!, column: 'amount', message })
  }
}
