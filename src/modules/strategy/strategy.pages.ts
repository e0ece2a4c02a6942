import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import type { FieldErrors } from '../../errors.ts'
import { idParams, orShowErrors, slugParams, submitForm } from '../../lib/pages.ts'
import type { Services } from '../../services.ts'
import { consultationPolicy } from '../consultation/consultation.policy.ts'
import { strategyLocals, versionModel } from './strategy.view.ts'
import { strategyPolicy } from './strategy.policy.ts'
import {
  comparePageQuery,
  statusRank,
  tagInput,
  versionStart,
  versionStatuses,
  versionStatusInput,
  versionStatusLabels,
  versionPageParams,
  versionUpdate,
} from './strategy.schema.ts'
import type { VersionView } from './strategy.service.ts'

/** The strategy as a document, its versions, their lifecycle, comparison and the tag list. */
export function strategyPages(fastify: FastifyInstance, services: Services): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>()
  const { strategy, strategyLinks } = services
  const base = '/p/:slug/strategy'
  const home = (request: FastifyRequest) => `/p/${request.partnership.slug}/strategy`
  const canEdit = (request: FastifyRequest) => strategyPolicy.edit(request.actor, request.partnership.id)
  const page = { params: slugParams }
  const versionPage = { params: versionPageParams }

  async function renderDocument(request: FastifyRequest, reply: FastifyReply, version: VersionView) {
    const versions = await strategy.listVersions(request.actor, request.partnership.id)
    return reply.render('strategy/views/document.njk', {
      ...strategyLocals,
      title: version.title,
      version,
      versions,
      ...(await versionModel(services, request, version)),
      canEdit: canEdit(request),
      canComment: consultationPolicy.comment(request.actor, request.partnership.id),
    })
  }

  async function renderVersions(
    request: FastifyRequest,
    reply: FastifyReply,
    values: object,
    errors?: FieldErrors,
  ) {
    const versions = await strategy.listVersions(request.actor, request.partnership.id)
    return reply.render('strategy/views/versions.njk', {
      ...strategyLocals,
      title: versions.length ? 'Versions of the strategy' : 'Start the strategy',
      versions,
      current: versions.find((v) => v.isCurrent),
      values,
      errors,
      canEdit: canEdit(request),
    })
  }

  app.get(base, { schema: page, config: { policy: strategyPolicy.read } }, async (request, reply) => {
    const current = await strategy.current(request.actor, request.partnership.id)
    if (!current) return renderVersions(request, reply, {})
    return renderDocument(request, reply, current)
  })

  app.get(
    `${base}/versions`,
    { schema: page, config: { policy: strategyPolicy.read } },
    async (request, reply) => renderVersions(request, reply, {}),
  )

  app.post(
    `${base}/versions`,
    { schema: page, config: { policy: strategyPolicy.edit } },
    async (request, reply) =>
      submitForm(reply, {
        schema: versionStart,
        body: request.body,
        invalid: (errors) => renderVersions(request, reply, request.body as object, errors),
        valid: async (input) => {
          const v = await strategy.startVersion(request.actor, request.partnership.id, input)
          request.flash(
            'success',
            `Version ${v.number} (${versionStatusLabels[v.status as 'draft_1']}) has been started`,
          )
          return reply.redirect(`${home(request)}/versions/${v.number}/outline`)
        },
      }),
  )

  app.get(
    `${base}/versions/:number`,
    { schema: versionPage, config: { policy: strategyPolicy.read } },
    async (request, reply) =>
      renderDocument(
        request,
        reply,
        await strategy.getVersion(request.actor, request.partnership.id, request.params.number),
      ),
  )

  const renderEdit = (
    request: FastifyRequest,
    reply: FastifyReply,
    version: VersionView,
    values: object,
    errors?: FieldErrors,
  ) =>
    reply.render('strategy/views/version-form.njk', {
      ...strategyLocals,
      title: `Change the title, vision and story of version ${version.number}`,
      version,
      values,
      errors,
    })

  app.get(
    `${base}/versions/:number/edit`,
    { schema: versionPage, config: { policy: strategyPolicy.edit } },
    async (request, reply) => {
      const version = await strategy.getVersion(request.actor, request.partnership.id, request.params.number)
      return renderEdit(request, reply, version, version)
    },
  )

  app.post(
    `${base}/versions/:number`,
    { schema: versionPage, config: { policy: strategyPolicy.edit } },
    async (request, reply) => {
      const version = await strategy.getVersion(request.actor, request.partnership.id, request.params.number)
      return submitForm(reply, {
        schema: versionUpdate,
        body: request.body,
        invalid: (errors) => renderEdit(request, reply, version, request.body as object, errors),
        valid: async (input) => {
          await strategy.updateVersion(request.actor, request.partnership.id, version.number, input)
          request.flash('success', `Version ${version.number} has been updated`)
          return reply.redirect(`${home(request)}/versions/${version.number}`)
        },
      })
    },
  )

  const renderStatus = (
    request: FastifyRequest,
    reply: FastifyReply,
    version: VersionView,
    errors?: FieldErrors,
  ) =>
    reply.render('strategy/views/status.njk', {
      ...strategyLocals,
      title: `Change the status of version ${version.number}`,
      version,
      errors,
      statusItems: versionStatuses
        .filter((s) => statusRank(s) > statusRank(version.status))
        .map((s) => ({ value: s, text: versionStatusLabels[s] })),
    })

  app.get(
    `${base}/versions/:number/status`,
    { schema: versionPage, config: { policy: strategyPolicy.edit } },
    async (request, reply) => {
      return renderStatus(
        request,
        reply,
        await strategy.getVersion(request.actor, request.partnership.id, request.params.number),
      )
    },
  )

  app.post(
    `${base}/versions/:number/status`,
    { schema: versionPage, config: { policy: strategyPolicy.edit } },
    async (request, reply) => {
      const version = await strategy.getVersion(request.actor, request.partnership.id, request.params.number)
      return submitForm(reply, {
        schema: versionStatusInput,
        body: request.body,
        invalid: (errors) => renderStatus(request, reply, version, errors),
        valid: async ({ status }) => {
          await strategy.setStatus(request.actor, request.partnership.id, version.number, status)
          request.flash(
            'success',
            `Version ${version.number} is now ${versionStatusLabels[status].toLowerCase()}`,
          )
          return reply.redirect(`${home(request)}/versions/${version.number}`)
        },
      })
    },
  )

  app.get(
    `${base}/versions/:number/compare`,
    { schema: { ...versionPage, querystring: comparePageQuery }, config: { policy: strategyPolicy.read } },
    async (request, reply) => {
      const pid = request.partnership.id
      const version = await strategy.getVersion(request.actor, pid, request.params.number)
      const versions = (await strategy.listVersions(request.actor, pid)).filter(
        (v) => v.number !== version.number,
      )
      const withNumber = request.query.with
      const other =
        withNumber !== undefined
          ? versions.find((v) => v.number === withNumber)
          : versions.find((v) => v.number < version.number)
      const result = other
        ? await strategy.compare(request.actor, pid, other.number, version.number)
        : undefined
      return reply.render('strategy/views/compare.njk', {
        ...strategyLocals,
        title: other
          ? `Changes from version ${other.number} to version ${version.number}`
          : `Compare version ${version.number}`,
        version,
        other,
        result,
        withItems: versions.map((v) => ({
          value: v.number,
          text: `Version ${v.number} (${versionStatusLabels[v.status as 'draft_1']})`,
          selected: v.number === other?.number,
        })),
      })
    },
  )

  const renderTags = async (
    request: FastifyRequest,
    reply: FastifyReply,
    values: object,
    errors?: FieldErrors,
  ) =>
    reply.render('strategy/views/tags.njk', {
      title: 'Cross-cutting tags',
      tags: await strategyLinks.listTags(request.actor, request.partnership.id),
      values,
      errors,
      canEdit: canEdit(request),
    })

  app.get(`${base}/tags`, { schema: page, config: { policy: strategyPolicy.read } }, async (request, reply) =>
    renderTags(request, reply, {}),
  )

  app.post(
    `${base}/tags`,
    { schema: page, config: { policy: strategyPolicy.edit } },
    async (request, reply) =>
      submitForm(reply, {
        schema: tagInput,
        body: request.body,
        invalid: (errors) => renderTags(request, reply, request.body as object, errors),
        valid: async (input) => {
          const tag = await strategyLinks.createTag(request.actor, request.partnership.id, input)
          request.flash('success', `${tag.name} has been added`)
          return reply.redirect(`${home(request)}/tags`)
        },
      }),
  )

  app.post(
    `${base}/tags/:id/archive`,
    { schema: { params: idParams }, config: { policy: strategyPolicy.edit } },
    async (request, reply) => {
      const { id } = request.params
      return orShowErrors(
        reply,
        async () => {
          const tag = await strategyLinks.archiveTag(request.actor, request.partnership.id, id)
          request.flash('success', `${tag.name} has been archived`)
          return reply.redirect(`${home(request)}/tags`)
        },
        (errors) => renderTags(request, reply, {}, errors),
      )
    },
  )
  // Routes are registered synchronously; the modules' index awaits every registrar alike.
  return Promise.resolve()
}
