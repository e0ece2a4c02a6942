import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { validationError } from '../../errors.ts'
import { errorDoc, errorResponses, slugParams } from '../../lib/api.ts'
import type { Services } from '../../services.ts'
import { uploadedSource } from './upload.ts'
import { workbookPolicy } from './workbook.policy.ts'
import { sendFile } from './workbook.pages.ts'
import { valueExportFilters } from '../values/values.export.ts'
import { exportFormats } from '../../workbook/write.ts'

const cell = z.union([z.string(), z.number(), z.boolean(), z.null()])

const row = z.record(z.string(), cell)

const importBody = z
  .union([
    z.object({
      sheets: z
        .record(z.string(), z.array(row))
        .describe(
          'Sheet name → rows; each row maps a column header to its cell, e.g. { "gss_code": "E10000018" }',
        ),
    }),
    z.array(row).describe('The rows of one sheet, named by `?sheet=` (e.g. Values)'),
  ])
  .describe(
    'Sheets as JSON, or one sheet’s rows as a JSON array with `?sheet=` (or send multipart/form-data with the file in a part named `file`)',
  )

const yes = z
  .enum(['true', 'false', 'yes', 'no', '1', '0'])
  .optional()
  .transform((v) => v === 'true' || v === 'yes' || v === '1')

const counts = z.object({
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
})

const importResult = z.object({
  data: z.object({
    sheets: z.record(z.string(), counts).describe('What changed, per sheet read'),
    warnings: z.array(z.string()).describe('`Sheet!row column: message`, e.g. unknown columns ignored'),
  }),
})

export function workbookApi(
  fastify: FastifyInstance,
  { workbook }: Services,
  config: { uploadLimitBytes: number },
): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>()
  const tags = ['Workbook']

  app.post(
    '/api/v1/partnerships/:slug/imports',
    {
      config: { policy: workbookPolicy.upload },
      schema: {
        tags,
        summary: 'Import workbook sheets, all or nothing',
        description:
          'Send an .xlsx workbook or a CSV file as multipart/form-data (a part named `file`; a CSV file is named ' +
          'after its sheet, like Places.csv, or give `?sheet=`), JSON `{ "sheets": { "Places": [ … ] } }`, or ' +
          'one sheet’s rows as a JSON array with `?sheet=Values`. ' +
          'If any row is wrong nothing is written and the 422 `import_failed` error lists every problem in ' +
          '`details` as `Sheet!row column: message`. Values are imported as submitted (`approve=true`: ' +
          'approved, for administrators and performance officers); data providers may import values of their ' +
          'own organisation’s indicators only. Files stream: a million-row Values file is fine.',
        params: slugParams,
        querystring: z.object({
          sheet: z
            .string()
            .optional()
            .describe('The sheet a CSV file (or a JSON array) holds, when its name does not say'),
          approve: yes.describe('Approve imported values at once rather than submit them (managers only)'),
        }),
        // A multipart request has no parsed body (null) when it reaches validation.
        body: importBody.nullish(),
        response: { 200: importResult, 413: errorDoc, ...errorResponses },
      },
    },
    async (request) => {
      let source
      const body = request.body
      if (request.isMultipart()) {
        source = await uploadedSource(request, config.uploadLimitBytes, request.query.sheet)
        if (!source) throw validationError({ file: 'Send the file in a part named file' })
      } else if (Array.isArray(body)) {
        if (!request.query.sheet)
          throw validationError({ sheet: 'Say which sheet the rows are for, like ?sheet=Values' })
        source = { kind: 'json' as const, sheets: { [request.query.sheet]: body } }
      } else if (body) {
        source = { kind: 'json' as const, sheets: body.sheets }
      } else {
        throw validationError({ _body: 'Send a file (multipart/form-data) or JSON { "sheets": { … } }' })
      }
      return {
        data: await workbook.import(request.actor, request.partnership.id, source, {
          approve: request.query.approve,
        }),
      }
    },
  )

  app.get(
    '/api/v1/partnerships/:slug/exports/:sheet',
    {
      schema: {
        tags,
        summary: 'Export a sheet (or `workbook` for every sheet) as CSV, XLSX or JSON',
        description:
          'The file an import reads back unchanged. JSON is an array of row objects for one sheet, and the ' +
          'import body `{ "sheets": { … } }` for the whole workbook. The Values sheet takes filters ' +
          '(`period`, `place`, `indicator`, `status`) and may be exported by any member of the partnership.',
        params: z.object({
          slug: z.string(),
          sheet: z.string().describe('A sheet name, like Places, or workbook'),
        }),
        querystring: z.object({
          format: z.enum(exportFormats).default('csv'),
          period: z.string().optional().describe(valueExportFilters.period),
          place: z.string().optional().describe(valueExportFilters.place),
          indicator: z.string().optional().describe(valueExportFilters.indicator),
          status: z.string().optional().describe(valueExportFilters.status),
          'as-at': z.string().optional().describe('Assessments only: a date or ISO date-time'),
        }),
        response: { 200: z.any().describe('The file'), ...errorResponses },
      },
    },
    async (request, reply) => {
      const { format, ...filters } = request.query
      return sendFile(
        reply,
        await workbook.export(request.actor, request.partnership.id, request.params.sheet, format, filters),
      )
    },
  )
  // Routes are registered synchronously; the modules' index awaits every registrar alike.
  return Promise.resolve()
}
