/**
 * What the Agreement, Indicators, Targets and Trajectories sheets of one import share: the
 * agreement they attach to, codes and targets named elsewhere in the file, and the targets
 * created by this import (whose trajectories may be set even when they are recorded as agreed).
 * Keyed by the import's report, which lives exactly as long as the import.
 */
import type { Tx } from '../../db/client.ts'
import type { FieldErrors } from '../../errors.ts'
import { isAppError } from '../../errors.ts'
import type { AgreementRow } from '../../modules/agreements/agreements.queries.ts'
import type { AgreementsService } from '../../modules/agreements/agreements.service.ts'
import type { ImportReport } from '../report.ts'
import type { ImportEnv } from '../sheets.ts'

export interface LaaImportState {
  /** The Agreement sheet's row, when the file has one. */
  agreement?: { row: number; name: string; start: number; end: number; status: string | null }
  /** The agreement the rows attach to, once resolved (at apply). */
  agreementRow?: AgreementRow
  /** Indicator codes on the Indicators sheet, by `codeKey`. */
  indicatorCodes: Set<string>
  /** Indicator codes on the Targets sheet, by `codeKey`. */
  targetCodes: Set<string>
  /** Financial years of the Trajectories sheet's periods (for a new draft agreement's span). */
  trajectoryYears: number[]
  /** Targets this import created. */
  created: Set<string>
  /** Codes (by `codeKey`) whose Targets row was refused (their trajectories are not reported again). */
  refused: Set<string>
  /** The LAA sheets this import has. */
  sheets: Set<string>
}

const states = new WeakMap<ImportReport, LaaImportState>()

/** The import's shared state, registering `sheet` as one of its LAA sheets. */
export function laaState(env: ImportEnv, sheet: string): LaaImportState {
  let s = states.get(env.report)
  if (!s) {
    s = {
      indicatorCodes: new Set(),
      targetCodes: new Set(),
      trajectoryYears: [],
      created: new Set(),
      refused: new Set(),
      sheets: new Set(),
    }
    states.set(env.report, s)
  }
  s.sheets.add(sheet)
  return s
}

/**
 * Problems found while applying are gathered across the LAA sheets so that one failed import
 * lists them all; the last LAA sheet of the import then fails it (nothing is written).
 */
export function failIfLast(env: ImportEnv, state: LaaImportState, sheet: string) {
  const last = LAA_SHEETS.filter((s) => state.sheets.has(s)).pop()
  if (sheet === last && env.report.failed) throw env.report.error(LAA_SHEETS)
}

/** The LAA sheets in import order (for sorting problems found while applying). */
export const LAA_SHEETS = ['Agreement', 'Indicators', 'Targets', 'Trajectories']

/**
 * The agreement Targets and Trajectories attach to: the Agreement sheet's, else the current one,
 * else a new draft spanning the trajectory years.
 */
export async function agreementFor(
  tx: Tx,
  env: ImportEnv,
  agreements: AgreementsService,
  state: LaaImportState,
) {
  if (state.agreementRow) return state.agreementRow
  const years = state.trajectoryYears.length
    ? { start: Math.min(...state.trajectoryYears), end: Math.max(...state.trajectoryYears) }
    : undefined
  const { row } = await agreements.ensureForImport(tx, env.actor, env.partnershipId, undefined, years)
  state.agreementRow = row
  return row
}

/**
 * Run one row's write in a savepoint: a refused row rolls back alone and its field errors become
 * problems (`Sheet!row column: message`), so every problem is listed before the import fails.
 */
export async function inSavepoint<T>(
  tx: Tx,
  report: ImportReport,
  where: { sheet: string; row: number | ((field: string) => number) },
  columnOf: (field: string) => string | undefined,
  run: (sp: Tx) => Promise<T>,
): Promise<T | undefined> {
  try {
    return await tx.transaction((sp) => run(sp))
  } catch (e) {
    if (!isAppError(e) || !e.fields) throw e
    reportFields(report, where, e.fields, columnOf)
    return undefined
  }
}

export function reportFields(
  report: ImportReport,
  where: { sheet: string; row: number | ((field: string) => number) },
  fields: FieldErrors,
  columnOf: (field: string) => string | undefined,
) {
  for (const [field, message] of Object.entries(fields)) {
    const row = typeof where.row === 'function' ? where.row(field) : where.row
    const column = columnOf(field)
    report.problem({ sheet: where.sheet, row, ...(column ? { column } : {}), message: lower(message) })
  }
}

/** Problems read as `Sheet!row column: message`: start the message in lower case, like the others. */
const lower = (s: string) => (/^([A-Z][a-z]|A [a-z])/.test(s) ? s.charAt(0).toLowerCase() + s.slice(1) : s)

/** camelCase field → snake_case column. */
export const snake = (field: string) => field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)
