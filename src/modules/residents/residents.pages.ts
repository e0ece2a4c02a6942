import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import type { FieldErrors } from '../../errors.ts'
import { idParams, submitForm } from '../../lib/pages.ts'
import type { Services } from '../../services.ts'
import { versionPageParams, versionStatusLabels, type VersionStatus } from '../strategy/strategy.schema.ts'
import { haveYourSayPaths, residentsPublicPages } from './residents.public.pages.ts'
import { residentsPolicy } from './residents.policy.ts'
import {
  moderationInput,
  moderationPageQuery,
  publicCommentStatuses,
  publicCommentStatusLabels,
  publicWindowInput,
  type PublicCommentStatus,
} from './residents.schema.ts'

/**
 * The partnership's side of residents' comments: a version's comments to moderate (with the days
 * it is open to the public), and publishing or rejecting one with the partnership's response.
 * The public pages are in residents.public.pages.ts.
 */
export async function residentsPages(fastify: FastifyInstance, services: Services): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>()
  const { residents } = services
  const vbase = (slug: string, n: number) => `/p/${slug}/strategy/versions/${n}`

  async function renderIndex(
    request: FastifyRequest,
    reply: FastifyReply,
    number: number,
    filter: PublicCommentStatus | undefined,
    values?: Record<string, unknown>,
    errors?: FieldErrors,
  ) {
    const pid = request.partnership.id
    const slug = request.partnership.slug
    const d = await residents.list(request.actor, pid, number, { status: filter })
    const shown = filter ? d.comments : d.comments.filter((c) => c.status !== 'unconfirmed')
    const draft = d.version.status !== 'final' && d.version.status !== 'signed_off'
    return reply.render('residents/views/index.njk', {
      title: `Residents’ comments on version ${number}`,
      version: d.version,
      statusLabel: versionStatusLabels[d.version.status as VersionStatus],
      vbase: vbase(slug, number),
      counts: Object.fromEntries(publicCommentStatuses.map((s) => [s, d.counts[s] ?? 0])),
      groups: (['pending', 'published', 'rejected', 'unconfirmed'] as const)
        .map((s) => ({
          status: s,
          label: publicCommentStatusLabels[s],
          comments: shown.filter((c) => c.status === s),
        }))
        .filter((g) => g.comments.length),
      statusItems: [
        { value: '', text: 'All confirmed comments' },
        ...publicCommentStatuses.map((s) => ({
          value: s,
          text: publicCommentStatusLabels[s],
          selected: s === filter,
        })),
      ],
      openToday: d.openToday,
      publicHref: request.partnership.publicSite ? haveYourSayPaths.page(slug) : null,
      canOpen: draft && residentsPolicy.openToPublic(request.actor, pid),
      values: values ?? { opensOn: d.version.publicOpensOn, closesOn: d.version.publicClosesOn },
      errors,
    })
  }

  app.get(
    '/p/:slug/strategy/versions/:number/residents',
    {
      schema: { params: versionPageParams, querystring: moderationPageQuery },
      config: { policy: residentsPolicy.moderate },
    },
    async (request, reply) => renderIndex(request, reply, request.params.number, request.query.status),
  )

  app.post(
    '/p/:slug/strategy/versions/:number/residents/window',
    { schema: { params: versionPageParams }, config: { policy: residentsPolicy.openToPublic } },
    async (request, reply) => {
      const { number } = request.params
      const body = (request.body ?? {}) as Record<string, unknown>
      const closing = body.action === 'close'
      return submitForm(reply, {
        schema: publicWindowInput,
        body: closing ? {} : body,
        invalid: (errors) => renderIndex(request, reply, number, undefined, body, errors),
        valid: async (input) => {
          const v = await residents.setWindow(request.actor, request.partnership.id, number, input)
          request.flash(
            'success',
            v.publicOpensOn
              ? 'Residents can comment on this draft on the days you chose'
              : 'This draft is closed to residents',
          )
          return reply.redirect(`${vbase(request.partnership.slug, number)}/residents`)
        },
      })
    },
  )

  async function renderModerate(
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    values?: Record<string, unknown>,
    errors?: FieldErrors,
  ) {
    const c = await residents.get(request.actor, request.partnership.id, id)
    return reply.render('residents/views/moderate.njk', {
      title: `Moderate a comment from ${c.authorName || 'a resident'}`,
      comment: c,
      statusLabel: publicCommentStatusLabels[c.status as PublicCommentStatus],
      back: `${vbase(request.partnership.slug, c.version.number)}/residents`,
      values: values ?? {
        decision: c.status === 'rejected' ? 'reject' : c.status === 'published' ? 'publish' : undefined,
        note: c.moderationNote,
        response: c.response,
      },
      errors,
    })
  }

  app.get(
    '/p/:slug/residents/:id',
    { schema: { params: idParams }, config: { policy: residentsPolicy.moderate } },
    async (request, reply) => renderModerate(request, reply, request.params.id),
  )

  app.post(
    '/p/:slug/residents/:id',
    { schema: { params: idParams }, config: { policy: residentsPolicy.moderate } },
    async (request, reply) => {
      const { id } = request.params
      const body = (request.body ?? {}) as Record<string, unknown>
      return submitForm(reply, {
        schema: moderationInput,
        body,
        invalid: (errors) => renderModerate(request, reply, id, body, errors),
        valid: async (input) => {
          await residents.moderate(request.actor, request.partnership.id, id, input)
          const c = await residents.get(request.actor, request.partnership.id, id)
          request.flash(
            'success',
            input.decision === 'publish' ? 'The comment is published' : 'The comment will not be published',
          )
          return reply.redirect(`${vbase(request.partnership.slug, c.version.number)}/residents`)
        },
      })
    },
  )

  await residentsPublicPages(fastify, services)
}
