import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { forbidden } from '../../errors.ts'
import { errorResponses, listOf, one } from '../../lib/api.ts'
import { submitForm } from '../../lib/pages.ts'
import type { Services } from '../../services.ts'
import type { Actor } from '../auth/actor.ts'
import { formItems, presentIndicator } from './indicators.presenter.ts'
import { UNTITLED, indicatorDoc, indicatorInput } from './indicators.schema.ts'
import { mayChangeNational } from './indicators.service.ts'

/** The route rule of the national indicators: system administrators (the walk's expectation). */
export const nationalRule = (actor: Actor) => mayChangeNational(actor)

/** Refused before the body is validated, as a partnership route's policy is. */
const systemAdminsOnly = (request: FastifyRequest) =>
  nationalRule(request.actor) ? Promise.resolve() : Promise.reject(forbidden())

const nationalParams = z.object({ id: z.uuid() })

/**
 * The installation's national indicators, kept by system administrators: `/admin/indicators`
 * (list, change) and `/api/v1/indicators` (list, replace one). A change reaches every partnership.
 */
export function nationalIndicatorRoutes(fastify: FastifyInstance, { indicators }: Services): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>()
  const base = '/admin/indicators'
  const locals = (row?: { id: string }) => ({
    items: formItems,
    national: true,
    formAction: row ? `${base}/${row.id}` : base,
    backHref: base,
    organisationItems: () => [],
  })

  app.get(base, { preValidation: systemAdminsOnly }, async (request, reply) => {
    const rows = await indicators.listNational(request.actor)
    return reply.render('indicators/views/national.njk', {
      title: 'National indicators',
      indicators: rows,
      untitled: UNTITLED,
    })
  })

  app.get(
    `${base}/:id/edit`,
    { preValidation: systemAdminsOnly, schema: { params: nationalParams } },
    async (request, reply) => {
      const { id } = request.params
      const row = await indicators.getNational(request.actor, id)
      return reply.render('indicators/views/form.njk', {
        title: `Change national indicator ${row.code}`,
        indicator: row,
        values: row,
        ...locals(row),
      })
    },
  )

  app.post(
    `${base}/:id`,
    { preValidation: systemAdminsOnly, schema: { params: nationalParams } },
    async (request, reply) => {
      const { id } = request.params
      const row = await indicators.getNational(request.actor, id)
      return submitForm(reply, {
        schema: indicatorInput,
        body: { ...(request.body as object), lagMonths: '', responsibleOrganisationId: '' },
        invalid: async (errors) =>
          reply.render('indicators/views/form.njk', {
            title: `Change national indicator ${row.code}`,
            indicator: row,
            values: request.body,
            errors,
            ...locals(row),
          }),
        valid: async (input) => {
          const updated = await indicators.updateNational(request.actor, id, input)
          request.flash('success', `${updated.code} has been updated for every partnership`)
          return reply.redirect(base)
        },
      })
    },
  )

  const tags = ['National indicators']
  app.get(
    '/api/v1/indicators',
    {
      preValidation: systemAdminsOnly,
      schema: {
        tags,
        summary: 'List the national indicators (system administrators)',
        response: { 200: listOf(indicatorDoc), ...errorResponses },
      },
    },
    async (request) => ({ data: (await indicators.listNational(request.actor)).map(presentIndicator) }),
  )
  app.put(
    '/api/v1/indicators/:id',
    {
      preValidation: systemAdminsOnly,
      schema: {
        tags,
        summary: 'Replace a national indicator’s definition, for every partnership (system administrators)',
        params: nationalParams,
        body: indicatorInput.describe(
          'The definition; `lagMonths` and `responsibleOrganisationId` are each partnership’s own and ignored here',
        ),
        response: { 200: one(indicatorDoc), ...errorResponses },
      },
    },
    async (request) => {
      const { id } = request.params
      const updated = await indicators.updateNational(request.actor, id, {
        ...request.body,
        lagMonths: null,
        responsibleOrganisationId: null,
      })
      return { data: presentIndicator(updated) }
    },
  )
  // Routes are registered synchronously; the modules' index awaits every registrar alike.
  return Promise.resolve()
}
