/**
 * What a module's sheet is (`src/modules/<module>/<module>.sheet.ts`): the engine's spec of its
 * columns plus how it imports and exports for a partnership, and who may do either. The workbook
 * service authorises each sheet once (its policies, else `workbookPolicy`) and then drives its
 * importer inside the import's transaction; the importer calls its own module's internals and
 * reaches other modules through their services' tx-first methods, which do not authorise again.
 */
import type { DbOrTx } from '../../db/client.ts'
import type { ImportReport } from '../../workbook/report.ts'
import type { ImportSession } from '../../workbook/session.ts'
import type {
  Columns,
  ExportFilters,
  ImportPhase,
  RecordOf,
  Row,
  SheetImport,
  SheetSpec,
} from '../../workbook/sheets.ts'
import type { Actor } from '../auth/actor.ts'
import type { Rule } from '../auth/policy.ts'
import type { ImportContext } from './import-context.ts'

/** What an import is asked to do beyond reading the file. */
export interface ImportOptions {
  /** Values imported by a manager are approved at once rather than submitted. */
  approve?: boolean
}

/** One import, as each of its sheets' importers sees it. */
export interface ImportEnv {
  actor: Actor
  partnershipId: string
  report: ImportReport
  /** The import's own connection, outside its transaction: where large sheets stage rows. */
  session: ImportSession
  options: ImportOptions
  /** The file's name, for history ("imported from Values.csv"). */
  source: string
  /** Tell whoever watches (a progress bar) how far the import has got. */
  progress(phase: ImportPhase, rows?: number): void
  /** The sheets of the file read so far (a sheet may defer checks that need the ones before it). */
  sheetsRead: ReadonlySet<string>
  /** Sheet names in workbook order, for a report's error thrown by a sheet itself. */
  sheetOrder: readonly string[]
  /** What the sheets of this import share (made afresh for each import). */
  shared: ImportContext
}

/** A sheet of the workbook: its spec plus how it imports and exports. */
export interface WorkbookSheet<C extends Columns = Columns> extends SheetSpec<C> {
  importer?: (env: ImportEnv) => SheetImport<RecordOf<C>>
  /** Who may import the sheet (default: managers). */
  importPolicy?: Rule
  /** Who may export the sheet on its own (default: managers). */
  exportPolicy?: Rule
  /** Filters its export takes, name → what it does (for the CLI, API and pages). */
  filters?: Readonly<Record<string, string>>
  /**
   * The sheet's rows, keyed by header, streamed from the database. A sheet with filters checks
   * them first (a promise that fails with the problem) so nothing is sent for a bad filter.
   */
  rows: (
    db: DbOrTx,
    partnershipId: string,
    filters?: ExportFilters,
  ) => AsyncIterable<Row<C>> | Promise<AsyncIterable<Row<C>>>
}

/** Author a sheet with its record type checked, then hold it alongside the others. */
export function defineSheet<C extends Columns>(sheet: WorkbookSheet<C>): WorkbookSheet {
  return sheet
}
