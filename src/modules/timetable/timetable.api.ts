import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { listOf, one, slugIdParams, slugParams } from '../../lib/api.ts'
import type { Services } from '../../services.ts'
import { strategyErrors } from '../strategy/strategy.api.ts'
import { timetablePolicy } from './timetable.policy.ts'
import { presentSignoff, presentStage } from './timetable.presenter.ts'
import { recordSignoff, signoffDoc, signoffInput, stageDoc, stageInput } from './timetable.schema.ts'

export function timetableApi(fastify: FastifyInstance, { timetable }: Services): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>()
  const tags = ['Development timetable']
  const base = '/api/v1/partnerships/:slug/timetable'
  const stageOut = async (
    request: { actor: Parameters<typeof timetable.listStages>[0] },
    partnershipId: string,
    id: string,
  ) =>
    presentStage(
      (await timetable.listStages(request.actor, partnershipId)).find((s) => s.id === id)!,
      timetable.today(),
    )
  const signoffOut = async (
    request: { actor: Parameters<typeof timetable.listStages>[0] },
    partnershipId: string,
    id: string,
  ) => presentSignoff((await timetable.listSignoffs(request.actor, partnershipId)).find((s) => s.id === id)!)

  app.get(
    `${base}/stages`,
    {
      config: { policy: timetablePolicy.read },
      schema: {
        tags,
        summary: 'The stages of the development timetable',
        params: slugParams,
        response: { 200: listOf(stageDoc), ...strategyErrors },
      },
    },
    async (request) => {
      const today = timetable.today()
      return {
        data: (await timetable.listStages(request.actor, request.partnership.id)).map((s) =>
          presentStage(s, today),
        ),
      }
    },
  )

  app.post(
    `${base}/stages`,
    {
      config: { policy: timetablePolicy.edit },
      schema: {
        tags,
        summary: 'Add a stage',
        params: slugParams,
        body: stageInput,
        response: { 201: one(stageDoc), ...strategyErrors },
      },
    },
    async (request, reply) => {
      const row = await timetable.createStage(request.actor, request.partnership.id, request.body)
      return reply.status(201).send({ data: await stageOut(request, request.partnership.id, row.id) })
    },
  )

  app.put(
    `${base}/stages/:id`,
    {
      config: { policy: timetablePolicy.edit },
      schema: {
        tags,
        summary: 'Change a stage',
        params: slugIdParams,
        body: stageInput,
        response: { 200: one(stageDoc), ...strategyErrors },
      },
    },
    async (request) => {
      await timetable.updateStage(request.actor, request.partnership.id, request.params.id, request.body)
      return { data: await stageOut(request, request.partnership.id, request.params.id) }
    },
  )

  app.delete(
    `${base}/stages/:id`,
    {
      config: { policy: timetablePolicy.edit },
      schema: {
        tags,
        summary: 'Archive a stage',
        params: slugIdParams,
        response: { 204: z.null(), ...strategyErrors },
      },
    },
    async (request, reply) => {
      await timetable.archiveStage(request.actor, request.partnership.id, request.params.id)
      return reply.status(204).send(null)
    },
  )

  app.get(
    `${base}/signoffs`,
    {
      config: { policy: timetablePolicy.read },
      schema: {
        tags,
        summary: 'Partner bodies whose sign-off a strategy version needs, and when each signed',
        params: slugParams,
        querystring: z.object({ version: z.coerce.number().int().positive().optional() }),
        response: { 200: listOf(signoffDoc), ...strategyErrors },
      },
    },
    async (request) => ({
      data: (await timetable.listSignoffs(request.actor, request.partnership.id, request.query.version)).map(
        presentSignoff,
      ),
    }),
  )

  app.post(
    `${base}/signoffs`,
    {
      config: { policy: timetablePolicy.edit },
      schema: {
        tags,
        summary: 'List a body whose sign-off is needed',
        params: slugParams,
        body: signoffInput,
        response: { 201: one(signoffDoc), ...strategyErrors },
      },
    },
    async (request, reply) => {
      const row = await timetable.createSignoff(request.actor, request.partnership.id, request.body)
      return reply.status(201).send({ data: await signoffOut(request, request.partnership.id, row.id) })
    },
  )

  app.put(
    `${base}/signoffs/:id`,
    {
      config: { policy: timetablePolicy.edit },
      schema: {
        tags,
        summary: 'Change a sign-off',
        params: slugIdParams,
        body: signoffInput,
        response: { 200: one(signoffDoc), ...strategyErrors },
      },
    },
    async (request) => {
      await timetable.updateSignoff(request.actor, request.partnership.id, request.params.id, request.body)
      return { data: await signoffOut(request, request.partnership.id, request.params.id) }
    },
  )

  app.post(
    `${base}/signoffs/:id/sign`,
    {
      config: { policy: timetablePolicy.edit },
      schema: {
        tags,
        summary: 'Record the date a body signed',
        params: slugIdParams,
        body: recordSignoff,
        response: { 200: one(signoffDoc), ...strategyErrors },
      },
    },
    async (request) => {
      await timetable.recordSignoff(
        request.actor,
        request.partnership.id,
        request.params.id,
        request.body.signedOn,
      )
      return { data: await signoffOut(request, request.partnership.id, request.params.id) }
    },
  )

  app.delete(
    `${base}/signoffs/:id`,
    {
      config: { policy: timetablePolicy.edit },
      schema: {
        tags,
        summary: 'Remove a sign-off from the list (archived)',
        params: slugIdParams,
        response: { 204: z.null(), ...strategyErrors },
      },
    },
    async (request, reply) => {
      await timetable.archiveSignoff(request.actor, request.partnership.id, request.params.id)
      return reply.status(204).send(null)
    },
  )
  // Routes are registered synchronously; the modules' index awaits every registrar alike.
  return Promise.resolve()
}
