import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import type { FieldErrors } from '../../errors.ts'
import { parseForm } from '../../lib/forms.ts'
import { idParams, orShowErrors, slugParams } from '../../lib/pages.ts'
import type { Services } from '../../services.ts'
import { reportPolicy } from './reports.policy.ts'
import { reportChoices, scheduleText, type DefinitionLike } from './reports.presenter.ts'
import { definitionInput, reportKind, reportLevel } from './reports.schema.ts'

type Values = Record<string, unknown>

/**
 * The form's fields as a definition: the schedule is a choice (none, or after each round closes)
 * with its number of working days, the distribution list one address a line. An address the list
 * refuses is named in the message.
 */
function definitionFromForm(body: Values) {
  const addresses =
    typeof body.distribution === 'string' ? body.distribution.split(/[\s,;]+/).filter(Boolean) : []
  const parsed = parseForm(definitionInput, {
    name: body.name,
    kind: body.kind,
    level: body.level,
    themeKey: body.themeKey ?? '',
    schedule:
      body.scheduleKind === 'round-closed'
        ? { trigger: 'round-closed', workingDays: body.workingDays ?? '' }
        : null,
    distribution: addresses,
  })
  if (parsed.ok) return parsed
  const errors: FieldErrors = {}
  for (const [key, message] of Object.entries(parsed.errors)) {
    const item = /^distribution\.(\d+)$/.exec(key)
    if (item) errors.distribution ??= `“${addresses[Number(item[1])]}” is not an email address: ${message}`
    else if (key.startsWith('schedule')) errors.workingDays ??= message
    else errors[key] ??= message
  }
  return { ok: false as const, errors }
}

const formValues = (d: DefinitionLike): Values => ({
  name: d.name,
  kind: d.kind,
  level: d.level,
  themeKey: d.themeKey ?? '',
  scheduleKind: d.schedule ? 'round-closed' : 'none',
  workingDays: d.schedule ? String(d.schedule.workingDays) : '',
  distribution: d.distribution.join('\n'),
})

/** Saved report definitions: the list, add and change, archive, and generate one now. */
export function reportDefinitionPages(fastify: FastifyInstance, services: Services) {
  const { reports } = services
  const app = fastify.withTypeProvider<ZodTypeProvider>()
  const base = (request: FastifyRequest) => `/p/${request.partnership.slug}/reports/definitions`
  const page = { params: slugParams }
  const one = { params: idParams }

  app.get(
    '/p/:slug/reports/definitions',
    { schema: page, config: { policy: reportPolicy.read } },
    async (request, reply) => {
      const pid = request.partnership.id
      const [rows, choices] = await Promise.all([
        reports.definitions.list(request.actor, pid),
        reportChoices(services, request.actor, pid),
      ])
      return reply.render('reports/views/definitions.njk', {
        title: 'Report definitions',
        definitions: rows.map((d) => ({
          ...d,
          kindName: choices.kindName(d.kind),
          scope: choices.scope(d.level, d.themeKey),
          scheduleText: scheduleText(d.schedule),
        })),
        defaultPeriod: choices.defaultPeriod,
        canGenerate: reportPolicy.generate(request.actor, pid),
        canManage: reportPolicy.manageDefinitions(request.actor, pid),
      })
    },
  )

  async function renderForm(
    request: FastifyRequest,
    reply: FastifyReply,
    definition: DefinitionLike | undefined,
    values: Values,
    errors?: FieldErrors,
  ) {
    const choices = await reportChoices(services, request.actor, request.partnership.id)
    const scheduleKind = values.scheduleKind ?? 'none'
    return reply.render('reports/views/definition-form.njk', {
      title: definition ? `Change ${definition.name}` : 'Add a report definition',
      definition,
      values: { level: 'target', ...values },
      errors,
      kindItems: choices.kindItems(values.kind),
      levelItems: choices.levelItems(values.level ?? 'target'),
      themeItems: choices.themeItems(values.themeKey),
      themeCutKinds: choices.themeCutNames,
      scheduleKind,
    })
  }

  app.get(
    '/p/:slug/reports/definitions/new',
    { schema: page, config: { policy: reportPolicy.manageDefinitions } },
    async (request, reply) => renderForm(request, reply, undefined, {}),
  )

  const save = (request: FastifyRequest, reply: FastifyReply, definition: DefinitionLike | undefined) => {
    const body = (request.body ?? {}) as Values
    const invalid = (errors: FieldErrors) => renderForm(request, reply, definition, body, errors)
    const form = definitionFromForm(body)
    if (!form.ok) {
      reply.status(422)
      return invalid(form.errors)
    }
    return orShowErrors(
      reply,
      async () => {
        const pid = request.partnership.id
        const row = definition
          ? await reports.definitions.update(request.actor, pid, definition.id, form.data)
          : await reports.definitions.create(request.actor, pid, form.data)
        request.flash('success', `${row.name} has been ${definition ? 'changed' : 'saved'}`)
        return reply.redirect(base(request))
      },
      invalid,
    )
  }

  app.post(
    '/p/:slug/reports/definitions',
    { schema: page, config: { policy: reportPolicy.manageDefinitions } },
    async (request, reply) => save(request, reply, undefined),
  )

  app.get(
    '/p/:slug/reports/definitions/:id/edit',
    { schema: one, config: { policy: reportPolicy.manageDefinitions } },
    async (request, reply) => {
      const d = await reports.definitions.get(request.actor, request.partnership.id, request.params.id)
      return renderForm(request, reply, d, formValues(d))
    },
  )

  app.post(
    '/p/:slug/reports/definitions/:id',
    { schema: one, config: { policy: reportPolicy.manageDefinitions } },
    async (request, reply) =>
      save(
        request,
        reply,
        await reports.definitions.get(request.actor, request.partnership.id, request.params.id),
      ),
  )

  app.post(
    '/p/:slug/reports/definitions/:id/archive',
    { schema: one, config: { policy: reportPolicy.manageDefinitions } },
    async (request, reply) => {
      const d = await reports.definitions.archive(request.actor, request.partnership.id, request.params.id)
      request.flash('success', `${d.name} has been archived`)
      return reply.redirect(base(request))
    },
  )

  // Generate now: the definition for the latest round's period, as at now; with no round to
  // take the period from, the form asks for it.
  app.post(
    '/p/:slug/reports/definitions/:id/generate',
    { schema: one, config: { policy: reportPolicy.generate } },
    async (request, reply) => {
      const pid = request.partnership.id
      const [d, choices] = await Promise.all([
        reports.definitions.get(request.actor, pid, request.params.id),
        reportChoices(services, request.actor, pid),
      ])
      const reportsBase = `/p/${request.partnership.slug}/reports`
      if (!choices.defaultPeriod) return reply.redirect(`${reportsBase}/new?definition=${d.id}`)
      const row = await reports.request(request.actor, pid, {
        kind: reportKind.parse(d.kind),
        period: choices.defaultPeriod,
        level: reportLevel.parse(d.level),
        themeKey: d.themeKey,
        definitionId: d.id,
      })
      request.flash('success', `${row.title} has been asked for: it is being generated`)
      return reply.redirect(`${reportsBase}/${row.id}`)
    },
  )
}
