import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { errorResponses, listOf, one, slugParams } from '../../lib/api.ts'
import type { Services } from '../../services.ts'
import { partnershipPolicy } from './partnerships.policy.ts'
import { presentPartnership } from './partnerships.presenter.ts'
import { validationError } from '../../errors.ts'
import { partnershipCreateApi, partnershipDoc, partnershipUpdate } from './partnerships.schema.ts'

export function partnershipApi(fastify: FastifyInstance, { partnerships }: Services): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>()
  const tags = ['Partnerships']

  app.get(
    '/api/v1/partnerships',
    {
      schema: {
        tags,
        summary: 'List the partnerships you belong to',
        response: { 200: listOf(partnershipDoc), ...errorResponses },
      },
    },
    async (request) => ({
      data: (await partnerships.listForActor(request.actor)).map(({ partnership, role }) =>
        presentPartnership(partnership, role),
      ),
    }),
  )

  app.post(
    '/api/v1/partnerships',
    {
      schema: {
        tags,
        summary: 'Create a partnership (top-level: system administrators; child: admins of the parent)',
        body: partnershipCreateApi,
        response: { 201: one(partnershipDoc), ...errorResponses },
      },
    },
    async (request, reply) => {
      const { parentSlug, ...input } = request.body
      if (parentSlug) {
        // A partnership the caller cannot see is "no such partnership", as everywhere else.
        const parent = await partnerships.findBySlug(parentSlug)
        if (!parent || parent.archivedAt || !partnershipPolicy.read(request.actor, parent.id))
          throw validationError({ parentSlug: `There is no partnership with the short name ${parentSlug}` })
        if (input.parentId && input.parentId !== parent.id)
          throw validationError({
            parentSlug: 'Give the parent by parentId or parentSlug, not two different ones',
          })
        input.parentId = parent.id
      }
      const row = await partnerships.create(request.actor, input)
      return reply.status(201).send({ data: presentPartnership(row, request.actor.userId ? 'admin' : null) })
    },
  )

  app.get(
    '/api/v1/partnerships/:slug',
    {
      config: { policy: partnershipPolicy.read },
      schema: {
        tags,
        summary: 'Get a partnership',
        params: slugParams,
        response: { 200: one(partnershipDoc), ...errorResponses },
      },
    },
    (request) => {
      const { partnership, role } = request.partnershipContext!
      return { data: presentPartnership(partnership, role) }
    },
  )

  app.put(
    '/api/v1/partnerships/:slug',
    {
      config: { policy: partnershipPolicy.update },
      schema: {
        tags,
        summary: 'Update a partnership’s settings',
        params: slugParams,
        body: partnershipUpdate,
        response: { 200: one(partnershipDoc), ...errorResponses },
      },
    },
    async (request) => {
      const ctx = request.partnershipContext!
      return {
        data: presentPartnership(await partnerships.update(request.actor, ctx, request.body), ctx.role),
      }
    },
  )

  app.delete(
    '/api/v1/partnerships/:slug',
    {
      config: { policy: partnershipPolicy.archive },
      schema: {
        tags,
        summary: 'Archive a partnership (soft delete)',
        params: slugParams,
        response: { 200: one(partnershipDoc), ...errorResponses },
      },
    },
    async (request) => {
      const ctx = request.partnershipContext!
      return { data: presentPartnership(await partnerships.archive(request.actor, ctx), ctx.role) }
    },
  )
  // Routes are registered synchronously; the modules' index awaits every registrar alike.
  return Promise.resolve()
}
