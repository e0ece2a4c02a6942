import { AppError, importFailed } from '../errors.ts'

/** One problem with the file, located as precisely as it can be. */
export interface Problem {
  sheet?: string
  /** Spreadsheet row number: the header is row 1. */
  row?: number
  /** The column's header as the sheet defines it. */
  column?: string
  message: string
}

/** A problem found in one sheet's rows, before the sheet's name is put on it. */
export type RowProblem = Omit<Problem, 'sheet'>

/** `Sheet!row column: message`, the form every problem and warning is reported in. */
export function formatProblem(p: Problem): string {
  if (!p.sheet) return p.message
  const where = `${p.sheet}${p.row !== undefined ? `!${p.row}` : ''}${p.column ? ` ${p.column}` : ''}`
  return `${where}: ${p.message}`
}

/**
 * Keeps a file with a problem on every one of a million rows from exhausting memory: the first
 * ones are listed, the rest counted.
 */
export const MAX_PROBLEMS = 1000

/** Problems and warnings collected while reading, checking and applying one import. */
export class ImportReport {
  private readonly found: Problem[] = []
  private readonly notes: string[] = []
  private more = 0
  /** A problem with the whole file (not UTF-8, not a workbook): reported alone. */
  fatal: string | undefined

  problem(p: Problem) {
    if (this.found.length < MAX_PROBLEMS) this.found.push(p)
    else this.more++
  }

  /** Problems counted by a query but not fetched one by one (beyond those listed). */
  countMore(n: number) {
    if (n > 0) this.more += n
  }

  /** Room left in the list: a set-based check fetches no more problems than will be shown. */
  get room() {
    return Math.max(0, MAX_PROBLEMS - this.found.length)
  }

  warn(p: Problem) {
    const text = formatProblem(p)
    if (this.notes.length < MAX_PROBLEMS && !this.notes.includes(text)) this.notes.push(text)
  }

  fail(message: string) {
    this.fatal ??= message
  }

  get failed() {
    return this.fatal !== undefined || this.found.length > 0
  }

  get count() {
    return this.found.length + this.more
  }

  get warnings(): string[] {
    return [...this.notes]
  }

  /** Problems in the workbook's sheet order, then by row; within a row, in the order found. */
  problems(sheetOrder: readonly string[] = []): string[] {
    if (this.fatal) return [this.fatal]
    const rank = (s?: string) => (s === undefined ? -1 : sheetOrder.indexOf(s) + 1 || sheetOrder.length + 1)
    const sorted = this.found
      .map((p, i) => ({ p, i }))
      .sort((a, b) => rank(a.p.sheet) - rank(b.p.sheet) || (a.p.row ?? 0) - (b.p.row ?? 0) || a.i - b.i)
      .map(({ p }) => formatProblem(p))
    if (this.more) sorted.push(`…and ${this.more} more problem${this.more === 1 ? '' : 's'} not listed`)
    return sorted
  }

  /** The `import_failed` error listing every problem (nothing has been written). */
  error(sheetOrder: readonly string[] = []): AppError {
    const list = this.problems(sheetOrder)
    if (!this.more) return importFailed(list)
    return new AppError(
      'import_failed',
      422,
      `The file has ${this.count} problems; nothing was imported`,
      undefined,
      list,
    )
  }
}
