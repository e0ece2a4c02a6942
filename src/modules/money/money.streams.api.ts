import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { errorDoc, errorResponses, listOf, one, slugIdParams, slugParams } from '../../lib/api.ts'
import type { Services } from '../../services.ts'
import {
  budgetBody,
  protocolBody,
  signatureBody,
  streamBody,
  streamListQuery,
  streamPatch,
} from './money.api.input.ts'
import { moneyPolicy } from './money.policy.ts'
import {
  budgetDoc,
  flattenStreams,
  presentBudget,
  presentSignature,
  presentStream,
  presentVersion,
  protocolDoc,
  protocolVersionDoc,
  signatureDoc,
  streamDoc,
} from './money.presenter.ts'

const errors = { ...errorResponses, 409: errorDoc } as const

/**
 * Funding streams, their budgets per year, and the financial protocol over the API. A stream is
 * archived (never deleted) by DELETE; a budget is versioned (PUT records a new version).
 */
export function moneyStreamApi(fastify: FastifyInstance, { money }: Services): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>()
  const tags = ['Money']
  const streams = '/api/v1/partnerships/:slug/funding-streams'

  const oneStream = async (actor: Parameters<typeof money.getStream>[0], pid: string, id: string) =>
    presentStream(await money.getStream(actor, pid, id))

  app.get(
    streams,
    {
      config: { policy: moneyPolicy.read },
      schema: {
        tags,
        summary:
          'Funding streams (parents before their component streams), each with its years’ budget, allocated and unallocated',
        params: slugParams,
        querystring: streamListQuery,
        response: { 200: listOf(streamDoc), ...errors },
      },
    },
    async (request) => ({
      data: flattenStreams(
        await money.streamTree(request.actor, request.partnership.id, { year: request.query.year ?? null }),
      ).map(presentStream),
    }),
  )

  app.post(
    streams,
    {
      config: { policy: moneyPolicy.write },
      schema: {
        tags,
        summary: 'Add a funding stream (its budgets are set per year with PUT …/budgets)',
        params: slugParams,
        body: streamBody,
        response: { 201: one(streamDoc), ...errors },
      },
    },
    async (request, reply) => {
      const pid = request.partnership.id
      const row = await money.createStream(request.actor, pid, request.body)
      return reply.status(201).send({ data: await oneStream(request.actor, pid, row.id) })
    },
  )

  app.get(
    `${streams}/:id`,
    {
      config: { policy: moneyPolicy.read },
      schema: {
        tags,
        summary: 'A funding stream with its years’ budget, allocated and unallocated',
        params: slugIdParams,
        response: { 200: one(streamDoc), ...errors },
      },
    },
    async (request) => ({ data: await oneStream(request.actor, request.partnership.id, request.params.id) }),
  )

  app.patch(
    `${streams}/:id`,
    {
      config: { policy: moneyPolicy.write },
      schema: {
        tags,
        summary: 'Change a funding stream (the fields given; the others stay)',
        params: slugIdParams,
        body: streamPatch,
        response: { 200: one(streamDoc), ...errors },
      },
    },
    async (request) => {
      const { actor } = request
      const pid = request.partnership.id
      const s = await money.getStream(actor, pid, request.params.id)
      const current = {
        ref: s.ref,
        name: s.name,
        source: s.source,
        kind: s.kind as 'pooled' | 'aligned' | 'grant',
        ringFenced: s.ringFenced,
        spendType: s.spendType,
        parentId: s.parentId,
        accountableOrganisationId: s.accountableOrganisationId,
        purpose: s.purpose,
        notes: s.notes,
      }
      await money.updateStream(actor, pid, s.id, { ...current, ...request.body })
      return { data: await oneStream(actor, pid, s.id) }
    },
  )

  app.delete(
    `${streams}/:id`,
    {
      config: { policy: moneyPolicy.write },
      schema: {
        tags,
        summary: 'Archive a funding stream (409 while it has component streams or live allocations)',
        params: slugIdParams,
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      await money.archiveStream(request.actor, request.partnership.id, request.params.id)
      return reply.status(204).send(null)
    },
  )

  app.get(
    `${streams}/:id/budgets`,
    {
      config: { policy: moneyPolicy.read },
      schema: {
        tags,
        summary:
          'Every version of a stream’s budgets, by year then oldest first (`supersededAt` null: current)',
        params: slugIdParams,
        response: { 200: listOf(budgetDoc), ...errors },
      },
    },
    async (request) => ({
      data: (await money.budgetHistory(request.actor, request.partnership.id, request.params.id)).map(
        presentBudget,
      ),
    }),
  )

  app.put(
    `${streams}/:id/budgets`,
    {
      config: { policy: moneyPolicy.write },
      schema: {
        tags,
        summary: 'Set a stream’s budget for a financial year (a new version; never below what is allocated)',
        params: slugIdParams,
        body: budgetBody,
        response: { 200: one(budgetDoc), ...errors },
      },
    },
    async (request) => ({
      data: presentBudget(
        await money.setBudget(request.actor, request.partnership.id, request.params.id, request.body),
      ),
    }),
  )

  const protocol = '/api/v1/partnerships/:slug/financial-protocol'
  const signatures = '/api/v1/partnerships/:slug/protocol-signatures'

  app.get(
    protocol,
    {
      config: { policy: moneyPolicy.read },
      schema: {
        tags,
        summary: 'The financial protocol: the current version with its signatures, and every version',
        params: slugParams,
        response: { 200: one(protocolDoc), ...errors },
      },
    },
    async (request) => {
      const pid = request.partnership.id
      const current = await money.protocol(request.actor, pid)
      const versions = await money.protocolVersions(request.actor, pid)
      return {
        data: {
          current: current
            ? { ...presentVersion(current), signatures: current.signatures.map(presentSignature) }
            : null,
          versions: versions.map(presentVersion),
        },
      }
    },
  )

  app.post(
    protocol,
    {
      config: { policy: moneyPolicy.write },
      schema: {
        tags,
        summary:
          'Publish a new version of the financial protocol (recipients must sign it before more funds are released)',
        params: slugParams,
        body: protocolBody,
        response: { 201: one(protocolVersionDoc), ...errors },
      },
    },
    async (request, reply) =>
      reply.status(201).send({
        data: presentVersion(
          await money.publishProtocol(request.actor, request.partnership.id, request.body),
        ),
      }),
  )

  app.get(
    signatures,
    {
      config: { policy: moneyPolicy.read },
      schema: {
        tags,
        summary: 'The signatures of the current financial protocol: who, for which organisation, when',
        params: slugParams,
        response: { 200: listOf(signatureDoc), ...errors },
      },
    },
    async (request) => ({
      data: (await money.signatories(request.actor, request.partnership.id)).map(presentSignature),
    }),
  )

  app.post(
    signatures,
    {
      config: { policy: moneyPolicy.sign },
      schema: {
        tags,
        summary:
          'Record an organisation’s signature of the current version (a data provider: for its own organisation only)',
        params: slugParams,
        body: signatureBody,
        response: { 201: one(signatureDoc), ...errors },
      },
    },
    async (request, reply) => {
      const pid = request.partnership.id
      const row = await money.signProtocol(request.actor, pid, request.body)
      const all = await money.signatories(request.actor, pid)
      const signed = all.find((s) => s.id === row.id)
      return reply.status(201).send({
        data: presentSignature(signed ?? { ...row, organisationName: '' }),
      })
    },
  )

  return Promise.resolve()
}
