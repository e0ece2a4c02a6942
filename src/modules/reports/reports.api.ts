import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { errorResponses, listOf, one, slugIdParams, slugParams } from '../../lib/api.ts'
import type { Services } from '../../services.ts'
import { REPORT_FORMATS, REPORT_KINDS } from './reports.model.ts'
import { reportPolicy } from './reports.policy.ts'
import {
  definitionDoc,
  presentDefinition,
  presentReport,
  reportDoc,
  reportKindDoc,
} from './reports.presenter.ts'
import { definitionInput, reportRequest } from './reports.schema.ts'

/**
 * Reports over the API: ask for one (202, generated in the background: poll its `status` and
 * `progress`), list and read them, download their files, and keep the saved definitions.
 */
export function reportApi(fastify: FastifyInstance, { reports }: Services): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>()
  const tags = ['Reports']
  const base = '/api/v1/partnerships/:slug/reports'
  const definitions = '/api/v1/partnerships/:slug/report-definitions'

  app.get(
    '/api/v1/report-kinds',
    {
      schema: {
        tags,
        summary: 'The kinds of report, in order, with who each is for and whether it can be cut to one theme',
        response: { 200: listOf(reportKindDoc), ...errorResponses },
      },
    },
    () => Promise.resolve({ data: reports.kinds() }),
  )

  app.get(
    base,
    {
      config: { policy: reportPolicy.read },
      schema: {
        tags,
        summary: 'Stored reports, newest first',
        params: slugParams,
        querystring: z.object({
          kind: z.enum(REPORT_KINDS).optional(),
          limit: z.coerce.number().int().min(1).max(500).optional().describe('Default 50'),
        }),
        response: { 200: listOf(reportDoc), ...errorResponses },
      },
    },
    async (request) => {
      const pid = request.partnership.id
      const rows = await reports.list(request.actor, pid, request.query)
      // Files are listed for finished reports only: the others have none yet.
      const full = await Promise.all(
        rows.map((r) => (r.status === 'done' ? reports.get(request.actor, pid, r.id) : Promise.resolve(r))),
      )
      return { data: full.map((r) => presentReport(request.partnership.slug, r)) }
    },
  )

  app.post(
    base,
    {
      config: { policy: reportPolicy.generate },
      schema: {
        tags,
        summary:
          'Ask for a report: stored as queued and generated in the background (202, Location: the report)',
        params: slugParams,
        body: reportRequest,
        response: { 202: one(reportDoc), ...errorResponses },
      },
    },
    async (request, reply) => {
      const row = await reports.request(request.actor, request.partnership.id, request.body)
      return reply
        .status(202)
        .header('location', `/api/v1/partnerships/${request.partnership.slug}/reports/${row.id}`)
        .send({ data: presentReport(request.partnership.slug, row) })
    },
  )

  app.get(
    `${base}/:id`,
    {
      config: { policy: reportPolicy.read },
      schema: {
        tags,
        summary: 'A report: what it is of, its status and progress, and its files once done',
        params: slugIdParams,
        response: { 200: one(reportDoc), ...errorResponses },
      },
    },
    async (request) => ({
      data: presentReport(
        request.partnership.slug,
        await reports.get(request.actor, request.partnership.id, request.params.id),
      ),
    }),
  )

  app.get(
    `${base}/:id/files/:format`,
    {
      config: { policy: reportPolicy.read },
      schema: {
        tags,
        summary: 'A finished report’s file: html (the report of record), pdf or xlsx, as an attachment',
        params: slugIdParams.extend({ format: z.enum(REPORT_FORMATS) }),
        response: { 200: z.any().describe('The file'), ...errorResponses },
      },
    },
    async (request, reply) => {
      const { id, format } = request.params
      const f = await reports.file(request.actor, request.partnership.id, id, format)
      return reply
        .type(f.contentType)
        .header('content-disposition', `attachment; filename="${f.filename}"`)
        .send(f.data)
    },
  )

  app.get(
    definitions,
    {
      config: { policy: reportPolicy.read },
      schema: {
        tags,
        summary: 'Saved report definitions (archived ones are left out)',
        params: slugParams,
        response: { 200: listOf(definitionDoc), ...errorResponses },
      },
    },
    async (request) => ({
      data: (await reports.definitions.list(request.actor, request.partnership.id)).map(presentDefinition),
    }),
  )

  app.post(
    definitions,
    {
      config: { policy: reportPolicy.manageDefinitions },
      schema: {
        tags,
        summary: 'Save a report definition (kind, level, theme, schedule and distribution list)',
        params: slugParams,
        body: definitionInput,
        response: { 201: one(definitionDoc), ...errorResponses },
      },
    },
    async (request, reply) => {
      const row = await reports.definitions.create(request.actor, request.partnership.id, request.body)
      return reply.status(201).send({ data: presentDefinition(row) })
    },
  )

  app.get(
    `${definitions}/:id`,
    {
      config: { policy: reportPolicy.read },
      schema: {
        tags,
        summary: 'A saved report definition',
        params: slugIdParams,
        response: { 200: one(definitionDoc), ...errorResponses },
      },
    },
    async (request) => ({
      data: presentDefinition(
        await reports.definitions.get(request.actor, request.partnership.id, request.params.id),
      ),
    }),
  )

  app.put(
    `${definitions}/:id`,
    {
      config: { policy: reportPolicy.manageDefinitions },
      schema: {
        tags,
        summary: 'Change a report definition',
        params: slugIdParams,
        body: definitionInput,
        response: { 200: one(definitionDoc), ...errorResponses },
      },
    },
    async (request) => ({
      data: presentDefinition(
        await reports.definitions.update(
          request.actor,
          request.partnership.id,
          request.params.id,
          request.body,
        ),
      ),
    }),
  )

  app.delete(
    `${definitions}/:id`,
    {
      config: { policy: reportPolicy.manageDefinitions },
      schema: {
        tags,
        summary: 'Archive a report definition (the reports made from it stay)',
        params: slugIdParams,
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await reports.definitions.archive(request.actor, request.partnership.id, request.params.id)
      return reply.status(204).send(null)
    },
  )

  // Routes are registered synchronously; the modules' index awaits every registrar alike.
  return Promise.resolve()
}
