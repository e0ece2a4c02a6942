import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { errorDoc, errorResponses, listOf, one, slugIdParams, slugParams } from '../../lib/api.ts'
import type { Services } from '../../services.ts'
import { strategyPolicy } from './strategy.policy.ts'
import { presentVersion } from './strategy.presenter.ts'
import {
  compareDoc,
  compareQuery,
  tagDoc,
  tagInput,
  versionDoc,
  versionNumberParams,
  versionStart,
  versionStatusInput,
  versionUpdate,
} from './strategy.schema.ts'

/** Errors of the strategy routes: the usual ones, and 409 for a locked (signed-off) version. */
export const strategyErrors = { ...errorResponses, 409: errorDoc } as const

const presentTag = (t: { id: string; name: string; description: string | null }) => ({
  id: t.id,
  name: t.name,
  description: t.description,
})

export function strategyApi(fastify: FastifyInstance, { strategy, strategyLinks }: Services): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>()
  const tags = ['Strategy']
  const base = '/api/v1/partnerships/:slug/strategy'

  app.get(
    `${base}/versions`,
    {
      config: { policy: strategyPolicy.read },
      schema: {
        tags,
        summary: 'List the strategy’s versions, newest first',
        params: slugParams,
        response: { 200: listOf(versionDoc), ...strategyErrors },
      },
    },
    async (request) => ({
      data: (await strategy.listVersions(request.actor, request.partnership.id)).map(presentVersion),
    }),
  )

  app.post(
    `${base}/versions`,
    {
      config: { policy: strategyPolicy.edit },
      schema: {
        tags,
        summary: 'Start a version (copies the current version’s tree unless copyFrom says otherwise)',
        params: slugParams,
        body: versionStart,
        response: { 201: one(versionDoc), ...strategyErrors },
      },
    },
    async (request, reply) => {
      const v = await strategy.startVersion(request.actor, request.partnership.id, request.body)
      return reply.status(201).send({ data: presentVersion(v) })
    },
  )

  app.get(
    `${base}/versions/:number`,
    {
      config: { policy: strategyPolicy.read },
      schema: {
        tags,
        summary: 'Get a version',
        params: versionNumberParams,
        response: { 200: one(versionDoc), ...strategyErrors },
      },
    },
    async (request) => ({
      data: presentVersion(
        await strategy.getVersion(request.actor, request.partnership.id, request.params.number),
      ),
    }),
  )

  app.put(
    `${base}/versions/:number`,
    {
      config: { policy: strategyPolicy.edit },
      schema: {
        tags,
        summary: 'Change a version’s title, vision and narrative',
        params: versionNumberParams,
        body: versionUpdate,
        response: { 200: one(versionDoc), ...strategyErrors },
      },
    },
    async (request) => ({
      data: presentVersion(
        await strategy.updateVersion(
          request.actor,
          request.partnership.id,
          request.params.number,
          request.body,
        ),
      ),
    }),
  )

  app.post(
    `${base}/versions/:number/status`,
    {
      config: { policy: strategyPolicy.edit },
      schema: {
        tags,
        summary: 'Move a version forward: draft 1 → draft 2 → penultimate → final → signed off',
        params: versionNumberParams,
        body: versionStatusInput,
        response: { 200: one(versionDoc), ...strategyErrors },
      },
    },
    async (request) => ({
      data: presentVersion(
        await strategy.setStatus(
          request.actor,
          request.partnership.id,
          request.params.number,
          request.body.status,
        ),
      ),
    }),
  )

  app.get(
    `${base}/versions/:number/compare`,
    {
      config: { policy: strategyPolicy.read },
      schema: {
        tags,
        summary: 'Compare a version with an earlier one: nodes added, removed and changed',
        params: versionNumberParams,
        querystring: compareQuery,
        response: { 200: one(compareDoc), ...strategyErrors },
      },
    },
    async (request) => ({
      data: await strategy.compare(
        request.actor,
        request.partnership.id,
        request.query.with,
        request.params.number,
      ),
    }),
  )

  app.get(
    `${base}/tags`,
    {
      config: { policy: strategyPolicy.read },
      schema: {
        tags,
        summary: 'List the partnership’s cross-cutting tags',
        params: slugParams,
        response: { 200: listOf(tagDoc), ...strategyErrors },
      },
    },
    async (request) => ({
      data: (await strategyLinks.listTags(request.actor, request.partnership.id)).map(presentTag),
    }),
  )

  app.post(
    `${base}/tags`,
    {
      config: { policy: strategyPolicy.edit },
      schema: {
        tags,
        summary: 'Add a cross-cutting tag',
        params: slugParams,
        body: tagInput,
        response: { 201: one(tagDoc), ...strategyErrors },
      },
    },
    async (request, reply) =>
      reply.status(201).send({
        data: presentTag(await strategyLinks.createTag(request.actor, request.partnership.id, request.body)),
      }),
  )

  app.put(
    `${base}/tags/:id`,
    {
      config: { policy: strategyPolicy.edit },
      schema: {
        tags,
        summary: 'Rename or describe a tag',
        params: slugIdParams,
        body: tagInput,
        response: { 200: one(tagDoc), ...strategyErrors },
      },
    },
    async (request) => ({
      data: presentTag(
        await strategyLinks.updateTag(request.actor, request.partnership.id, request.params.id, request.body),
      ),
    }),
  )

  app.delete(
    `${base}/tags/:id`,
    {
      config: { policy: strategyPolicy.edit },
      schema: {
        tags,
        summary: 'Archive a tag',
        params: slugIdParams,
        response: { 200: one(tagDoc), ...strategyErrors },
      },
    },
    async (request) => ({
      data: presentTag(
        await strategyLinks.archiveTag(request.actor, request.partnership.id, request.params.id),
      ),
    }),
  )
  // Routes are registered synchronously; the modules' index awaits every registrar alike.
  return Promise.resolve()
}
