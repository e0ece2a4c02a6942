import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { includeArchivedQuery, listOf, one, slugIdParams } from '../../lib/api.ts'
import type { Services } from '../../services.ts'
import { strategyErrors } from './strategy.api.ts'
import { strategyPolicy } from './strategy.policy.ts'
import { presentLink, presentNode } from './strategy.presenter.ts'
import {
  linkCreate,
  linkDoc,
  nodeCreate,
  nodeDoc,
  nodeMove,
  nodeReorder,
  nodeUpdate,
  versionNumberParams,
} from './strategy.schema.ts'

export function strategyNodesApi(
  fastify: FastifyInstance,
  { strategyNodes, strategyLinks }: Services,
): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>()
  const tags = ['Strategy']
  const base = '/api/v1/partnerships/:slug/strategy'

  /** A node as the API shows it, with its tags. */
  const doc = async (
    actor: Parameters<typeof strategyNodes.tagsOf>[0],
    partnershipId: string,
    id: string,
  ) => {
    const n = await strategyNodes.getNode(actor, partnershipId, id)
    return presentNode(n, await strategyNodes.tagsOf(actor, partnershipId, id))
  }

  app.get(
    `${base}/versions/:number/nodes`,
    {
      config: { policy: strategyPolicy.read },
      schema: {
        tags,
        summary: 'List a version’s themes, outcomes and sub-outcomes',
        params: versionNumberParams,
        querystring: includeArchivedQuery,
        response: { 200: listOf(nodeDoc), ...strategyErrors },
      },
    },
    async (request) => ({
      data: (
        await strategyNodes.listNodes(request.actor, request.partnership.id, request.params.number, {
          includeArchived: request.query.includeArchived,
        })
      ).map((n) => presentNode(n, n.tags)),
    }),
  )

  app.post(
    `${base}/versions/:number/nodes`,
    {
      config: { policy: strategyPolicy.edit },
      schema: {
        tags,
        summary: 'Add a theme, outcome or sub-outcome (reference defaults to the next free one)',
        params: versionNumberParams,
        body: nodeCreate,
        response: { 201: one(nodeDoc), ...strategyErrors },
      },
    },
    async (request, reply) => {
      const row = await strategyNodes.createNode(
        request.actor,
        request.partnership.id,
        request.params.number,
        request.body,
      )
      return reply.status(201).send({ data: await doc(request.actor, request.partnership.id, row.id) })
    },
  )

  app.get(
    `${base}/nodes/:id`,
    {
      config: { policy: strategyPolicy.read },
      schema: {
        tags,
        summary: 'Get a node',
        params: slugIdParams,
        response: { 200: one(nodeDoc), ...strategyErrors },
      },
    },
    async (request) => ({ data: await doc(request.actor, request.partnership.id, request.params.id) }),
  )

  app.put(
    `${base}/nodes/:id`,
    {
      config: { policy: strategyPolicy.editStatement },
      schema: {
        tags,
        summary: 'Change a node’s reference, wording and tags (a new reference renumbers beneath it)',
        params: slugIdParams,
        body: nodeUpdate,
        response: { 200: one(nodeDoc), ...strategyErrors },
      },
    },
    async (request) => {
      await strategyNodes.updateNode(request.actor, request.partnership.id, request.params.id, request.body)
      return { data: await doc(request.actor, request.partnership.id, request.params.id) }
    },
  )

  app.delete(
    `${base}/nodes/:id`,
    {
      config: { policy: strategyPolicy.edit },
      schema: {
        tags,
        summary: 'Archive a node and everything beneath it (history kept)',
        params: slugIdParams,
        response: { 200: one(nodeDoc), ...strategyErrors },
      },
    },
    async (request) => {
      await strategyNodes.archiveNode(request.actor, request.partnership.id, request.params.id)
      return { data: await doc(request.actor, request.partnership.id, request.params.id) }
    },
  )

  app.post(
    `${base}/nodes/:id/move`,
    {
      config: { policy: strategyPolicy.edit },
      schema: {
        tags,
        summary: 'Move a node under another parent or to another place among its siblings',
        params: slugIdParams,
        body: nodeMove,
        response: { 200: one(nodeDoc), ...strategyErrors },
      },
    },
    async (request) => {
      await strategyNodes.moveNode(request.actor, request.partnership.id, request.params.id, request.body)
      return { data: await doc(request.actor, request.partnership.id, request.params.id) }
    },
  )

  app.post(
    `${base}/nodes/:id/reorder`,
    {
      config: { policy: strategyPolicy.edit },
      schema: {
        tags,
        summary: 'Swap a node with its neighbour above or below',
        params: slugIdParams,
        body: nodeReorder,
        response: { 200: one(nodeDoc), ...strategyErrors },
      },
    },
    async (request) => {
      await strategyNodes.reorderNode(
        request.actor,
        request.partnership.id,
        request.params.id,
        request.body.direction,
      )
      return { data: await doc(request.actor, request.partnership.id, request.params.id) }
    },
  )

  app.get(
    `${base}/nodes/:id/links`,
    {
      config: { policy: strategyPolicy.read },
      schema: {
        tags,
        summary: 'Related outcomes in other themes',
        params: slugIdParams,
        response: { 200: listOf(linkDoc), ...strategyErrors },
      },
    },
    async (request) => {
      const links = await strategyLinks.linksOf(request.actor, request.partnership.id, request.params.id)
      const node = await strategyNodes.getNode(request.actor, request.partnership.id, request.params.id)
      const refs = new Map<string, string>([
        [node.id, node.ref],
        ...links.map(({ other }) => [other.id, other.ref] as [string, string]),
      ])
      return { data: links.map(({ link }) => presentLink(link, refs)) }
    },
  )

  app.post(
    `${base}/nodes/:id/links`,
    {
      config: { policy: strategyPolicy.edit },
      schema: {
        tags,
        summary: 'Link an outcome to a related outcome in another theme',
        params: slugIdParams,
        body: linkCreate,
        response: { 201: one(linkDoc), ...strategyErrors },
      },
    },
    async (request, reply) => {
      const link = await strategyLinks.addLink(
        request.actor,
        request.partnership.id,
        request.params.id,
        request.body,
      )
      const [a, b] = await Promise.all([
        strategyNodes.getNode(request.actor, request.partnership.id, link.fromNodeId),
        strategyNodes.getNode(request.actor, request.partnership.id, link.toNodeId),
      ])
      return reply.status(201).send({
        data: presentLink(
          link,
          new Map([
            [a.id, a.ref],
            [b.id, b.ref],
          ]),
        ),
      })
    },
  )

  app.delete(
    `${base}/links/:id`,
    {
      config: { policy: strategyPolicy.edit },
      schema: {
        tags,
        summary: 'Remove a link between outcomes (archived; history kept)',
        params: slugIdParams,
        response: { 200: one(linkDoc), ...strategyErrors },
      },
    },
    async (request) => {
      const link = await strategyLinks.removeLink(request.actor, request.partnership.id, request.params.id)
      const [a, b] = await Promise.all([
        strategyNodes.getNode(request.actor, request.partnership.id, link.fromNodeId),
        strategyNodes.getNode(request.actor, request.partnership.id, link.toNodeId),
      ])
      return {
        data: presentLink(
          link,
          new Map([
            [a.id, a.ref],
            [b.id, b.ref],
          ]),
        ),
      }
    },
  )
  // Routes are registered synchronously; the modules' index awaits every registrar alike.
  return Promise.resolve()
}
