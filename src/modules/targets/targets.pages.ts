import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { isAppError, type FieldErrors } from '../../errors.ts'
import { parseForm } from '../../lib/forms.ts'
import { idParams, orShowErrors, submitForm } from '../../lib/pages.ts'
import type { Services } from '../../services.ts'
import { formatIndicatorValue as formatValue } from '../../lib/numbers.ts'
import { asAtFrom } from './targets.api.ts'
import * as f from './targets.forms.ts'
import { targetPolicy } from './targets.policy.ts'
import { trajectoryChangeIsRevision } from './targets.rules.ts'
import {
  asAtQuery,
  commentInput,
  targetCreate,
  targetRevision,
  targetStatuses,
  targetUpdate,
} from './targets.schema.ts'
import {
  statusTagClass,
  targetLabels,
  targetSummaryRows,
  trajectoryChart,
  trajectoryTables,
} from './targets.view.ts'
import { presentTargetThread } from '../thread/thread.presenter.ts'

type Detail = Awaited<ReturnType<Services['targets']['get']>>

export function targetPages(
  fastify: FastifyInstance,
  { targets, agreements, indicators, places, strategy, thread }: Services,
): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>()
  const targetUrl = (request: FastifyRequest, id: string) => `/p/${request.partnership.slug}/targets/${id}`

  /** Everything the add/change/revise forms choose from. */
  async function formLocals(request: FastifyRequest) {
    const p = request.partnership
    const [catalogue, nodes, placeRows] = await Promise.all([
      indicators.list(request.actor, p.id),
      strategy.currentNodes(request.actor, p.id),
      places.list(request.actor, p.id),
    ])
    return {
      labels: targetLabels,
      kindItems: f.kindItems,
      publishedItems: f.publishedItems,
      indicatorItems: (selected?: unknown) => f.indicatorItems(catalogue, selected),
      outcomeItems: (selected?: unknown) => f.outcomeItems(nodes, selected),
      hasStrategy: nodes.length > 0,
      placeItems: (selected?: unknown) => [
        { value: '', text: 'The partnership’s area' },
        ...placeRows.map((pl) => ({
          value: pl.gssCode,
          text: `${pl.name} (${pl.gssCode})`,
          selected: pl.gssCode === selected,
        })),
      ],
    }
  }

  const canAgree = (request: FastifyRequest) => targetPolicy.agree(request.actor, request.partnership.id)
  const editStatuses = (request: FastifyRequest) =>
    targetStatuses.filter((s) => s !== 'agreed' || canAgree(request))

  async function renderShow(
    reply: FastifyReply,
    request: FastifyRequest,
    d: Detail,
    extra: Record<string, unknown> = {},
  ) {
    const p = request.partnership
    const asAt = extra.asAt instanceof Date ? extra.asAt : undefined
    const [comments, revisions, delivery] = await Promise.all([
      targets.comments(request.actor, p.id, d.target.id),
      targets.revisions(request.actor, p.id, d.target.id),
      thread.forTarget(request.actor, p.id, d.target.id, asAt ? { at: asAt } : {}),
    ])
    const live = !d.target.archivedAt && !extra.asAt
    const fmt = (n: number | null) => (n === null ? '' : formatValue(n, d.indicator))
    return reply.render('targets/views/show.njk', {
      title: `${d.indicator.code} target`,
      d,
      fmt,
      summaryRows: targetSummaryRows(d),
      labels: targetLabels,
      statusTagClass,
      chart: trajectoryChart(d, d.trajectory),
      tables: trajectoryTables(d, d.trajectory),
      comments,
      revisions: revisions.map((r) => r.version),
      thread: presentTargetThread(p.slug, d.target.id, delivery),
      values: {},
      canEdit: live && targetPolicy.edit(request.actor, p.id) && d.version.status !== 'agreed',
      // An agreed target's first trajectory is set like any other; after that it is revised.
      canSetTrajectory:
        live &&
        targetPolicy.edit(request.actor, p.id) &&
        !trajectoryChangeIsRevision(d.version.status, d.trajectory),
      canRevise: live && targetPolicy.revise(request.actor, p.id) && d.version.status === 'agreed',
      canComment: live && targetPolicy.comment(request.actor, p.id),
      canAgree: live && canAgree(request) && d.version.status !== 'agreed',
      canArchive: live && targetPolicy.archive(request.actor, p.id),
      canPublish: live && targetPolicy.edit(request.actor, p.id),
      ...extra,
    })
  }

  app.get(
    '/p/:slug/agreements/:id/targets/new',
    { schema: { params: idParams }, config: { policy: targetPolicy.edit } },
    async (request, reply) => {
      const p = request.partnership
      const agreement = await agreements.get(request.actor, p.id, request.params.id)
      return reply.render('targets/views/form.njk', {
        title: 'Add a target',
        agreement,
        values: { kind: 'designated', status: 'proposed', tolerancePercent: '5' },
        statusItems: (s?: unknown) => f.statusItems(targetStatuses, s),
        ...(await formLocals(request)),
      })
    },
  )

  app.post(
    '/p/:slug/agreements/:id/targets',
    { schema: { params: idParams }, config: { policy: targetPolicy.edit } },
    async (request, reply) => {
      const p = request.partnership
      const agreement = await agreements.get(request.actor, p.id, request.params.id)
      return submitForm(reply, {
        schema: targetCreate,
        body: request.body,
        invalid: async (errors) =>
          reply.render('targets/views/form.njk', {
            title: 'Add a target',
            agreement,
            values: request.body,
            errors,
            statusItems: (s?: unknown) => f.statusItems(targetStatuses, s),
            ...(await formLocals(request)),
          }),
        valid: async (input) => {
          const { target, indicator } = await targets.create(request.actor, p.id, agreement.id, input)
          request.flash('success', `The ${indicator.code} target has been added. Set its trajectory next.`)
          return reply.redirect(targetUrl(request, target.id))
        },
      })
    },
  )

  app.get(
    '/p/:slug/targets/:id',
    { schema: { params: idParams, querystring: asAtQuery }, config: { policy: targetPolicy.read } },
    async (request, reply) => {
      const at = asAtFrom(request.query.asAt || undefined)
      const d = await targets.get(request.actor, request.partnership.id, request.params.id, { at })
      return renderShow(reply, request, d, at ? { asAt: at } : {})
    },
  )

  app.get(
    '/p/:slug/targets/:id/edit',
    { schema: { params: idParams }, config: { policy: targetPolicy.edit } },
    async (request, reply) => {
      const p = request.partnership
      const d = await targets.get(request.actor, p.id, request.params.id)
      return reply.render('targets/views/form.njk', {
        title: `Change the ${d.indicator.code} target`,
        d,
        values: f.versionFormValues(
          d.version,
          d.outcomes.flatMap((o) => (o.node ? [o.node.ref] : [])),
        ),
        statusItems: (s?: unknown) => f.statusItems(editStatuses(request), s),
        ...(await formLocals(request)),
      })
    },
  )

  app.post(
    '/p/:slug/targets/:id',
    { schema: { params: idParams }, config: { policy: targetPolicy.edit } },
    async (request, reply) => {
      const p = request.partnership
      const d = await targets.get(request.actor, p.id, request.params.id)
      return submitForm(reply, {
        schema: targetUpdate,
        body: request.body,
        invalid: async (errors) =>
          reply.render('targets/views/form.njk', {
            title: `Change the ${d.indicator.code} target`,
            d,
            values: request.body,
            errors,
            statusItems: (s?: unknown) => f.statusItems(editStatuses(request), s),
            ...(await formLocals(request)),
          }),
        valid: async (input) => {
          const version = await targets.update(request.actor, p.id, d.target.id, input)
          request.flash(
            'success',
            version ? `The ${d.indicator.code} target has been updated` : 'Nothing had changed',
          )
          return reply.redirect(targetUrl(request, d.target.id))
        },
      })
    },
  )

  app.get(
    '/p/:slug/targets/:id/trajectory',
    { schema: { params: idParams }, config: { policy: targetPolicy.edit } },
    async (request, reply) => {
      const p = request.partnership
      const d = await targets.get(request.actor, p.id, request.params.id)
      const grid = f.trajectoryGrid(d.indicator.frequency, d.agreement.startYear, d.agreement.endYear)
      return reply.render('targets/views/trajectory.njk', {
        title: `Trajectory for the ${d.indicator.code} target`,
        d,
        grid,
        values: f.gridValues(grid, d.trajectory),
      })
    },
  )

  app.post(
    '/p/:slug/targets/:id/trajectory',
    { schema: { params: idParams }, config: { policy: targetPolicy.edit } },
    async (request, reply) => {
      const p = request.partnership
      const d = await targets.get(request.actor, p.id, request.params.id)
      const grid = f.trajectoryGrid(d.indicator.frequency, d.agreement.startYear, d.agreement.endYear)
      const body = (request.body ?? {}) as Record<string, unknown>
      const invalid = (errors: FieldErrors) =>
        reply.status(422).render('targets/views/trajectory.njk', {
          title: `Trajectory for the ${d.indicator.code} target`,
          d,
          grid,
          values: body,
          errors,
        })
      const { rows, names, errors } = f.gridRows(grid, body, d.trajectory)
      if (Object.keys(errors).length) return invalid(errors)
      try {
        await targets.setTrajectory(request.actor, p.id, d.target.id, rows)
      } catch (e) {
        if (isAppError(e) && e.fields) return invalid(f.gridErrors(e.fields, names))
        throw e
      }
      request.flash('success', `The ${d.indicator.code} trajectory has been saved`)
      return reply.redirect(targetUrl(request, d.target.id))
    },
  )

  app.post(
    '/p/:slug/targets/:id/comments',
    { schema: { params: idParams }, config: { policy: targetPolicy.comment } },
    async (request, reply) => {
      const p = request.partnership
      const d = await targets.get(request.actor, p.id, request.params.id)
      return submitForm(reply, {
        schema: commentInput,
        body: request.body,
        invalid: (errors) => renderShow(reply, request, d, { errors, values: request.body }),
        valid: async (input) => {
          await targets.comment(request.actor, p.id, d.target.id, input)
          request.flash('success', 'Your comment has been added to the negotiation log')
          return reply.redirect(`${targetUrl(request, d.target.id)}#negotiation`)
        },
      })
    },
  )

  app.post(
    '/p/:slug/targets/:id/agree',
    { schema: { params: idParams }, config: { policy: targetPolicy.agree } },
    async (request, reply) => {
      const p = request.partnership
      const d = await targets.get(request.actor, p.id, request.params.id)
      const given = (request.body as Record<string, unknown> | undefined)?.agreeComment
      const comment = (typeof given === 'string' ? given : '').trim()
      return orShowErrors(
        reply,
        async () => {
          await targets.agree(request.actor, p.id, d.target.id, { comment: comment || null })
          request.flash('success', `The ${d.indicator.code} target is agreed`)
          return reply.redirect(targetUrl(request, d.target.id))
        },
        (errors) => renderShow(reply, request, d, { errors }),
      )
    },
  )

  async function reviseForm(
    request: FastifyRequest,
    d: Detail,
    values: Record<string, unknown>,
    errors?: FieldErrors,
  ) {
    const grid = f.trajectoryGrid(d.indicator.frequency, d.agreement.startYear, d.agreement.endYear)
    return {
      title: `Revise the ${d.indicator.code} target`,
      d,
      grid,
      values,
      errors,
      ...(await formLocals(request)),
    }
  }

  app.get(
    '/p/:slug/targets/:id/revise',
    { schema: { params: idParams }, config: { policy: targetPolicy.revise } },
    async (request, reply) => {
      const p = request.partnership
      const d = await targets.get(request.actor, p.id, request.params.id)
      const grid = f.trajectoryGrid(d.indicator.frequency, d.agreement.startYear, d.agreement.endYear)
      const values = {
        ...f.versionFormValues(
          d.version,
          d.outcomes.flatMap((o) => (o.node ? [o.node.ref] : [])),
        ),
        ...f.gridValues(grid, d.trajectory),
      }
      return reply.render('targets/views/revise.njk', await reviseForm(request, d, values))
    },
  )

  app.post(
    '/p/:slug/targets/:id/revise',
    { schema: { params: idParams }, config: { policy: targetPolicy.revise } },
    async (request, reply) => {
      const p = request.partnership
      const d = await targets.get(request.actor, p.id, request.params.id)
      const body = (request.body ?? {}) as Record<string, unknown>
      const grid = f.trajectoryGrid(d.indicator.frequency, d.agreement.startYear, d.agreement.endYear)
      const invalid = async (errors: FieldErrors) =>
        reply.status(422).render('targets/views/revise.njk', await reviseForm(request, d, body, errors))
      const traj = f.gridRows(grid, body, d.trajectory)
      const form = parseForm(targetRevision, { ...body, trajectory: traj.rows })
      if (!form.ok || Object.keys(traj.errors).length)
        return invalid({ ...(form.ok ? {} : f.gridErrors(form.errors, traj.names)), ...traj.errors })
      try {
        const version = await targets.revise(request.actor, p.id, d.target.id, form.data)
        request.flash(
          'success',
          `The ${d.indicator.code} target has been revised (version ${version.version})`,
        )
        return reply.redirect(targetUrl(request, d.target.id))
      } catch (e) {
        if (isAppError(e) && e.fields) return invalid(f.gridErrors(e.fields, traj.names))
        throw e
      }
    },
  )

  app.post(
    '/p/:slug/targets/:id/archive',
    { schema: { params: idParams }, config: { policy: targetPolicy.archive } },
    async (request, reply) => {
      const p = request.partnership
      const d = await targets.get(request.actor, p.id, request.params.id)
      await targets.archive(request.actor, p.id, d.target.id)
      request.flash('success', `The ${d.indicator.code} target has been archived`)
      return reply.redirect(`/p/${p.slug}/agreements/${d.target.agreementId}`)
    },
  )
  /** On or off the public site (#16), at any status: not a change to what was agreed. */
  app.post(
    '/p/:slug/targets/:id/published',
    { schema: { params: idParams }, config: { policy: targetPolicy.edit } },
    async (request, reply) => {
      const p = request.partnership
      const body = (request.body ?? {}) as Record<string, unknown>
      const published = body.published === 'yes'
      const d = await targets.get(request.actor, p.id, request.params.id)
      await targets.setPublished(request.actor, p.id, d.target.id, published)
      request.flash(
        'success',
        published
          ? `The ${d.indicator.code} target is published on the public site`
          : `The ${d.indicator.code} target is no longer on the public site`,
      )
      return reply.redirect(`/p/${p.slug}/targets/${d.target.id}`)
    },
  )
  // Routes are registered synchronously; the modules' index awaits every registrar alike.
  return Promise.resolve()
}
