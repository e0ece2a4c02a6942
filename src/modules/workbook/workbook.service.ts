import crypto from 'node:crypto'
import type { Readable } from 'node:stream'
import type { Db } from '../../db/client.ts'
import { notFound, validationError } from '../../errors.ts'
import { readSource, type ImportSource } from '../../workbook/read.ts'
import { ImportReport } from '../../workbook/report.ts'
import { withImportSession } from '../../workbook/session.ts'
import {
  findSheet,
  parseRecord,
  type Counts,
  type ExportFilters,
  type ImportPhase,
  type SheetImport,
} from '../../workbook/sheets.ts'
import { contentTypes, writeSheets, writeXlsx, type ExportFormat } from '../../workbook/write.ts'
import { audit } from '../audit/audit.ts'
import type { Actor } from '../auth/actor.ts'
import { authorize } from '../auth/policy.ts'
import { newImportContext } from './import-context.ts'
import type { ImportEnv, ImportOptions, WorkbookSheet } from './sheet.ts'
import { workbookPolicy } from './workbook.policy.ts'
import { workbookSheets, type SheetDeps } from './workbook.sheets.ts'

export interface ImportResult {
  /** Per sheet read, in workbook order. */
  sheets: Record<string, Counts>
  warnings: string[]
}

export interface ExportFile {
  stream: Readable
  contentType: string
  filename: string
}

/** Every sheet at once, for `export` of the whole workbook. */
export const WHOLE_WORKBOOK = 'workbook'

export interface ImportRunOptions extends ImportOptions {
  /** Called as rows are read (every 10,000) and as the import moves on to checking and writing. */
  onProgress?: (rows: number, phase: ImportPhase) => void
}

export function createWorkbookService(db: Db, deps: SheetDeps) {
  const sheets = workbookSheets(deps)
  const order = sheets.map((s) => s.name)
  const mayImport = (sheet: WorkbookSheet, actor: Actor, partnershipId: string) =>
    (sheet.importPolicy ?? workbookPolicy.import)(actor, partnershipId)
  const mayExport = (sheet: WorkbookSheet, actor: Actor, partnershipId: string) =>
    (sheet.exportPolicy ?? workbookPolicy.export)(actor, partnershipId)

  return {
    sheets,
    mayImport,
    mayExport,

    /**
     * Import a file or JSON sheets, all or nothing. Every row is read and parsed as it streams
     * past (a large sheet stages its rows in batches on the import's own connection); then, in
     * one transaction, each sheet checks its rows across the file and against the database, and
     * only when no sheet has a problem are they applied, in workbook order, with one summary
     * audit event for the import. Any problem throws `import_failed` listing them all, and
     * nothing is written.
     *
     * Authorisation happens here, once per sheet, before any of its rows is read (the sheet's
     * `importPolicy`, else `workbookPolicy.import`); a sheet's importer then writes through its
     * own module's internals and other modules' tx-first methods, which do not authorise again.
     */
    async import(
      actor: Actor,
      partnershipId: string,
      source: ImportSource,
      opts: ImportRunOptions = {},
    ): Promise<ImportResult> {
      authorize(workbookPolicy.upload, actor, partnershipId)
      const report = new ImportReport()
      const options: ImportOptions = opts.approve ? { approve: true } : {}
      const sourceName = source.kind === 'file' ? (source.filename ?? 'file') : 'json'
      let read = 0
      const progress = (phase: ImportPhase, rows = read) => opts.onProgress?.(rows, phase)

      return withImportSession(db, async (session) => {
        // What the sheets of this import share: made here, for this import only.
        const shared = newImportContext()
        const importers = new Map<string, SheetImport<unknown>>()
        const refused = new Set<string>()
        const seen = new Set<string>()
        const refuses = (sheet: WorkbookSheet) => {
          if (refused.has(sheet.name)) return true
          if (!sheet.importer || mayImport(sheet, actor, partnershipId)) return false
          refused.add(sheet.name)
          report.problem({
            sheet: sheet.name,
            message: 'you cannot import this sheet: ask an administrator or performance officer',
          })
          return true
        }
        const importerFor = (sheet: WorkbookSheet) => {
          let found = importers.get(sheet.name)
          if (found || !sheet.importer || refuses(sheet)) return found
          const env: ImportEnv = {
            actor,
            partnershipId,
            report,
            session,
            options,
            source: sourceName,
            progress,
            sheetsRead: seen,
            sheetOrder: order,
            shared,
          }
          found = sheet.importer(env)
          importers.set(sheet.name, found)
          return found
        }

        try {
          progress('reading', 0)
          // A sheet the actor may not import is refused before any of it is read.
          const allow = (spec: { name: string }) => {
            const sheet = findSheet(sheets, spec.name)
            return !!sheet && !refuses(sheet)
          }
          for await (const { sheet: name, row, record } of readSource(source, sheets, report, seen, allow)) {
            const sheet = findSheet(sheets, name)!
            const importer = importerFor(sheet)
            if (!importer) continue
            const parsed = parseRecord(sheet, row, record, report)
            if (parsed) {
              const staging = importer.add(row, parsed)
              if (staging) await staging
            }
            if (++read % 1000 === 0) {
              if (read % 10_000 === 0) progress('reading')
              // Rows already buffered resolve as microtasks, which never let timers or sockets
              // run: give them a turn, or one big import stalls every other request.
              await new Promise((resolve) => setImmediate(resolve))
            }
            if (report.fatal) break
          }
          if (report.fatal) throw report.error(order)
          // A sheet with a header row and nothing under it is still reported (all zeros).
          for (const sheet of sheets) if (seen.has(sheet.name)) importerFor(sheet)

          const active = sheets.filter((s) => importers.has(s.name))
          for (const sheet of active) await importers.get(sheet.name)!.end?.()
          progress('checking')
          const result = await session.db.transaction(async (tx) => {
            for (const sheet of active) await importers.get(sheet.name)!.check(tx)
            if (report.failed) throw report.error(order)
            progress('writing')
            const counts: Record<string, Counts> = {}
            for (const sheet of active) counts[sheet.name] = await importers.get(sheet.name)!.apply(tx)
            await audit(tx, actor, {
              partnershipId,
              entityType: 'import',
              entityId: crypto.randomUUID(),
              action: 'import',
              after: {
                source: sourceName,
                rows: read,
                sheets: counts,
                warnings: report.warnings,
                ...options,
              },
            })
            return { sheets: counts, warnings: report.warnings }
          })
          progress('done')
          return result
        } finally {
          for (const importer of importers.values()) await importer.close?.()
        }
      })
    },

    /**
     * One sheet (or the whole workbook) as CSV, XLSX or JSON, streamed from the database in the
     * form an import reads back unchanged. A sheet with filters (Values) takes them; a bad one
     * fails before anything is sent.
     */
    async export(
      actor: Actor,
      partnershipId: string,
      sheetName: string,
      format: ExportFormat,
      filters: ExportFilters = {},
    ): Promise<ExportFile> {
      const whole = sheetName.toLowerCase() === WHOLE_WORKBOOK
      const chosen = whole ? sheets : [findSheet(sheets, sheetName)].filter((s) => s !== undefined)
      const one = whole ? undefined : chosen[0]
      if (one) authorize((a, p) => mayExport(one, a, p), actor, partnershipId)
      else authorize(workbookPolicy.export, actor, partnershipId)
      if (!chosen.length) throw notFound('Sheet')
      if (whole && format === 'csv')
        throw validationError({
          format: 'A CSV file holds one sheet: choose xlsx or json for the whole workbook',
        })
      const accepted = one?.filters ?? {}
      const unknown = Object.entries(filters).filter(([k, v]) => v && !Object.hasOwn(accepted, k))
      if (unknown.length) {
        const names = Object.keys(accepted)
        const why = names.length
          ? `${one!.name} can be filtered by ${names.join(', ')} only`
          : `${one?.name ?? 'The whole workbook'} cannot be filtered`
        throw validationError(Object.fromEntries(unknown.map(([k]) => [k, why])))
      }
      // Rows are set up (filters checked) before the stream starts, so a bad filter is a 422.
      const outs = []
      for (const s of chosen)
        outs.push({ spec: s, rows: await s.rows(db, partnershipId, one ? filters : undefined) })
      return {
        stream: writeSheets(format, outs),
        contentType: contentTypes[format],
        filename: `${one?.name ?? 'Workbook'}.${format}`,
      }
    },

    /** The blank template: every sheet that can be imported, headers only, after a Guidance sheet. */
    template(actor: Actor, partnershipId: string): ExportFile {
      authorize(workbookPolicy.export, actor, partnershipId)
      const importable = sheets.filter((s) => !s.exportOnly)
      const empty = async function* () {}
      return {
        stream: writeXlsx(
          importable.map((spec) => ({ spec, rows: empty() })),
          { guidance: importable },
        ),
        contentType: contentTypes.xlsx,
        filename: 'Goldthread-template.xlsx',
      }
    },
  }
}

export type WorkbookService = ReturnType<typeof createWorkbookService>
