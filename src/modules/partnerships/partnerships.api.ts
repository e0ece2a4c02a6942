import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { errorDoc, errorResponses, listOf, one, slugParams } from '../../lib/api.ts'
import type { Services } from '../../services.ts'
import { partnershipPolicy } from './partnerships.policy.ts'
import { presentPartnership } from './partnerships.presenter.ts'
import { validationError } from '../../errors.ts'
import { logoFromBase64 } from './partnerships.logo.ts'
import {
  logoUploadApi,
  partnershipCreateApi,
  partnershipDoc,
  partnershipUpdate,
} from './partnerships.schema.ts'
import { logoCaching, logoFromMultipart, sendLogo } from './partnerships.logo-http.ts'

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
  app.get(
    '/api/v1/partnerships/:slug/logo',
    {
      config: { policy: partnershipPolicy.read },
      onSend: logoCaching,
      schema: {
        tags,
        summary: 'Get the partnership’s logo (the image: image/png or image/jpeg)',
        description: '404 when the partnership has no logo. Answers 304 to a matching If-None-Match.',
        params: slugParams,
        response: { 200: z.any().describe('The image'), 304: z.null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      const ctx = request.partnershipContext!
      return sendLogo(request, reply, await partnerships.logo(request.actor, ctx), false)
    },
  )

  app.put(
    '/api/v1/partnerships/:slug/logo',
    {
      config: { policy: partnershipPolicy.update },
      schema: {
        tags,
        summary: 'Upload or replace the partnership’s logo (administrators)',
        description:
          'A PNG or JPEG image of 200 KB or less, at most 4000 pixels wide and high, told by its bytes ' +
          '(SVG is refused: it can carry script). Send JSON `{ "logo": "<base64>" }` or multipart/form-data ' +
          'with the file in a part named `logo`. A wrong type, a file too large or not an image is a 422 ' +
          'naming `logo`. Audited.',
        params: slugParams,
        // A multipart request has no parsed body (null) when it reaches validation.
        body: logoUploadApi.strict().nullish(),
        response: { 200: one(partnershipDoc), 413: errorDoc, ...errorResponses },
      },
    },
    async (request) => {
      const ctx = request.partnershipContext!
      let data: Buffer
      if (request.isMultipart()) data = await logoFromMultipart(request)
      else if (request.body) data = logoFromBase64(request.body.logo)
      else
        throw validationError({
          logo: 'Send the logo as JSON { "logo": "<base64>" } or as a file part named logo',
        })
      return { data: presentPartnership(await partnerships.setLogo(request.actor, ctx, data), ctx.role) }
    },
  )

  app.delete(
    '/api/v1/partnerships/:slug/logo',
    {
      config: { policy: partnershipPolicy.update },
      schema: {
        tags,
        summary: 'Remove the partnership’s logo (administrators; audited; no logo: nothing changes)',
        params: slugParams,
        response: { 200: one(partnershipDoc), ...errorResponses },
      },
    },
    async (request) => {
      const ctx = request.partnershipContext!
      return { data: presentPartnership(await partnerships.removeLogo(request.actor, ctx), ctx.role) }
    },
  )

  // Routes are registered synchronously; the modules' index awaits every registrar alike.
  return Promise.resolve()
}
