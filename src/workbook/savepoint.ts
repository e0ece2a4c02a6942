/**
 * Writing one row of a sheet on its own: a row the domain refuses (field errors) rolls back alone
 * and its errors become the report's problems, so every problem of a file is listed before the
 * import fails.
 */
import type { Tx } from '../db/client.ts'
import type { FieldErrors } from '../errors.ts'
import { isAppError } from '../errors.ts'
import type { ImportReport } from './report.ts'

/** Where a row's problems are reported: its sheet, and its row (or the row a field came from). */
export interface RowPlace {
  sheet: string
  row: number | ((field: string) => number)
}

/**
 * Run one row's write in a savepoint: a refused row rolls back alone and its field errors become
 * problems (`Sheet!row column: message`), so every problem is listed before the import fails.
 */
export async function inSavepoint<T>(
  tx: Tx,
  report: ImportReport,
  where: RowPlace,
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
  where: RowPlace,
  fields: FieldErrors,
  columnOf: (field: string) => string | undefined,
) {
  for (const [field, message] of Object.entries(fields)) {
    const row = typeof where.row === 'function' ? where.row(field) : where.row
    const column = columnOf(field)
    report.problem({ sheet: where.sheet, row, ...(column ? { column } : {}), message: asProblem(message) })
  }
}

/**
 * Problems read as `Sheet!row column: message`: a form's message ("Unit is missing", "A name…")
 * starts in lower case, like the others; a code or acronym ("NI 135 is…") is left as it is.
 */
export const asProblem = (s: string) =>
  /^([A-Z][a-z]|A [a-z])/.test(s) ? s.charAt(0).toLowerCase() + s.slice(1) : s

/** camelCase field → snake_case column. */
export const snake = (field: string) => field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)
