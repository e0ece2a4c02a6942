import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import type { FieldErrors } from '../../errors.ts'
import { idParams, slugParams, submitForm } from '../../lib/pages.ts'
import type { Services } from '../../services.ts'
import { riskPolicy } from './risks.policy.ts'
import { appetiteInput, bandOf, scoreBands } from './risks.schema.ts'

type Values = Record<string, unknown>

/** The board's risk appetite: registered from riskPages. */
export function riskAppetitePages(fastify: FastifyInstance, { risks }: Services) {
  const app = fastify.withTypeProvider<ZodTypeProvider>()
  const base = (request: FastifyRequest) => `/p/${request.partnership.slug}/risks`
  const page = { params: slugParams }
  const one = { params: idParams }

  async function renderAppetite(
    request: FastifyRequest,
    reply: FastifyReply,
    values: Values,
    errors?: FieldErrors,
  ) {
    const pid = request.partnership.id
    const [appetites, categories] = await Promise.all([
      risks.appetites(request.actor, pid),
      risks.categories(request.actor, pid),
    ])
    return reply.render('risks/views/appetite.njk', {
      title: 'Risk appetite',
      appetites: appetites.map((a) => ({ ...a, band: bandOf(a.maxScore) })),
      categories,
      values,
      errors,
      bands: scoreBands,
      canSet: riskPolicy.setAppetite(request.actor, pid),
    })
  }

  app.get(
    '/p/:slug/risks/appetite',
    { schema: page, config: { policy: riskPolicy.read } },
    async (request, reply) => renderAppetite(request, reply, {}),
  )

  app.post(
    '/p/:slug/risks/appetite',
    { schema: page, config: { policy: riskPolicy.setAppetite } },
    async (request, reply) =>
      submitForm(reply, {
        schema: appetiteInput,
        body: request.body,
        invalid: (errors) => renderAppetite(request, reply, request.body as Values, errors),
        valid: async (input) => {
          await risks.setAppetite(request.actor, request.partnership.id, input)
          request.flash('success', `The appetite for ${input.category} risks is now ${input.maxScore}`)
          return reply.redirect(`${base(request)}/appetite`)
        },
      }),
  )

  app.post(
    '/p/:slug/risks/appetite/:id/remove',
    { schema: one, config: { policy: riskPolicy.setAppetite } },
    async (request, reply) => {
      const row = await risks.removeAppetite(request.actor, request.partnership.id, request.params.id)
      request.flash('success', `The appetite for ${row.category} risks has been removed`)
      return reply.redirect(`${base(request)}/appetite`)
    },
  )
}
