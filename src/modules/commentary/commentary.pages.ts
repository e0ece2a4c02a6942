import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import type { FieldErrors } from '../../errors.ts'
import { idParams, slugParams, submitForm } from '../../lib/pages.ts'
import { formatPeriod, parseAsAt, tryParsePeriod } from '../../periods/index.ts'
import type { Services } from '../../services.ts'
import { commentaryPolicy } from './commentary.policy.ts'
import { statusTag } from './commentary.presenter.ts'
import { commentaryInput, pagePeriodQuery, progressInput, requestInput } from './commentary.schema.ts'
import { targetLabel } from './commentary.service.ts'

type Values = Record<string, unknown>

/** A page's `?period=`: canonical, or undefined when blank or not a period. */
const periodParam = (text: string | undefined) => {
  if (!text) return undefined
  const r = tryParsePeriod(text)
  return r.ok ? formatPeriod(r.period) : undefined
}

/** A page's `?asAt=`: a moment, or undefined when blank or unreadable. */
const asAtParam = (text: string | undefined) => {
  if (!text) return undefined
  try {
    return parseAsAt(text)
  } catch {
    return undefined
  }
}

/**
 * Commentary pages: the partnership's commentary for a period, a target's commentary form and
 * history, outcome progress and gaps, what is asked of the signed-in outcome lead, and (for
 * managers) the requests sent when rounds close.
 */
export function commentaryPages(fastify: FastifyInstance, { commentary }: Services): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>()
  const base = (request: FastifyRequest) => `/p/${request.partnership.slug}/commentary`
  const page = { params: slugParams, querystring: pagePeriodQuery }
  const one = { params: idParams, querystring: pagePeriodQuery }

  app.get(
    '/p/:slug/commentary',
    { schema: page, config: { policy: commentaryPolicy.read } },
    async (request, reply) => {
      const pid = request.partnership.id
      const periods = await commentary.periods(request.actor, pid)
      const period = periodParam(request.query.period) ?? periods[0]
      const rows = period ? await commentary.overview(request.actor, pid, period) : []
      return reply.render('commentary/views/index.njk', {
        title: period ? `Commentary for ${period}` : 'Commentary',
        period,
        periodItems: periods.map((p) => ({ value: p, text: p, selected: p === period })),
        rows: rows.map((r) => ({ ...r, label: targetLabel(r.target) })),
        written: rows.filter((r) => r.commentary).length,
        canManage: commentaryPolicy.manage(request.actor, pid),
      })
    },
  )

  app.get(
    '/p/:slug/commentary/asked',
    { schema: { params: slugParams }, config: { policy: commentaryPolicy.read } },
    async (request, reply) => {
      const pid = request.partnership.id
      const [asked, outcomes] = await Promise.all([
        commentary.askedOf(request.actor, pid),
        commentary.outcomesLedBy(request.actor, pid),
      ])
      return reply.render('commentary/views/asked.njk', {
        title: 'Commentary asked of me',
        asked: asked.map((a) => ({ ...a, label: targetLabel(a.target), tag: statusTag(a.status) })),
        outcomes,
      })
    },
  )

  async function renderTarget(
    request: FastifyRequest,
    reply: FastifyReply,
    targetId: string,
    opts: { period?: string; at?: Date; values?: Values; errors?: FieldErrors },
  ) {
    const pid = request.partnership.id
    const target = await commentary.target(request.actor, pid, targetId)
    const [all, mayWrite] = await Promise.all([
      commentary.forTarget(request.actor, pid, targetId, opts.at ? { at: opts.at } : {}),
      commentary.mayWriteTarget(request.actor, pid, targetId),
    ])
    const period = opts.period
    const current = period ? (all.find((r) => r.period === period) ?? null) : null
    const history = period ? await commentary.history(request.actor, pid, targetId, period) : []
    return reply.render('commentary/views/target.njk', {
      title: `Commentary: ${target.code}${period ? ` for ${period}` : ''}`,
      target,
      label: targetLabel(target),
      period,
      current,
      all,
      history: history.filter((h) => h.supersededAt),
      asAt: opts.at,
      mayWrite: mayWrite && !opts.at,
      values: opts.values ?? {
        period,
        commentary: current?.commentary,
        actions: current?.actions,
        supportNeeded: current?.supportNeeded,
        published: current?.published,
      },
      errors: opts.errors,
    })
  }

  app.get(
    '/p/:slug/commentary/targets/:id',
    { schema: one, config: { policy: commentaryPolicy.read } },
    async (request, reply) =>
      renderTarget(request, reply, request.params.id, {
        period: periodParam(request.query.period),
        at: asAtParam(request.query.asAt),
      }),
  )

  app.post(
    '/p/:slug/commentary/targets/:id',
    { schema: { params: idParams }, config: { policy: commentaryPolicy.write } },
    async (request, reply) => {
      const pid = request.partnership.id
      const target = await commentary.target(request.actor, pid, request.params.id)
      const body = request.body as Values
      return submitForm(reply, {
        schema: commentaryInput,
        body,
        invalid: (errors) =>
          renderTarget(request, reply, target.id, {
            period: periodParam(typeof body.period === 'string' ? body.period : undefined),
            values: body,
            errors,
          }),
        valid: async (input) => {
          // An unticked box is not sent: on the form it means not published.
          await commentary.record(request.actor, pid, target.id, {
            ...input,
            published: input.published ?? false,
          })
          request.flash('success', `Commentary on ${target.code} for ${input.period} has been saved`)
          return reply.redirect(
            `${base(request)}/targets/${target.id}?period=${encodeURIComponent(input.period)}`,
          )
        },
      })
    },
  )

  app.get(
    '/p/:slug/commentary/outcomes',
    { schema: { params: slugParams }, config: { policy: commentaryPolicy.read } },
    async (request, reply) => {
      const pid = request.partnership.id
      const [outcomes, progress] = await Promise.all([
        commentary.outcomes(request.actor, pid),
        commentary.progress(request.actor, pid),
      ])
      const latest = new Map<string, (typeof progress)[number]>()
      for (const p of progress) if (!latest.has(p.outcomeKey)) latest.set(p.outcomeKey, p)
      return reply.render('commentary/views/outcomes.njk', {
        title: 'Outcome progress and gaps',
        outcomes: outcomes.map((o) => ({ ...o, latest: latest.get(o.key) ?? null })),
      })
    },
  )

  async function renderOutcome(
    request: FastifyRequest,
    reply: FastifyReply,
    key: string,
    opts: { period?: string; values?: Values; errors?: FieldErrors },
  ) {
    const pid = request.partnership.id
    const outcome = await commentary.outcome(request.actor, pid, key)
    const [all, mayWrite] = await Promise.all([
      commentary.progress(request.actor, pid, { outcomeKey: key }),
      commentary.mayWriteOutcome(request.actor, pid, key),
    ])
    const period = opts.period
    const current = period ? (all.find((r) => r.period === period) ?? null) : null
    const history = period ? await commentary.progressHistory(request.actor, pid, key, period) : []
    return reply.render('commentary/views/outcome.njk', {
      title: `Progress and gaps: ${outcome.ref} ${outcome.title}`,
      outcome,
      period,
      current,
      all,
      history: history.filter((h) => h.supersededAt),
      mayWrite,
      values: opts.values ?? { period, progress: current?.progress, gaps: current?.gaps },
      errors: opts.errors,
    })
  }

  app.get(
    '/p/:slug/commentary/outcomes/:id',
    { schema: one, config: { policy: commentaryPolicy.read } },
    async (request, reply) =>
      renderOutcome(request, reply, request.params.id, { period: periodParam(request.query.period) }),
  )

  app.post(
    '/p/:slug/commentary/outcomes/:id',
    { schema: { params: idParams }, config: { policy: commentaryPolicy.write } },
    async (request, reply) => {
      const pid = request.partnership.id
      const outcome = await commentary.outcome(request.actor, pid, request.params.id)
      const body = request.body as Values
      return submitForm(reply, {
        schema: progressInput,
        body,
        invalid: (errors) =>
          renderOutcome(request, reply, outcome.key, {
            period: periodParam(typeof body.period === 'string' ? body.period : undefined),
            values: body,
            errors,
          }),
        valid: async (input) => {
          await commentary.recordProgress(request.actor, pid, outcome.key, input)
          request.flash('success', `Progress on ${outcome.ref} for ${input.period} has been saved`)
          return reply.redirect(
            `${base(request)}/outcomes/${outcome.key}?period=${encodeURIComponent(input.period)}`,
          )
        },
      })
    },
  )

  async function renderRequests(request: FastifyRequest, reply: FastifyReply, errors?: FieldErrors) {
    const pid = request.partnership.id
    const [rounds, requests] = await Promise.all([
      commentary.closedRounds(request.actor, pid),
      commentary.requests(request.actor, pid),
    ])
    return reply.render('commentary/views/requests.njk', {
      title: 'Commentary requests',
      roundItems: [
        { value: '', text: 'Choose a closed round' },
        ...rounds.map((r) => ({ value: r.id, text: `${r.period} (closed ${r.dueOn})` })),
      ],
      requests: [...requests].reverse().map((r) => ({
        ...r,
        label: r.target ? targetLabel(r.target) : 'Archived target',
        tag: statusTag(r.status),
      })),
      errors,
    })
  }

  app.get(
    '/p/:slug/commentary/requests',
    { schema: { params: slugParams }, config: { policy: commentaryPolicy.manage } },
    async (request, reply) => renderRequests(request, reply),
  )

  app.post(
    '/p/:slug/commentary/requests',
    { schema: { params: slugParams }, config: { policy: commentaryPolicy.manage } },
    async (request, reply) =>
      submitForm(reply, {
        schema: requestInput,
        body: request.body,
        invalid: (errors) => renderRequests(request, reply, errors),
        valid: async ({ roundId }) => {
          const r = await commentary.requestForRound(request.actor, request.partnership.id, roundId)
          request.flash(
            'success',
            r.requests
              ? `Commentary for ${r.period} asked of ${r.people} outcome lead${r.people === 1 ? '' : 's'} (${r.requests} target${r.requests === 1 ? '' : 's'})`
              : `Every outcome lead has already been asked for the ${r.period} commentary`,
          )
          return reply.redirect(`${base(request)}/requests`)
        },
      }),
  )

  /** Run the requests and reminders for this partnership now, rather than waiting for the hourly run. */
  app.post(
    '/p/:slug/commentary/requests/send',
    { schema: { params: slugParams }, config: { policy: commentaryPolicy.manage } },
    async (request, reply) => {
      const r = await commentary.sendDue(undefined, { partnershipId: request.partnership.id })
      request.flash(
        'success',
        r.requested || r.reminded
          ? `${r.requested} request${r.requested === 1 ? '' : 's'} and ${r.reminded} reminder${r.reminded === 1 ? '' : 's'} recorded`
          : 'Nothing is due: rounds closed in the last fortnight have been asked for, and reminders go weekly',
      )
      return reply.redirect(`${base(request)}/requests`)
    },
  )

  return Promise.resolve()
}
