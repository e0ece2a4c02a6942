import type { Db } from '../../db/client.ts'
import type { Clock } from '../../lib/clock.ts'
import { systemActor } from '../auth/actor.ts'
import type { PartnershipsService } from '../partnerships/partnerships.service.ts'
import type { StrategyService } from '../strategy/strategy.service.ts'
import type { KindDefinition, ReportSources } from './kinds/kind.ts'
import { renderHtml } from './reports.html.ts'
import type { Generation, ReportDocument, ReportFormat, ReportSpec } from './reports.model.ts'
import { PdfUnavailable, renderPdf } from './reports.pdf.ts'
import * as q from './reports.queries.ts'
import { renderXlsx } from './reports.xlsx.ts'
import {
  checkKindAndTheme,
  CONTENT_TYPES,
  contentHashOf,
  oneLine,
  reportFilename,
  sha256,
} from './reports.shared.ts'

/** A running report whose heartbeat is older than this is presumed dead and may be taken over. */
export const STALE_MS = 2 * 60_000

/** The three formats of one document (reports.html.ts, reports.pdf.ts, reports.xlsx.ts). */
export interface Renderers {
  html(doc: ReportDocument, gen: Generation): string
  pdf(html: string, doc: ReportDocument): Promise<Buffer>
  xlsx(doc: ReportDocument, gen: Generation): Promise<Buffer>
}

export const defaultRenderers: Renderers = { html: renderHtml, pdf: renderPdf, xlsx: renderXlsx }

export interface GenerateDeps {
  clock: Clock
  partnerships: Pick<PartnershipsService, 'find'>
  strategy: Pick<StrategyService, 'findCurrentNodes'>
  sources: ReportSources
  kinds: readonly KindDefinition[]
  renderers: Renderers
}

type Progress = (fraction: number, note: string) => Promise<void>

/**
 * The pipeline: build the document as at the report's moment, render it three ways, store the
 * files. `build` is shared with `render` (the CLI), which stores nothing.
 */
export function createGenerator(db: Db, deps: GenerateDeps) {
  const { renderers } = deps

  /** The report's document: the kind's sections, read as at `spec.asAt`, with its cover's facts. */
  async function build(
    partnershipId: string,
    spec: ReportSpec,
    requestedBy: string,
    progress: Progress,
  ): Promise<ReportDocument> {
    const { kind, theme } = await checkKindAndTheme(db, deps, deps.kinds, partnershipId, spec)
    const p = await deps.partnerships.find(db, partnershipId)
    if (!p) throw new Error('The partnership no longer exists')
    const partnership = { name: p.name, slug: p.slug }
    const sections = await kind.build({
      spec,
      at: new Date(spec.asAt),
      partnershipId,
      partnership,
      theme,
      // The kind reads as the system on behalf of whoever asked: they were authorised then.
      actor: systemActor(`report for ${requestedBy}`),
      sources: deps.sources,
      progress,
    })
    return {
      ...spec,
      title: `${kind.name}: ${spec.period}`,
      partnership,
      themeTitle: theme?.title ?? null,
      audience: kind.audience,
      sections,
    }
  }

  /** Render one format of a document. */
  async function renderOne(doc: ReportDocument, gen: Generation, format: ReportFormat): Promise<Buffer> {
    const html = () => renderers.html(doc, gen)
    if (format === 'html') return Buffer.from(html(), 'utf8')
    if (format === 'pdf') return renderers.pdf(html(), doc)
    return renderers.xlsx(doc, gen)
  }

  /**
   * Generate a stored report (the job). Claims the row first: if another worker has it (or it is
   * done or failed), returns without doing anything, so a report is built once. Never throws for
   * a report that cannot be built: the row says failed, with the reason in one line.
   */
  async function generate(reportId: string): Promise<void> {
    const started = deps.clock()
    const row = await q.claimReport(db, reportId, started, new Date(started.getTime() - STALE_MS))
    if (!row) return
    const attempt = row.attempts
    const step = async (progress: number, note: string) => {
      await q.setProgress(db, reportId, attempt, { progress, progressNote: note, at: deps.clock() })
    }
    try {
      const spec = specOf(row)
      await step(0, 'Reading the figures')
      const doc = await build(row.partnershipId, spec, row.requestedBy, (fraction, note) =>
        step(Math.round(Math.min(1, Math.max(0, fraction)) * 60), note),
      )
      const contentHash = contentHashOf(doc)
      const gen: Generation = { generatedBy: row.requestedBy, generatedAt: deps.clock().toISOString() }
      await step(60, 'Writing the report')
      const html = Buffer.from(renderers.html(doc, gen), 'utf8')
      await step(65, 'Printing the PDF')
      // Without Chromium (a fresh machine without it) the report is made without its PDF, and says so.
      const pdf = await renderers.pdf(html.toString('utf8'), doc).catch((err: unknown) => {
        if (err instanceof PdfUnavailable) return err
        throw err
      })
      await step(85, 'Writing the spreadsheet')
      const xlsx = await renderers.xlsx(doc, gen)
      await step(95, 'Storing the files')
      const files: Partial<Record<ReportFormat, Buffer>> = { html, xlsx }
      if (Buffer.isBuffer(pdf)) files.pdf = pdf
      await db.transaction(async (tx) => {
        // Done and its files together; nothing if another worker took the report over meanwhile.
        const done = await q.markDone(tx, reportId, attempt, {
          contentHash,
          title: doc.title,
          at: deps.clock(),
          note: Buffer.isBuffer(pdf) ? null : `Made without the PDF: ${pdf.message}`,
        })
        if (!done) return
        await q.insertFiles(
          tx,
          Object.entries(files).map(([format, data]) => ({
            reportId,
            format,
            contentType: CONTENT_TYPES[format as ReportFormat],
            bytes: data.length,
            sha256: sha256(data),
            data,
          })),
        )
      })
    } catch (err) {
      await q.markFailed(db, reportId, attempt, oneLine(err), deps.clock())
    }
  }

  return { build, renderOne, generate }
}

/** What a stored report is of. */
export const specOf = (row: q.ReportDbRow): ReportSpec => ({
  kind: row.kind as ReportSpec['kind'],
  period: row.period,
  asAt: row.asAt.toISOString(),
  level: row.level as ReportSpec['level'],
  themeKey: row.themeKey,
})

export { reportFilename }
