import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { errorDoc, errorResponses, listOf, one, slugIdParams, slugParams } from '../../lib/api.ts'
import type { Actor } from '../auth/actor.ts'
import type { Services } from '../../services.ts'
import { deliveryPolicy } from './delivery.policy.ts'
import { presentAction, presentPlan, presentRound } from './delivery.presenter.ts'
import {
  actionDoc,
  actionInput,
  actionVersionDoc,
  issueDoc,
  issueInput,
  planCreate,
  planDetailDoc,
  planDoc,
  planStatuses,
  planUpdate,
  progressInput,
  responseInput,
  reviewerDoc,
  reviewerInput,
  roundDoc,
  submitInput,
} from './delivery.schema.ts'

const errors = { ...errorResponses, 409: errorDoc } as const

/** Delivery plans, their actions and their challenge, under /api/v1/partnerships/{slug}. */
export function deliveryApi(fastify: FastifyInstance, { delivery }: Services): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>()
  const tags = ['Delivery']
  const base = '/api/v1/partnerships/:slug'

  const planDetail = async (actor: Actor, pid: string, id: string) => {
    const d = await delivery.get(actor, pid, id)
    return {
      ...presentPlan(d.plan),
      actions: d.actions.map(presentAction),
      rounds: d.rounds.map(presentRound),
    }
  }
  const actionOf = async (actor: Actor, pid: string, id: string) =>
    presentAction((await delivery.getAction(actor, pid, id)).action)

  app.get(
    `${base}/delivery-plans`,
    {
      config: { policy: deliveryPolicy.read },
      schema: {
        tags,
        summary: 'Delivery plans',
        params: slugParams,
        querystring: z.object({ status: z.enum(planStatuses).optional() }),
        response: { 200: listOf(planDoc), ...errors },
      },
    },
    async (request) => ({
      data: (await delivery.list(request.actor, request.partnership.id, request.query)).map(presentPlan),
    }),
  )

  app.post(
    `${base}/delivery-plans`,
    {
      config: { policy: deliveryPolicy.edit },
      schema: {
        tags,
        summary: 'Start a delivery plan for a target or an outcome',
        params: slugParams,
        body: planCreate,
        response: { 201: one(planDetailDoc), ...errors },
      },
    },
    async (request, reply) => {
      const row = await delivery.create(request.actor, request.partnership.id, request.body)
      return reply.status(201).send({ data: await planDetail(request.actor, request.partnership.id, row.id) })
    },
  )

  app.get(
    `${base}/delivery-plans/:id`,
    {
      config: { policy: deliveryPolicy.read },
      schema: {
        tags,
        summary: 'A delivery plan with its actions and rounds of challenge',
        params: slugIdParams,
        response: { 200: one(planDetailDoc), ...errors },
      },
    },
    async (request) => ({ data: await planDetail(request.actor, request.partnership.id, request.params.id) }),
  )

  app.put(
    `${base}/delivery-plans/:id`,
    {
      config: { policy: deliveryPolicy.edit },
      schema: {
        tags,
        summary: 'Change a plan’s purpose, lead, partners and funding note',
        params: slugIdParams,
        body: planUpdate,
        response: { 200: one(planDetailDoc), ...errors },
      },
    },
    async (request) => {
      await delivery.update(request.actor, request.partnership.id, request.params.id, request.body)
      return { data: await planDetail(request.actor, request.partnership.id, request.params.id) }
    },
  )

  app.post(
    `${base}/delivery-plans/:id/actions`,
    {
      config: { policy: deliveryPolicy.edit },
      schema: {
        tags,
        summary: 'Add an action or milestone to a plan',
        params: slugIdParams,
        body: actionInput,
        response: { 201: one(actionDoc), ...errors },
      },
    },
    async (request, reply) => {
      const row = await delivery.createAction(
        request.actor,
        request.partnership.id,
        request.params.id,
        request.body,
      )
      return reply.status(201).send({ data: await actionOf(request.actor, request.partnership.id, row.id) })
    },
  )

  app.post(
    `${base}/delivery-plans/:id/submissions`,
    {
      config: { policy: deliveryPolicy.edit },
      schema: {
        tags,
        summary: 'Submit the plan for challenge (a new round)',
        params: slugIdParams,
        body: submitInput,
        response: { 201: one(roundDoc), ...errors },
      },
    },
    async (request, reply) => {
      const round = await delivery.submit(
        request.actor,
        request.partnership.id,
        request.params.id,
        request.body,
      )
      return reply.status(201).send({ data: presentRound({ ...round, issues: [] }) })
    },
  )

  app.post(
    `${base}/delivery-plans/:id/issues`,
    {
      config: { policy: deliveryPolicy.review },
      schema: {
        tags,
        summary: 'Raise an issue in the plan’s open round of challenge',
        params: slugIdParams,
        body: issueInput,
        response: { 201: one(issueDoc), ...errors },
      },
    },
    async (request, reply) => {
      const row = await delivery.raiseIssue(
        request.actor,
        request.partnership.id,
        request.params.id,
        request.body,
      )
      return reply.status(201).send({
        data: { ...row, raisedAt: row.raisedAt.toISOString(), respondedAt: null },
      })
    },
  )

  app.post(
    `${base}/delivery-plans/:id/revision`,
    {
      config: { policy: deliveryPolicy.review },
      schema: {
        tags,
        summary: 'Return the plan to its lead to answer the round’s issues',
        params: slugIdParams,
        response: { 200: one(planDetailDoc), ...errors },
      },
    },
    async (request) => {
      await delivery.returnForRevision(request.actor, request.partnership.id, request.params.id)
      return { data: await planDetail(request.actor, request.partnership.id, request.params.id) }
    },
  )

  app.post(
    `${base}/delivery-plans/:id/acceptance`,
    {
      config: { policy: deliveryPolicy.review },
      schema: {
        tags,
        summary: 'Accept the plan, closing its open round',
        params: slugIdParams,
        response: { 200: one(planDetailDoc), ...errors },
      },
    },
    async (request) => {
      await delivery.accept(request.actor, request.partnership.id, request.params.id)
      return { data: await planDetail(request.actor, request.partnership.id, request.params.id) }
    },
  )

  app.post(
    `${base}/challenge-issues/:id/response`,
    {
      config: { policy: deliveryPolicy.edit },
      schema: {
        tags,
        summary: 'The lead’s response to an issue',
        params: slugIdParams,
        body: responseInput,
        response: { 200: one(issueDoc), ...errors },
      },
    },
    async (request) => {
      const row = await delivery.respond(
        request.actor,
        request.partnership.id,
        request.params.id,
        request.body,
      )
      return {
        data: {
          ...row,
          raisedAt: row.raisedAt.toISOString(),
          respondedAt: row.respondedAt?.toISOString() ?? null,
        },
      }
    },
  )

  app.get(
    `${base}/actions/overdue`,
    {
      config: { policy: deliveryPolicy.read },
      schema: {
        tags,
        summary: 'Actions across the partnership whose due date has passed unfinished',
        params: slugParams,
        response: { 200: listOf(actionDoc), ...errors },
      },
    },
    async (request) => ({
      data: (await delivery.overdue(request.actor, request.partnership.id)).map(presentAction),
    }),
  )

  app.get(
    `${base}/actions/:id`,
    {
      config: { policy: deliveryPolicy.read },
      schema: {
        tags,
        summary: 'An action with its versions, newest first',
        params: slugIdParams,
        response: { 200: one(actionDoc.extend({ versions: z.array(actionVersionDoc) })), ...errors },
      },
    },
    async (request) => {
      const d = await delivery.getAction(request.actor, request.partnership.id, request.params.id)
      return {
        data: {
          ...presentAction(d.action),
          versions: d.versions.map((v) => ({
            recordedAt: v.recordedAt.toISOString(),
            recordedBy: v.recordedBy,
            title: v.title,
            status: v.status,
            percentComplete: v.percentComplete,
            startOn: v.startOn,
            dueOn: v.dueOn,
            ownerPersonId: v.ownerPersonId,
            notes: v.notes,
          })),
        },
      }
    },
  )

  app.put(
    `${base}/actions/:id`,
    {
      config: { policy: deliveryPolicy.edit },
      schema: {
        tags,
        summary: 'Change an action (the plan’s lead)',
        params: slugIdParams,
        body: actionInput,
        response: { 200: one(actionDoc), ...errors },
      },
    },
    async (request) => {
      await delivery.updateAction(request.actor, request.partnership.id, request.params.id, request.body)
      return { data: await actionOf(request.actor, request.partnership.id, request.params.id) }
    },
  )

  app.post(
    `${base}/actions/:id/progress`,
    {
      config: { policy: deliveryPolicy.progress },
      schema: {
        tags,
        summary: 'Record an action’s progress (its owner or the plan’s lead)',
        params: slugIdParams,
        body: progressInput,
        response: { 200: one(actionDoc), ...errors },
      },
    },
    async (request) => {
      await delivery.progress(request.actor, request.partnership.id, request.params.id, request.body)
      return { data: await actionOf(request.actor, request.partnership.id, request.params.id) }
    },
  )

  app.delete(
    `${base}/actions/:id`,
    {
      config: { policy: deliveryPolicy.edit },
      schema: {
        tags,
        summary: 'Archive an action',
        params: slugIdParams,
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      await delivery.archiveAction(request.actor, request.partnership.id, request.params.id)
      return reply.status(204).send(null)
    },
  )

  app.get(
    `${base}/challenge-reviewers`,
    {
      config: { policy: deliveryPolicy.read },
      schema: {
        tags,
        summary: 'The challenge group’s named reviewers',
        params: slugParams,
        response: { 200: listOf(reviewerDoc), ...errors },
      },
    },
    async (request) => ({ data: await delivery.reviewers(request.actor, request.partnership.id) }),
  )

  app.post(
    `${base}/challenge-reviewers`,
    {
      config: { policy: deliveryPolicy.manageReviewers },
      schema: {
        tags,
        summary: 'Name a member of the partnership as a reviewer',
        params: slugParams,
        body: reviewerInput,
        response: { 201: one(reviewerDoc), ...errors },
      },
    },
    async (request, reply) => {
      const row = await delivery.addReviewer(request.actor, request.partnership.id, request.body.userId)
      const all = await delivery.reviewers(request.actor, request.partnership.id)
      return reply.status(201).send({ data: all.find((r) => r.id === row.id)! })
    },
  )

  app.delete(
    `${base}/challenge-reviewers/:id`,
    {
      config: { policy: deliveryPolicy.manageReviewers },
      schema: {
        tags,
        summary: 'Remove a named reviewer',
        params: slugIdParams,
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      await delivery.removeReviewer(request.actor, request.partnership.id, request.params.id)
      return reply.status(204).send(null)
    },
  )
  return Promise.resolve()
}
