import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { notFound, type FieldErrors } from '../../errors.ts'
import { submitForm } from '../../lib/pages.ts'
import type { Services } from '../../services.ts'
import { parentItems, versionModel, versionNumber } from '../strategy/strategy.view.ts'
import { versionStatusLabels, type VersionStatus } from '../strategy/strategy.schema.ts'
import { consultationPolicy } from './consultation.policy.ts'
import { commentInput, commentStatuses, commentStatusLabels, responseInput } from './consultation.schema.ts'

/** The consultation view of a draft, and the response form. */
export async function consultationPages(app: FastifyInstance, services: Services) {
  const { consultation, strategy, organisations } = services
  const ctx = (request: FastifyRequest) => request.partnershipContext!.partnership

  async function renderIndex(
    request: FastifyRequest,
    reply: FastifyReply,
    values: Record<string, unknown>,
    errors?: FieldErrors,
  ) {
    const pid = ctx(request).id
    const number = versionNumber(request)
    const status = (request.query as { status?: string }).status
    const filter = commentStatuses.includes(status as 'open') ? status : undefined
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
      values,
      errors,
    })
  }

  app.get(
    '/p/:slug/strategy/versions/:number/consultation',
    { config: { policy: consultationPolicy.read } },
    async (request, reply) => renderIndex(request, reply, {}),
  )

  app.post(
    '/p/:slug/strategy/versions/:number/consultation',
    { config: { policy: consultationPolicy.comment } },
    async (request, reply) => {
      const number = versionNumber(request)
      const body = request.body as Record<string, unknown>
      return submitForm(reply, {
        schema: commentInput,
        body,
        invalid: (errors) => renderIndex(request, reply, body, errors),
        valid: async (input) => {
          const row = await consultation.comment(request.actor, ctx(request).id, number, input)
          request.flash('success', 'Your comment has been added')
          const slug = ctx(request).slug
          return reply.redirect(
            body.returnTo === 'node' && row.nodeId
              ? `/p/${slug}/strategy/nodes/${row.nodeId}#comments`
              : `/p/${slug}/strategy/versions/${number}/consultation`,
          )
        },
      })
    },
  )

  async function loadComment(request: FastifyRequest) {
    const { id } = request.params as { id: string }
    if (!z.uuid().safeParse(id).success) throw notFound('Comment')
    const row = await consultation.get(request.actor, ctx(request).id, id)
    const version = (await strategy.listVersions(request.actor, ctx(request).id)).find(
      (v) => v.id === row.versionId,
    )
    if (!version) throw notFound('Comment')
    const { comments } = await consultation.list(request.actor, ctx(request).id, version.number)
    return { comment: comments.find((c) => c.id === id)!, versionNumber: version.number }
  }

  const renderRespond = async (
    request: FastifyRequest,
    reply: FastifyReply,
    values: object | undefined,
    errors?: FieldErrors,
  ) => {
    const { comment, versionNumber: number } = await loadComment(request)
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
    { config: { policy: consultationPolicy.respond } },
    async (request, reply) => renderRespond(request, reply, undefined),
  )

  app.post(
    '/p/:slug/consultation/:id/respond',
    { config: { policy: consultationPolicy.respond } },
    async (request, reply) => {
      const { comment, versionNumber: number } = await loadComment(request)
      return submitForm(reply, {
        schema: responseInput,
        body: request.body,
        invalid: (errors) => renderRespond(request, reply, request.body as object, errors),
        valid: async (input) => {
          await consultation.respond(request.actor, ctx(request).id, comment.id, input)
          request.flash(
            'success',
            `The comment from ${comment.authorName} is now ${commentStatusLabels[input.status].toLowerCase()}`,
          )
          return reply.redirect(`/p/${ctx(request).slug}/strategy/versions/${number}/consultation`)
        },
      })
    },
  )
}
