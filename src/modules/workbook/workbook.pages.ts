import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { isAppError } from '../../errors.ts'
import { slugParams } from '../../lib/pages.ts'
import { valuePolicy } from '../values/values.policy.ts'
import { valueStatuses, valueStatusLabels } from '../values/values.schema.ts'
import type { Services } from '../../services.ts'
import { PROGRESS_ID, UploadProgressRegistry } from './progress.ts'
import { cleanStaleUploads } from '../../workbook/read-zip.ts'
import { csrfFromMultipart, uploadedSource } from './upload.ts'
import { workbookPolicy } from './workbook.policy.ts'
import { WHOLE_WORKBOOK, type ExportFile } from './workbook.service.ts'
import { exportFormats, type ExportFormat } from '../../workbook/write.ts'

const formatLabels: Record<ExportFormat, string> = { csv: 'CSV', xlsx: 'Excel (.xlsx)', json: 'JSON' }

/** Send a generated file as a download. */
export function sendFile(reply: FastifyReply, file: ExportFile) {
  return reply
    .header('content-disposition', `attachment; filename="${file.filename}"`)
    .header('cache-control', 'no-store')
    .type(file.contentType)
    .send(file.stream)
}

/** Import and export pages: upload a workbook or CSV, see what changed or every problem, download sheets. */
/** An upload's progress: its id is the page script's own (checked by the route), not a uuid. */
const progressParams = slugParams.extend({ id: z.string() })
/** The upload's `?progress=` id, when the page's script sent one (anything else: not tracked). */
const importQuery = z.looseObject({ progress: z.string().optional().catch(undefined) })
const exportParams = slugParams.extend({ sheet: z.string() })

export async function workbookPages(
  fastify: FastifyInstance,
  { workbook }: Services,
  config: { uploadLimitBytes: number },
) {
  const app = fastify.withTypeProvider<ZodTypeProvider>()
  // Temp copies of uploads left by a process that died mid-import (their folders name its pid).
  await cleanStaleUploads()
  const base = '/p/:slug/workbook'
  const uploads = new UploadProgressRegistry()

  const exportsTable = (request: FastifyRequest) => {
    const { slug, id } = request.partnership
    const href = (sheet: string, format: ExportFormat) =>
      `/p/${slug}/workbook/exports/${sheet}?format=${format}`
    const row = (name: string, sheet: string, formats: readonly ExportFormat[]) => ({
      name,
      links: formats.map((f) => ({ text: formatLabels[f], href: href(sheet, f) })),
    })
    return [
      ...workbook.sheets
        .filter((s) => workbook.mayExport(s, request.actor, id))
        .map((s) => row(s.name, s.name, exportFormats)),
      ...(workbookPolicy.export(request.actor, id)
        ? [row('Whole workbook', WHOLE_WORKBOOK, ['xlsx', 'json'])]
        : []),
    ]
  }

  interface IndexExtra {
    fileError?: string
    problems?: string[]
    /** The Values export form, as sent, and what is wrong with it. */
    filters?: Record<string, string | undefined>
    filterErrors?: Record<string, string>
  }

  const renderIndex = (request: FastifyRequest, reply: FastifyReply, extra: IndexExtra = {}) => {
    const { id } = request.partnership
    const filterErrors = extra.filterErrors ?? {}
    return reply.render('workbook/views/index.njk', {
      title: 'Import and export',
      sheets: workbook.sheets
        .filter((s) => !s.exportOnly && s.importer && workbook.mayImport(s, request.actor, id))
        .map((s) => s.name),
      canApprove: valuePolicy.approve(request.actor, id),
      canExportValues: valuePolicy.read(request.actor, id),
      isManager: workbookPolicy.import(request.actor, id),
      exports: exportsTable(request),
      statuses: valueStatuses.map((v) => ({ value: v, text: valueStatusLabels[v] })),
      filters: extra.filters ?? {},
      filterErrors,
      fileError: extra.fileError,
      problems: extra.problems,
      errorList: extra.problems?.length
        ? extra.problems.map((text) => ({ text, href: '#file' }))
        : extra.fileError
          ? [{ text: extra.fileError, href: '#file' }]
          : Object.entries(filterErrors).map(([field, text]) => ({ text, href: `#${field}` })),
    })
  }

  app.get(base, { config: { policy: workbookPolicy.upload } }, async (request, reply) =>
    renderIndex(request, reply),
  )

  /** How far an upload started from this page has got: the page's script polls it. */
  app.get(
    `${base}/imports/:id/progress`,
    // The id is the page script's own (checked below), not a uuid.
    { schema: { params: progressParams }, config: { policy: workbookPolicy.upload, freeParams: true } },
    async (request, reply) => {
      const p = request.partnership
      const { id } = request.params
      const found = PROGRESS_ID.test(id) ? uploads.get(id, request.actor.userId, p.id) : undefined
      reply.header('cache-control', 'no-store')
      if (!found) return reply.status(404).send({ error: { id: 'not_found', message: 'No such upload' } })
      return found
    },
  )

  app.post(
    `${base}/import`,
    {
      schema: { querystring: importQuery },
      config: { policy: workbookPolicy.upload },
      // The form sends its CSRF token as its first field, not in the address.
      preParsing: async (request, _reply, payload) => {
        await csrfFromMultipart(request)
        return payload
      },
    },
    async (request, reply) => {
      const p = request.partnership
      const { progress: progressId } = request.query
      const tracked =
        progressId && PROGRESS_ID.test(progressId)
          ? uploads.start(progressId, request.actor.userId, p.id)
          : undefined
      let ok = false
      try {
        const source = request.isMultipart()
          ? await uploadedSource(request, config.uploadLimitBytes)
          : undefined
        if (!source) {
          reply.status(422)
          return renderIndex(request, reply, { fileError: 'Select a CSV or Excel (.xlsx) file to import' })
        }
        const result = await workbook.import(request.actor, p.id, source, {
          approve: source.fields.approve === 'yes',
          onProgress: tracked?.update,
        })
        ok = true
        return reply.render('workbook/views/result.njk', {
          title: 'Import complete',
          filename: source.filename,
          counts: Object.entries(result.sheets).map(([sheet, c]) => ({ sheet, ...c })),
          warnings: result.warnings,
        })
      } catch (e) {
        if (isAppError(e) && e.id === 'import_failed') {
          reply.status(422)
          return renderIndex(request, reply, { fileError: e.message, problems: e.details ?? [] })
        }
        if (isAppError(e) && e.id === 'payload_too_large') {
          reply.status(413)
          return renderIndex(request, reply, { fileError: e.message })
        }
        throw e
      } finally {
        tracked?.finish(ok)
      }
    },
  )

  app.get(`${base}/exports/:sheet`, { schema: { params: exportParams } }, async (request, reply) => {
    const { sheet } = request.params
    // Any filter is passed on: the service names one it does not take, and the form shows why.
    const { format: asked, ...rest } = request.query as Record<string, string | undefined>
    const format = exportFormats.find((f) => f === asked) ?? 'csv'
    const filters = Object.fromEntries(Object.entries(rest).filter(([k, v]) => k !== '_csrf' && v))
    try {
      return sendFile(
        reply,
        await workbook.export(request.actor, request.partnership.id, sheet, format, filters),
      )
    } catch (e) {
      // A bad filter on the Values export form: show the form again saying what is wrong.
      if (isAppError(e) && e.id === 'validation_failed' && e.fields && !e.fields.format) {
        reply.status(422)
        return renderIndex(request, reply, { filters: { ...filters, format }, filterErrors: e.fields })
      }
      throw e
    }
  })

  app.get(`${base}/template`, { config: { policy: workbookPolicy.export } }, async (request, reply) =>
    sendFile(reply, workbook.template(request.actor, request.partnership.id)),
  )
}
