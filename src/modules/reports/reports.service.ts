import type { Db } from '../../db/client.ts'
import { notFound, validationError } from '../../errors.ts'
import { ukDate, type Clock } from '../../lib/clock.ts'
import { mutate } from '../audit/mutation.ts'
import type { Actor } from '../auth/actor.ts'
import { authorize } from '../auth/policy.ts'
import type { OutboxService } from '../outbox/outbox.service.ts'
import type { PartnershipsService } from '../partnerships/partnerships.service.ts'
import type { StrategyService } from '../strategy/strategy.service.ts'
import { KINDS } from './kinds/index.ts'
import type { KindDefinition, ReportSources } from './kinds/kind.ts'
import { checkKindAndTheme, CONTENT_TYPES, insertRequestIn, reportFilename } from './reports.shared.ts'
import { createDefinitionUseCases } from './reports.definitions.service.ts'
import { createGenerator, defaultRenderers, specOf, STALE_MS, type Renderers } from './reports.generate.ts'
import type { ReportDocument, ReportFormat, ReportSpec } from './reports.model.ts'
import { reportPolicy } from './reports.policy.ts'
import * as q from './reports.queries.ts'
import { createScheduleUseCases } from './reports.schedule.ts'
import type { ReportRequest } from './reports.schema.ts'

export type { DefinitionRow } from './reports.queries.ts'
export type { Renderers } from './reports.generate.ts'

export interface ReportsDeps {
  clock: Clock
  outbox: Pick<OutboxService, 'recordIn'>
  /** Links in the distribution mail: `${baseUrl}/p/<slug>/reports/<id>`. */
  baseUrl: string
  partnerships: Pick<PartnershipsService, 'find'>
  strategy: Pick<StrategyService, 'findCurrentNodes'>
  /** The modules a kind reads. */
  sources: ReportSources
  /** The registered kinds (tests may give their own). */
  kinds?: readonly KindDefinition[]
  /** The formats' renderers (tests may give their own). */
  renderers?: Renderers
}

/** Where a requested report goes to be generated: pg-boss once the jobs start (reports.jobs.ts). */
export interface ReportQueue {
  enqueue(reportId: string): Promise<void>
}

/** A stored report as the pages and the API see it (never its files' bytes). */
export interface ReportRow {
  id: string
  kind: string
  title: string
  period: string
  asAt: Date
  level: string
  themeKey: string | null
  status: 'queued' | 'running' | 'done' | 'failed'
  progress: number
  progressNote: string | null
  requestedBy: string
  requestedAt: Date
  startedAt: Date | null
  finishedAt: Date | null
  error: string | null
  contentHash: string | null
  definitionId: string | null
  /** How many times a worker has taken it (1 when it was built once). */
  attempts: number
}

export const toReportRow = (r: q.ReportDbRow): ReportRow => ({
  id: r.id,
  kind: r.kind,
  title: r.title,
  period: r.period,
  asAt: r.asAt,
  level: r.level,
  themeKey: r.themeKey,
  status: r.status as ReportRow['status'],
  progress: r.progress,
  progressNote: r.progressNote,
  requestedBy: r.requestedBy,
  requestedAt: r.requestedAt,
  startedAt: r.startedAt,
  finishedAt: r.finishedAt,
  error: r.error,
  contentHash: r.contentHash,
  definitionId: r.definitionId,
  attempts: r.attempts,
})

/**
 * Reports (reports.md): asked for, generated in the background as at a moment, stored with their
 * files and never changed; saved definitions, scheduled and sent to a distribution list.
 */
export function createReportsService(db: Db, deps: ReportsDeps) {
  const kinds = deps.kinds ?? KINDS
  const generator = createGenerator(db, { ...deps, kinds, renderers: deps.renderers ?? defaultRenderers })

  // Until the jobs start, a report is generated in this process, in the background.
  let queue: ReportQueue = {
    enqueue: (reportId) => {
      setImmediate(() => void generator.generate(reportId).catch(() => {}))
      return Promise.resolve()
    },
  }
  /** Hand a committed request to the queue; if that fails it stays queued and is re-sent at start. */
  const enqueue = (reportId: string) =>
    queue.enqueue(reportId).catch((err: unknown) => {
      console.warn(
        `reports: could not queue ${reportId}: ${err instanceof Error ? err.message : String(err)}`,
      )
    })

  /** Check a request and fix what it is of: the moment (default now, never later), kind and theme. */
  async function specFor(
    partnershipId: string,
    input: ReportRequest,
  ): Promise<{ spec: ReportSpec; title: string }> {
    const now = deps.clock()
    let asAt = input.asAt ?? now
    // A date typed for today means the end of today: as at now, not a moment still to come.
    if (asAt > now) {
      if (ukDate(asAt) !== ukDate(now))
        throw validationError({ asAt: 'The as-at moment must not be in the future' })
      asAt = now
    }
    const { kind, theme } = await checkKindAndTheme(db, deps, kinds, partnershipId, input)
    if (input.definitionId && !(await q.findDefinition(db, partnershipId, input.definitionId)))
      throw validationError({ definitionId: 'Choose a saved report definition of this partnership' })
    const spec: ReportSpec = {
      kind: kind.kind,
      period: input.period,
      asAt: asAt.toISOString(),
      level: input.level,
      themeKey: theme?.key ?? null,
    }
    return { spec, title: `${kind.name}: ${input.period}` }
  }

  async function load(actor: Actor, partnershipId: string, id: string) {
    authorize(reportPolicy.read, actor, partnershipId)
    const row = await q.findReport(db, partnershipId, id)
    if (!row) throw notFound('Report')
    return row
  }

  async function slugOf(partnershipId: string) {
    const p = await deps.partnerships.find(db, partnershipId)
    if (!p) throw notFound('Partnership')
    return p.slug
  }

  return {
    /** The registered kinds, in reports.md's order. */
    kinds: () =>
      kinds.map((k) => ({
        kind: k.kind,
        name: k.name,
        audience: k.audience,
        summary: k.summary,
        themeCut: k.themeCut,
      })),

    /** Ask for a report: recorded (audited) as queued, then handed to the queue after it commits. */
    async request(actor: Actor, partnershipId: string, input: ReportRequest): Promise<ReportRow> {
      authorize(reportPolicy.generate, actor, partnershipId)
      const { spec, title } = await specFor(partnershipId, input)
      const row = await mutate(db, actor, { partnershipId }, async (tx) => {
        const created = await insertRequestIn(tx, actor, partnershipId, {
          spec,
          title,
          definitionId: input.definitionId ?? null,
          requestedAt: deps.clock(),
        })
        return {
          result: created,
          audit: { entityType: 'report', entityId: created.id, action: 'request', after: created },
        }
      })
      await enqueue(row.id)
      return toReportRow(row)
    },

    /** The partnership's reports, newest first (50 unless told, at most 500). */
    async list(
      actor: Actor,
      partnershipId: string,
      opts: { kind?: string; limit?: number } = {},
    ): Promise<ReportRow[]> {
      authorize(reportPolicy.read, actor, partnershipId)
      const limit = Math.min(Math.max(1, Math.floor(opts.limit ?? 50)), 500)
      const rows = await q.listReports(db, partnershipId, {
        ...(opts.kind ? { kind: opts.kind } : {}),
        limit,
      })
      return rows.map(toReportRow)
    },

    /** A report with its files' descriptions (404 if not the partnership's). */
    async get(actor: Actor, partnershipId: string, id: string) {
      const row = await load(actor, partnershipId, id)
      const order: string[] = ['html', 'pdf', 'xlsx']
      const files = (await q.filesOf(db, [id]))
        .map(({ format, contentType, bytes, sha256 }) => ({
          format: format as ReportFormat,
          contentType,
          bytes,
          sha256,
        }))
        .sort((a, b) => order.indexOf(a.format) - order.indexOf(b.format))
      return { ...toReportRow(row), files }
    },

    /** One stored file of a done report, with the name to download it as. */
    async file(actor: Actor, partnershipId: string, id: string, format: ReportFormat) {
      const row = await load(actor, partnershipId, id)
      const file = row.status === 'done' ? await q.fileData(db, id, format) : undefined
      if (!file) throw notFound('Report file')
      return {
        data: file.data,
        contentType: file.contentType,
        filename: reportFilename(await slugOf(partnershipId), specOf(row), format),
      }
    },

    /** Build and render a report now without storing it (the command line, the benchmark). */
    async render(
      actor: Actor,
      partnershipId: string,
      input: ReportRequest,
      format: ReportFormat,
    ): Promise<{ data: Buffer; contentType: string; filename: string; document: ReportDocument }> {
      authorize(reportPolicy.generate, actor, partnershipId)
      const { spec } = await specFor(partnershipId, input)
      const document = await generator.build(partnershipId, spec, actor.label, () => Promise.resolve())
      const gen = { generatedBy: actor.label, generatedAt: deps.clock().toISOString() }
      return {
        data: await generator.renderOne(document, gen, format),
        contentType: CONTENT_TYPES[format],
        filename: reportFilename(document.partnership.slug, spec, format),
        document,
      }
    },

    /** The job: build, render and store one report (once, whichever worker claims it). */
    generate: generator.generate,

    /** Send requested reports to this queue from now on (the jobs, once started). */
    useQueue(next: ReportQueue) {
      queue = next
    },

    /** Re-send reports still queued, or running with a silent worker (a restart); their ids. */
    async requeueStranded(): Promise<string[]> {
      const ids = await q.strandedReports(db, new Date(deps.clock().getTime() - STALE_MS))
      for (const id of ids) await enqueue(id)
      return ids
    },

    ...createScheduleUseCases(db, { ...deps, kinds, enqueue }),

    /** Saved report definitions. */
    definitions: createDefinitionUseCases(db, { ...deps, kinds }),
  }
}

export type ReportsService = ReturnType<typeof createReportsService>
