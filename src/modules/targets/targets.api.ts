import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { validationError } from '../../errors.ts'
import { errorResponses, listOf, one, slugIdParams } from '../../lib/api.ts'
import { parseAsAt } from '../../periods/index.ts'
import type { Services } from '../../services.ts'
import { targetPolicy } from './targets.policy.ts'
import {
  commentDoc,
  coverageDoc,
  presentComment,
  presentCoverage,
  presentTarget,
  presentTrajectoryRow,
  presentVersion,
  targetDoc,
  trajectoryRowDoc,
  versionDoc,
} from './targets.presenter.ts'
import {
  agreeInput,
  asAtQuery,
  commentInput,
  targetCreate,
  targetListQuery,
  targetRevision,
  targetUpdate,
  trajectoryInput,
} from './targets.schema.ts'

/** `?asAt=` as a moment, or a 422 naming the parameter. */
export function asAtFrom(text: string | undefined): Date | undefined {
  if (!text) return undefined
  try {
    return parseAsAt(text)
  } catch (e) {
    throw validationError({ asAt: (e as Error).message })
  }
}

const revisionDoc = versionDoc.extend({ trajectory: z.array(trajectoryRowDoc) })

export function targetApi(fastify: FastifyInstance, { targets }: Services): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>()
  const tags = ['Targets']
  const agreementBase = '/api/v1/partnerships/:slug/agreements/:id'
  const base = '/api/v1/partnerships/:slug/targets/:id'
  const full = async (
    actor: Parameters<typeof targets.get>[0],
    partnershipId: string,
    id: string,
    at?: Date,
  ) => presentTarget(await targets.get(actor, partnershipId, id, { at }))

  app.get(
    `${agreementBase}/targets`,
    {
      config: { policy: targetPolicy.read },
      schema: {
        tags,
        summary: 'List an agreement’s targets',
        description: 'Filter by kind and status; `asAt` gives them as the system knew them then.',
        params: slugIdParams,
        querystring: targetListQuery.extend(asAtQuery.shape),
        response: { 200: listOf(targetDoc), ...errorResponses },
      },
    },
    async (request) => {
      const { kind, status, asAt } = request.query
      const rows = await targets.list(request.actor, request.partnership.id, request.params.id, {
        kind,
        status,
        at: asAtFrom(asAt),
      })
      return { data: rows.map(presentTarget) }
    },
  )

  app.post(
    `${agreementBase}/targets`,
    {
      config: { policy: targetPolicy.edit },
      schema: {
        tags,
        summary: 'Add a target to an agreement',
        description:
          'At most 35 designated targets per agreement. A reward target needs its three reward values. Trajectory periods must fit the indicator’s frequency and lie within the agreement.',
        params: slugIdParams,
        body: targetCreate,
        response: { 201: one(targetDoc), ...errorResponses },
      },
    },
    async (request, reply) => {
      const { target } = await targets.create(
        request.actor,
        request.partnership.id,
        request.params.id,
        request.body,
      )
      return reply.status(201).send({ data: await full(request.actor, request.partnership.id, target.id) })
    },
  )

  app.get(
    `${agreementBase}/coverage`,
    {
      config: { policy: targetPolicy.read },
      schema: {
        tags,
        summary: 'How an agreement’s targets cover the strategy’s outcomes',
        params: slugIdParams,
        querystring: asAtQuery,
        response: { 200: one(coverageDoc), ...errorResponses },
      },
    },
    async (request) => ({
      data: presentCoverage(
        await targets.coverage(request.actor, request.partnership.id, request.params.id, {
          at: asAtFrom(request.query.asAt),
        }),
      ),
    }),
  )

  app.get(
    base,
    {
      config: { policy: targetPolicy.read },
      schema: {
        tags,
        summary: 'Get a target with its outcomes and trajectory',
        params: slugIdParams,
        querystring: asAtQuery,
        response: { 200: one(targetDoc), ...errorResponses },
      },
    },
    async (request) => ({
      data: await full(
        request.actor,
        request.partnership.id,
        request.params.id,
        asAtFrom(request.query.asAt),
      ),
    }),
  )

  app.put(
    base,
    {
      config: { policy: targetPolicy.edit },
      schema: {
        tags,
        summary: 'Change a target under negotiation (a new version; an agreed target is revised instead)',
        params: slugIdParams,
        body: targetUpdate,
        response: { 200: one(targetDoc), ...errorResponses },
      },
    },
    async (request) => {
      await targets.update(request.actor, request.partnership.id, request.params.id, request.body)
      return { data: await full(request.actor, request.partnership.id, request.params.id) }
    },
  )

  app.delete(
    base,
    {
      config: { policy: targetPolicy.archive },
      schema: {
        tags,
        summary: 'Archive a target (soft delete; history kept)',
        params: slugIdParams,
        response: { 200: one(targetDoc), ...errorResponses },
      },
    },
    async (request) => {
      await targets.archive(request.actor, request.partnership.id, request.params.id)
      return { data: await full(request.actor, request.partnership.id, request.params.id) }
    },
  )

  app.get(
    `${base}/trajectory`,
    {
      config: { policy: targetPolicy.read },
      schema: {
        tags,
        summary: 'A target’s trajectory (per year, quarter or month, and per place)',
        params: slugIdParams,
        querystring: asAtQuery,
        response: { 200: listOf(trajectoryRowDoc), ...errorResponses },
      },
    },
    async (request) => ({
      data: (
        await targets.trajectory(request.actor, request.partnership.id, request.params.id, {
          at: asAtFrom(request.query.asAt),
        })
      ).map(presentTrajectoryRow),
    }),
  )

  app.put(
    `${base}/trajectory`,
    {
      config: { policy: targetPolicy.edit },
      schema: {
        tags,
        summary: 'Replace a target’s whole trajectory (history kept)',
        params: slugIdParams,
        body: trajectoryInput,
        response: { 200: listOf(trajectoryRowDoc), ...errorResponses },
      },
    },
    async (request) => ({
      data: (
        await targets.setTrajectory(
          request.actor,
          request.partnership.id,
          request.params.id,
          request.body.rows,
        )
      ).map(presentTrajectoryRow),
    }),
  )

  app.get(
    `${base}/comments`,
    {
      config: { policy: targetPolicy.read },
      schema: {
        tags,
        summary: 'The negotiation log of a target, oldest first',
        params: slugIdParams,
        response: { 200: listOf(commentDoc), ...errorResponses },
      },
    },
    async (request) => ({
      data: (await targets.comments(request.actor, request.partnership.id, request.params.id)).map(
        presentComment,
      ),
    }),
  )

  app.post(
    `${base}/comments`,
    {
      config: { policy: targetPolicy.comment },
      schema: {
        tags,
        summary: 'Add a comment or evidence to the negotiation log',
        params: slugIdParams,
        body: commentInput,
        response: { 201: one(commentDoc), ...errorResponses },
      },
    },
    async (request, reply) => {
      const row = await targets.comment(
        request.actor,
        request.partnership.id,
        request.params.id,
        request.body,
      )
      return reply.status(201).send({ data: presentComment(row) })
    },
  )

  app.post(
    `${base}/agree`,
    {
      config: { policy: targetPolicy.agree },
      schema: {
        tags,
        summary: 'Agree a target for the government (government office or administrator)',
        params: slugIdParams,
        body: agreeInput,
        response: { 200: one(targetDoc), ...errorResponses },
      },
    },
    async (request) => {
      await targets.agree(request.actor, request.partnership.id, request.params.id, request.body)
      return { data: await full(request.actor, request.partnership.id, request.params.id) }
    },
  )

  app.get(
    `${base}/revisions`,
    {
      config: { policy: targetPolicy.read },
      schema: {
        tags,
        summary: 'Every version of a target, newest first, with the trajectory then in force',
        params: slugIdParams,
        response: { 200: listOf(revisionDoc), ...errorResponses },
      },
    },
    async (request) => ({
      data: (await targets.revisions(request.actor, request.partnership.id, request.params.id)).map((r) => ({
        ...presentVersion(r.version),
        trajectory: r.trajectory.map(presentTrajectoryRow),
      })),
    }),
  )

  app.post(
    `${base}/revisions`,
    {
      config: { policy: targetPolicy.revise },
      schema: {
        tags,
        summary: 'Revise an agreed target (the refresh): reason and the government office’s agreement',
        params: slugIdParams,
        body: targetRevision,
        response: { 201: one(targetDoc), ...errorResponses },
      },
    },
    async (request, reply) => {
      await targets.revise(request.actor, request.partnership.id, request.params.id, request.body)
      return reply
        .status(201)
        .send({ data: await full(request.actor, request.partnership.id, request.params.id) })
    },
  )
  // Routes are registered synchronously; the modules' index awaits every registrar alike.
  return Promise.resolve()
}
