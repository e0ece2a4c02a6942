import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { validationError } from '../../errors.ts'
import { errorResponses, listOf, one, slugParams } from '../../lib/api.ts'
import { formatPeriod, parseAsAt, tryParsePeriod } from '../../periods/index.ts'
import type { Services } from '../../services.ts'
import { commentaryPolicy } from './commentary.policy.ts'
import { presentCommentary, presentProgress, presentRequest } from './commentary.presenter.ts'
import {
  commentaryApiInput,
  commentaryDoc,
  commentaryQuery,
  progressApiInput,
  progressDoc,
  progressQuery,
  requestDoc,
  requestInput,
  requestsQuery,
} from './commentary.schema.ts'

/** `?asAt=` as a moment, or a 422 naming it. */
export function asAtOf(text: string | undefined): Date | undefined {
  if (!text) return undefined
  try {
    return parseAsAt(text)
  } catch (e) {
    throw validationError({ asAt: (e as Error).message })
  }
}

/** `?period=` in its canonical spelling, or a 422 naming it. */
export function periodOf(text: string | undefined): string | undefined {
  if (!text) return undefined
  const r = tryParsePeriod(text)
  if (!r.ok) throw validationError({ period: r.error })
  return formatPeriod(r.period)
}

const requestResult = z.object({
  period: z.string(),
  requests: z.number().int().describe('Requests added (asking again adds only those missing)'),
  people: z.number().int(),
  messages: z.number().int().describe('Messages recorded in the outbox'),
})

export function commentaryApi(fastify: FastifyInstance, { commentary }: Services): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>()
  const tags = ['Commentary']
  const base = '/api/v1/partnerships/:slug'

  const commentaryOut = async (actor: Parameters<typeof commentary.list>[0], pid: string, id: string) => {
    const row = await commentary.list(actor, pid, {})
    return presentCommentary(row.find((r) => r.id === id)!)
  }

  app.get(
    `${base}/commentaries`,
    {
      config: { policy: commentaryPolicy.read },
      schema: {
        tags,
        summary: 'The lead officers’ commentary on targets, as it stands or stood at a moment',
        params: slugParams,
        querystring: commentaryQuery,
        response: { 200: listOf(commentaryDoc), ...errorResponses },
      },
    },
    async (request) => {
      const { targetId, period, asAt } = request.query
      const rows = await commentary.list(request.actor, request.partnership.id, {
        ...(targetId ? { targetId } : {}),
        period: periodOf(period),
        at: asAtOf(asAt),
      })
      return { data: rows.map(presentCommentary) }
    },
  )

  app.put(
    `${base}/commentaries`,
    {
      config: { policy: commentaryPolicy.write },
      schema: {
        tags,
        summary:
          'Write a target’s commentary for a period (its outcome lead, performance officers, administrators); a change supersedes the current version',
        params: slugParams,
        body: commentaryApiInput,
        response: { 200: one(commentaryDoc), ...errorResponses },
      },
    },
    async (request) => {
      const { targetId, ...input } = request.body
      const pid = request.partnership.id
      const row = await commentary.record(request.actor, pid, targetId, input)
      return { data: await commentaryOut(request.actor, pid, row.id) }
    },
  )

  const refsOf = async (actor: Parameters<typeof commentary.outcomes>[0], pid: string) =>
    new Map((await commentary.outcomes(actor, pid)).map((o) => [o.key, o.ref]))

  app.get(
    `${base}/outcome-progress`,
    {
      config: { policy: commentaryPolicy.read },
      schema: {
        tags,
        summary: 'Progress and gaps reported by outcome leads for outcomes and sub-outcomes (003 §11)',
        params: slugParams,
        querystring: progressQuery,
        response: { 200: listOf(progressDoc), ...errorResponses },
      },
    },
    async (request) => {
      const { outcomeKey, period, asAt } = request.query
      const pid = request.partnership.id
      const rows = await commentary.progress(request.actor, pid, {
        ...(outcomeKey ? { outcomeKey } : {}),
        period: periodOf(period),
        at: asAtOf(asAt),
      })
      const refs = await refsOf(request.actor, pid)
      return { data: rows.map((r) => presentProgress(r, refs)) }
    },
  )

  app.put(
    `${base}/outcome-progress`,
    {
      config: { policy: commentaryPolicy.write },
      schema: {
        tags,
        summary:
          'Report an outcome’s progress and gaps for a period (its outcome lead, performance officers, administrators)',
        params: slugParams,
        body: progressApiInput,
        response: { 200: one(progressDoc), ...errorResponses },
      },
    },
    async (request) => {
      const { outcomeKey, ...input } = request.body
      const pid = request.partnership.id
      const row = await commentary.recordProgress(request.actor, pid, outcomeKey, input)
      return { data: presentProgress(row, await refsOf(request.actor, pid)) }
    },
  )

  app.get(
    `${base}/commentary-requests`,
    {
      config: { policy: commentaryPolicy.read },
      schema: {
        tags,
        summary: 'Commentary asked of outcome leads when rounds closed, and whether each has been written',
        params: slugParams,
        querystring: requestsQuery,
        response: { 200: listOf(requestDoc), ...errorResponses },
      },
    },
    async (request) => {
      const rows = await commentary.requests(request.actor, request.partnership.id, {
        ...(request.query.roundId ? { roundId: request.query.roundId } : {}),
        mine: request.query.mine,
      })
      return { data: rows.map(presentRequest) }
    },
  )

  app.post(
    `${base}/commentary-requests`,
    {
      config: { policy: commentaryPolicy.manage },
      schema: {
        tags,
        summary:
          'Ask each target’s outcome lead for the commentary of a closed round (through the outbox); asking again adds only what is missing',
        params: slugParams,
        body: requestInput,
        response: { 200: one(requestResult), ...errorResponses },
      },
    },
    async (request) => ({
      data: await commentary.requestForRound(request.actor, request.partnership.id, request.body.roundId),
    }),
  )

  return Promise.resolve()
}
