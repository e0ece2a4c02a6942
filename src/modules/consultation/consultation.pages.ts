import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { notFound, type FieldErrors } from '../../errors.ts'
import { idParams, submitForm } from '../../lib/pages.ts'
import type { Services } from '../../services.ts'
import { parentItems, versionModel } from '../strategy/strategy.view.ts'
import { versionPageParams, versionStatusLabels, type VersionStatus } from '../strategy/strategy.schema.ts'
import { consultationPolicy } from './consultation.policy.ts'
import {
  commentInput,
  commentStatuses,
  commentStatusLabels,
  consultationPageQuery,
  responseInput,
  type CommentStatus,
} from './consultation.schema.ts'

/** The consultation view of a draft, and the response form. */
export function consultationPages(fastify: FastifyInstance, services: Services): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>()
  const { consultation, strategy, organisations } = services
  const indexPage = { params: versionPageParams, querystring: consultationPageQuery }

  /** Version `number`'s comments, only those of status `filter` when given. */
  async function renderIndex(
    request: FastifyRequest,
    reply: FastifyReply,
    { number, filter }: { number: number; filter: CommentStatus | undefined },
    values: Record<string, unknown>,
    errors?: FieldErrors,
  ) {
    const pid = request.partnership.id
    const version = await strategy.getVersion(request.actor, pid, number)
    const [{ comments }, all, model] = await Promise.all([
      consultation.list(request.actor, pid, number, { status: filter }),
      consultation.list(request.actor, pid, number),
      versionModel(services, request, version),
    ])
    const count = (s: string) => all.comments.filter((c) => c.status === s).length
    const onBehalf = consultationPolicy.commentOnBehalf(request.actor, pid)
    const orgs = onBehalf ? await organisations.list(request.actor, pid) : []
    return reply.render('consultation/views/index.njk', {
      title: `Consultation on version ${number}`,
      version,
      statusLabel: versionStatusLabels[version.status as VersionStatus],
      closedReason: version.editable ? null : 'This version is closed to new comments.',
      whole: comments.filter((c) => !c.nodeId),
      onNodes: comments.filter((c) => c.nodeId),
      counts: {
        total: all.comments.length,
        open: count('open'),
        accepted: count('accepted'),
        rejected: count('rejected'),
        noted: count('noted'),
      },
      statusItems: [
        { value: '', text: 'All comments' },
        ...commentStatuses.map((s) => ({ value: s, text: commentStatusLabels[s], selected: s === filter })),
      ],
      nodeItems: [
        { value: '', text: 'The whole draft' },
        ...parentItems(model.flat, values.nodeId as string | undefined),
      ],
      organisationItems: [
        { value: '', text: 'Choose an organisation' },
        ...orgs.map((o) => ({ value: o.id, text: o.name, selected: o.id === values.organisationId })),
      ],
      onBehalf,
      canComment: consultationPolicy.comment(request.actor, pid) && version.editable,
      canRespond: consultationPolicy.respond(request.actor, pid),
      // Residents' comments from the public site waiting for a decision (residents module).
      residentsWaiting: consultationPolicy.respond(request.actor, pid)
        ? await services.residents.waiting(request.actor, pid, version.id)
        : null,
      values,
      errors,
    })
  }

  app.get(
    '/p/:slug/strategy/versions/:number/consultation',
    { schema: indexPage, config: { policy: consultationPolicy.read } },
    async (request, reply) =>
      renderIndex(request, reply, { number: request.params.number, filter: request.query.status }, {}),
  )

  app.post(
    '/p/:slug/strategy/versions/:number/consultation',
    { schema: indexPage, config: { policy: consultationPolicy.comment } },
    async (request, reply) => {
      const { number } = request.params
      const body = request.body as Record<string, unknown>
      return submitForm(reply, {
        schema: commentInput,
        body,
        invalid: (errors) =>
          renderIndex(request, reply, { number, filter: request.query.status }, body, errors),
        valid: async (input) => {
          const row = await consultation.comment(request.actor, request.partnership.id, number, input)
          request.flash('success', 'Your comment has been added')
          const slug = request.partnership.slug
          return reply.redirect(
            body.returnTo === 'node' && row.nodeId
              ? `/p/${slug}/strategy/nodes/${row.nodeId}#comments`
              : `/p/${slug}/strategy/versions/${number}/consultation`,
          )
        },
      })
    },
  )

  /** The comment `id` with its names, and the number of its version. */
  async function loadComment(request: FastifyRequest, id: string) {
    const row = await consultation.get(request.actor, request.partnership.id, id)
    const version = (await strategy.listVersions(request.actor, request.partnership.id)).find(
      (v) => v.id === row.versionId,
    )
    if (!version) throw notFound('Comment')
    const { comments } = await consultation.list(request.actor, request.partnership.id, version.number)
    return { comment: comments.find((c) => c.id === id)!, versionNumber: version.number }
  }

  const renderRespond = async (
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    values: object | undefined,
    errors?: FieldErrors,
  ) => {
    const { comment, versionNumber: number } = await loadComment(request, id)
    return reply.render('consultation/views/respond.njk', {
      title: `Respond to ${comment.authorName}`,
      comment,
      versionNumber: number,
      values: values ?? comment,
      errors,
    })
  }

  app.get(
    '/p/:slug/consultation/:id/respond',
    { schema: { params: idParams }, config: { policy: consultationPolicy.respond } },
    async (request, reply) => renderRespond(request, reply, request.params.id, undefined),
  )

  app.post(
    '/p/:slug/consultation/:id/respond',
    { schema: { params: idParams }, config: { policy: consultationPolicy.respond } },
    async (request, reply) => {
      const { comment, versionNumber: number } = await loadComment(request, request.params.id)
      return submitForm(reply, {
        schema: responseInput,
        body: request.body,
        invalid: (errors) => renderRespond(request, reply, comment.id, request.body as object, errors),
        valid: async (input) => {
          await consultation.respond(request.actor, request.partnership.id, comment.id, input)
          request.flash(
            'success',
            `The comment from ${comment.authorName} is now ${commentStatusLabels[input.status].toLowerCase()}`,
          )
          return reply.redirect(`/p/${request.partnership.slug}/strategy/versions/${number}/consultation`)
        },
      })
    },
  )
  // Routes are registered synchronously; the modules' index awaits every registrar alike.
  return Promise.resolve()
}
