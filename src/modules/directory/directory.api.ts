import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { one, slugParams } from '../../lib/api.ts'
import type { Services } from '../../services.ts'
import { strategyErrors } from '../strategy/strategy.api.ts'
import { directoryPolicy } from './directory.policy.ts'
import { presentDirectoryRow } from './directory.presenter.ts'
import { directoryDoc, directoryInput, directoryQuery, directoryRowDoc } from './directory.schema.ts'

export function directoryApi(fastify: FastifyInstance, { directory }: Services): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>()
  const tags = ['Partnership Directory']
  const base = '/api/v1/partnerships/:slug/directory'

  app.get(
    base,
    {
      config: { policy: directoryPolicy.read },
      schema: {
        tags,
        summary: 'The Partnership Directory: who leads each outcome and sub-outcome (003 §9)',
        params: slugParams,
        querystring: directoryQuery,
        response: { 200: one(directoryDoc), ...strategyErrors },
      },
    },
    async (request) => {
      const { version, rows } = await directory.list(
        request.actor,
        request.partnership.id,
        request.query.version,
      )
      return { data: { version: version.number, rows: rows.map(presentDirectoryRow) } }
    },
  )

  app.get(
    `${base}/gaps`,
    {
      config: { policy: directoryPolicy.read },
      schema: {
        tags,
        summary: 'Outcomes and sub-outcomes with roles not filled',
        params: slugParams,
        querystring: directoryQuery,
        response: { 200: one(directoryDoc), ...strategyErrors },
      },
    },
    async (request) => {
      const { version, rows } = await directory.gaps(
        request.actor,
        request.partnership.id,
        request.query.version,
      )
      return { data: { version: version.number, rows: rows.map(presentDirectoryRow) } }
    },
  )

  app.put(
    `${base}/:nodeId`,
    {
      config: { policy: directoryPolicy.editEntry },
      schema: {
        tags,
        summary: 'Set the four roles of an outcome (blank clears a role)',
        params: slugParams.extend({ nodeId: z.uuid() }),
        body: directoryInput,
        response: { 200: one(directoryRowDoc), ...strategyErrors },
      },
    },
    async (request) => {
      const { row } = await directory.set(
        request.actor,
        request.partnership.id,
        request.params.nodeId,
        request.body,
      )
      return { data: presentDirectoryRow(row) }
    },
  )
  // Routes are registered synchronously; the modules' index awaits every registrar alike.
  return Promise.resolve()
}
