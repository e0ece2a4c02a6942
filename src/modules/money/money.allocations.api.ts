import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { errorDoc, errorResponses, listOf, one, slugIdParams, slugParams } from '../../lib/api.ts'
import { poundsText } from '../../lib/money.ts'
import type { Services } from '../../services.ts'
import type { Actor } from '../auth/actor.ts'
import { allocationBody, allocationListQuery, allocationPatch } from './money.api.input.ts'
import { yearFilter, type AllocationUpdateInput } from './money.allocations.schema.ts'
import { givingGrants } from './money.giving.export.ts'
import { givingCsv, givingJson } from './money.giving.ts'
import { parseInput } from './money.input.ts'
import { moneyPolicy } from './money.policy.ts'
import {
  allocationDoc,
  allocationWithOnwardDoc,
  presentAllocation,
  presentAllocationWithOnward,
} from './money.presenter.ts'

const errors = { ...errorResponses, 409: errorDoc } as const

/** A financial year filter, checked and spelt canonically (blank: every year), naming `year`. */
export const yearQuery = (year: string | undefined) =>
  parseInput(z.object({ year: yearFilter }), { year }).year

const orgDoc = z.object({ id: z.string(), name: z.string() })
const grantDoc = z
  .object({
    id: z.string().describe('Identifier: `360G-<slug>-<allocation id>`'),
    title: z.string(),
    description: z.string(),
    currency: z.literal('GBP'),
    amountAwarded: z.number().describe('Amount Awarded, in pounds'),
    awardDate: z.string().describe('Award Date, YYYY-MM-DD'),
    recipientOrganization: z.array(orgDoc),
    fundingOrganization: z.array(orgDoc),
  })
  .describe('360GivingGrant')

/**
 * Allocations over the API: made from a stream's budget for a year (or passed on from another),
 * changed, archived (DELETE), released to a recipient that has signed the current financial
 * protocol; and exported in the 360Giving Data Standard (JSON and CSV).
 */
export function moneyAllocationApi(fastify: FastifyInstance, services: Services): Promise<void> {
  const { money } = services
  const app = fastify.withTypeProvider<ZodTypeProvider>()
  const tags = ['Money']
  const base = '/api/v1/partnerships/:slug/allocations'

  const oneAllocation = async (actor: Actor, pid: string, id: string) =>
    presentAllocationWithOnward(await money.getAllocation(actor, pid, id))

  app.get(
    base,
    {
      config: { policy: moneyPolicy.read },
      schema: {
        tags,
        summary: 'Live allocations (filtered by stream, year or recipient), each naming what it pays for',
        params: slugParams,
        querystring: allocationListQuery,
        response: { 200: listOf(allocationDoc), ...errors },
      },
    },
    async (request) => {
      const { streamId, recipientId } = request.query
      const year = yearQuery(request.query.year)
      const rows = await money.listAllocations(request.actor, request.partnership.id, {
        streamId,
        recipientId,
        year,
      })
      return { data: rows.map(presentAllocation) }
    },
  )

  for (const format of ['json', 'csv'] as const)
    app.get(
      `${base}/360giving.${format}`,
      {
        config: { policy: moneyPolicy.read },
        schema: {
          tags,
          summary:
            format === 'json'
              ? 'Allocations in the 360Giving Data Standard’s JSON (`{ grants: [...] }`, its core fields)'
              : 'Allocations in the 360Giving Data Standard’s CSV (its core fields, its column titles)',
          params: slugParams,
          querystring: z.object({ year: z.string().optional().describe('One financial year, like 2008/09') }),
          response: {
            200:
              format === 'json'
                ? z.object({ grants: z.array(grantDoc) })
                : z.string().describe('CSV: Identifier, Title, Description, Currency, Amount Awarded, …'),
            ...errors,
          },
        },
      },
      async (request, reply) => {
        const year = yearQuery(request.query.year)
        const grants = await givingGrants(services, request.actor, request.partnership, { year })
        if (format === 'json') return givingJson(grants)
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="${request.partnership.slug}-360giving.csv"`)
          .send(givingCsv(grants))
      },
    )

  app.post(
    base,
    {
      config: { policy: moneyPolicy.write },
      schema: {
        tags,
        summary:
          'Allocate money from a stream for a year (never beyond its unallocated budget), or pass part of an allocation on',
        params: slugParams,
        body: allocationBody,
        response: { 201: one(allocationWithOnwardDoc), ...errors },
      },
    },
    async (request, reply) => {
      const pid = request.partnership.id
      const row = await money.createAllocation(request.actor, pid, request.body)
      return reply.status(201).send({ data: await oneAllocation(request.actor, pid, row.id) })
    },
  )

  app.get(
    `${base}/:id`,
    {
      config: { policy: moneyPolicy.read },
      schema: {
        tags,
        summary: 'An allocation with the onward allocations passed on from it and what is left',
        params: slugIdParams,
        response: { 200: one(allocationWithOnwardDoc), ...errors },
      },
    },
    async (request) => ({
      data: await oneAllocation(request.actor, request.partnership.id, request.params.id),
    }),
  )

  app.patch(
    `${base}/:id`,
    {
      config: { policy: moneyPolicy.write },
      schema: {
        tags,
        summary: 'Change an allocation (the fields given; its stream, year and parent stay)',
        params: slugIdParams,
        body: allocationPatch,
        response: { 200: one(allocationWithOnwardDoc), ...errors },
      },
    },
    async (request) => {
      const { actor } = request
      const pid = request.partnership.id
      const a = await money.getAllocation(actor, pid, request.params.id)
      const current: AllocationUpdateInput = {
        recipientId: a.recipientId,
        amount: poundsText(a.amountPence),
        paysFor: a.targetId
          ? `target:${a.targetId}`
          : a.outcomeKey
            ? `outcome:${a.outcomeKey}`
            : a.actionId
              ? `action:${a.actionId}`
              : null,
        ref: a.ref,
        title: a.title,
        notes: a.notes,
        profile: a.profile ? a.profile.map(poundsText) : null,
        awardedOn: a.awardedOn,
      }
      await money.updateAllocation(actor, pid, a.id, { ...current, ...request.body })
      return { data: await oneAllocation(actor, pid, a.id) }
    },
  )

  app.delete(
    `${base}/:id`,
    {
      config: { policy: moneyPolicy.write },
      schema: {
        tags,
        summary:
          'Archive an allocation: its money returns to the stream (409 while it has live onward allocations)',
        params: slugIdParams,
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      await money.archiveAllocation(request.actor, request.partnership.id, request.params.id)
      return reply.status(204).send(null)
    },
  )

  app.post(
    `${base}/:id/release`,
    {
      config: { policy: moneyPolicy.release },
      schema: {
        tags,
        summary:
          'Release a first-level allocation’s funds (422 `protocol_not_signed` while its recipient has not signed the current financial protocol)',
        params: slugIdParams,
        response: { 200: one(allocationWithOnwardDoc), ...errors },
      },
    },
    async (request) => {
      const pid = request.partnership.id
      await money.releaseAllocation(request.actor, pid, request.params.id)
      return { data: await oneAllocation(request.actor, pid, request.params.id) }
    },
  )

  return Promise.resolve()
}
