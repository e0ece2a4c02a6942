import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import type { FieldErrors } from '../../errors.ts'
import { parseForm } from '../../lib/forms.ts'
import { idParams, orShowErrors, slugParams } from '../../lib/pages.ts'
import type { Services } from '../../services.ts'
import { reportDefinitionPages } from './reports.definitions.pages.ts'
import { REPORT_FORMATS } from './reports.model.ts'
import { reportPolicy } from './reports.policy.ts'
import { isFinished, REPORT_CSP, reportChoices, reportListItem, reportView } from './reports.presenter.ts'
import { reportKind, reportLevel, reportRequest } from './reports.schema.ts'

type Values = Record<string, unknown>

/**
 * The form's fields as the request takes them: the date and time of the as-at moment are two
 * inputs (the time optional: a date alone means the end of that day, UK time), blank means now.
 */
function requestFromForm(body: Values) {
  const date = typeof body.asAt === 'string' ? body.asAt.trim() : ''
  const time = typeof body.asAtTime === 'string' ? body.asAtTime.trim() : ''
  const asAt = date ? (time ? `${date}T${time}` : date) : time ? 'time-without-date' : ''
  const parsed = parseForm(reportRequest, { ...body, asAt, definitionId: body.definitionId ?? '' })
  if (!parsed.ok && asAt === 'time-without-date')
    parsed.errors.asAt = 'Enter the date as well as the time, or leave both blank for now'
  return parsed
}

/** Stored reports: the list, the form asking for one, its page with progress, and its files. */
export function reportPages(fastify: FastifyInstance, services: Services): Promise<void> {
  const { reports } = services
  const app = fastify.withTypeProvider<ZodTypeProvider>()
  const base = (request: FastifyRequest) => `/p/${request.partnership.slug}/reports`
  const page = { params: slugParams }
  const one = { params: idParams }
  const file = { params: idParams.extend({ format: z.enum(REPORT_FORMATS) }) }

  app.get(
    '/p/:slug/reports',
    { schema: page, config: { policy: reportPolicy.read } },
    async (request, reply) => {
      const pid = request.partnership.id
      const [rows, definitions, choices] = await Promise.all([
        reports.list(request.actor, pid),
        reports.definitions.list(request.actor, pid),
        reportChoices(services, request.actor, pid),
      ])
      const withFiles = await Promise.all(
        rows.map(async (r) =>
          r.status === 'done' ? reports.get(request.actor, pid, r.id) : { ...r, files: [] },
        ),
      )
      return reply.render('reports/views/index.njk', {
        title: 'Reports',
        reports: withFiles.map((r) => reportListItem(r, choices, base(request))),
        definitions: definitions.map((d) => ({
          ...d,
          kindName: choices.kindName(d.kind),
          scope: choices.scope(d.level, d.themeKey),
        })),
        canGenerate: reportPolicy.generate(request.actor, pid),
        canManage: reportPolicy.manageDefinitions(request.actor, pid),
      })
    },
  )

  async function renderForm(
    request: FastifyRequest,
    reply: FastifyReply,
    values: Values,
    errors?: FieldErrors,
  ) {
    const choices = await reportChoices(services, request.actor, request.partnership.id)
    return reply.render('reports/views/form.njk', {
      title: 'Generate a report',
      values: { period: choices.defaultPeriod ?? '', level: 'target', ...values },
      errors,
      kindItems: choices.kindItems(values.kind, { withSummary: true }),
      levelItems: choices.levelItems(values.level ?? 'target'),
      themeItems: choices.themeItems(values.themeKey),
      themeCutKinds: choices.themeCutNames,
    })
  }

  app.get(
    '/p/:slug/reports/new',
    {
      schema: { ...page, querystring: z.object({ definition: z.string().optional() }) },
      config: { policy: reportPolicy.generate },
    },
    async (request, reply) => {
      const id = request.query.definition
      if (id && z.uuid().safeParse(id).success) {
        const d = await reports.definitions.get(request.actor, request.partnership.id, id)
        return renderForm(request, reply, {
          kind: d.kind,
          level: d.level,
          themeKey: d.themeKey ?? '',
          definitionId: d.id,
          definitionName: d.name,
        })
      }
      return renderForm(request, reply, {})
    },
  )

  app.post(
    '/p/:slug/reports',
    { schema: page, config: { policy: reportPolicy.generate } },
    async (request, reply) => {
      const body = (request.body ?? {}) as Values
      const invalid = (errors: FieldErrors) => renderForm(request, reply, body, errors)
      const form = requestFromForm(body)
      if (!form.ok) {
        reply.status(422)
        return invalid(form.errors)
      }
      return orShowErrors(
        reply,
        async () => {
          const row = await reports.request(request.actor, request.partnership.id, form.data)
          request.flash('success', `${row.title} has been asked for: it is being generated`)
          return reply.redirect(`${base(request)}/${row.id}`)
        },
        invalid,
      )
    },
  )

  app.get(
    '/p/:slug/reports/:id',
    {
      schema: { ...one, querystring: z.object({ refresh: z.string().optional() }) },
      config: { policy: reportPolicy.read },
    },
    async (request, reply) => {
      const pid = request.partnership.id
      const [report, choices] = await Promise.all([
        reports.get(request.actor, pid, request.params.id),
        reportChoices(services, request.actor, pid),
      ])
      return reply.render('reports/views/show.njk', {
        title: report.title,
        report: reportView(report, choices, base(request)),
        // Without JavaScript the page reloads itself until the report is finished, unless asked not to.
        autoRefresh: !isFinished(report.status) && request.query.refresh !== 'off',
        canGenerate: reportPolicy.generate(request.actor, pid),
      })
    },
  )

  // The HTML of record, shown as it is: its own inline styles and SVG, and nothing else.
  app.get(
    '/p/:slug/reports/:id/view',
    {
      schema: one,
      config: { policy: reportPolicy.read },
      helmet: { enableCSPNonces: false, contentSecurityPolicy: { directives: REPORT_CSP } },
    },
    async (request, reply) => {
      const f = await reports.file(request.actor, request.partnership.id, request.params.id, 'html')
      return reply
        .type(f.contentType)
        .header('content-disposition', `inline; filename="${f.filename}"`)
        .send(f.data)
    },
  )

  app.get(
    '/p/:slug/reports/:id/files/:format',
    {
      schema: file,
      config: { policy: reportPolicy.read },
      helmet: { enableCSPNonces: false, contentSecurityPolicy: { directives: REPORT_CSP } },
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

  // A failed report asked for again: the same definition, as at the same moment.
  app.post(
    '/p/:slug/reports/:id/retry',
    { schema: one, config: { policy: reportPolicy.generate } },
    async (request, reply) => {
      const pid = request.partnership.id
      const old = await reports.get(request.actor, pid, request.params.id)
      const row = await reports.request(request.actor, pid, {
        kind: reportKind.parse(old.kind),
        period: old.period,
        asAt: old.asAt,
        level: reportLevel.parse(old.level),
        themeKey: old.themeKey,
        definitionId: old.definitionId,
      })
      request.flash('success', `${row.title} has been asked for again`)
      return reply.redirect(`${base(request)}/${row.id}`)
    },
  )

  reportDefinitionPages(fastify, services)

  // Routes are registered synchronously; the modules' index awaits every registrar alike.
  return Promise.resolve()
}
