import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { notFound, type FieldErrors } from '../../errors.ts'
import { optionalText } from '../../lib/fields.ts'
import { idParams, orShowErrors, submitForm } from '../../lib/pages.ts'
import type { Services } from '../../services.ts'
import { consultationPolicy } from '../consultation/consultation.policy.ts'
import { subtreeIds } from './strategy-tree.ts'
import { parentItems, strategyLocals, versionModel, type DocNode } from './strategy.view.ts'
import { strategyPolicy } from './strategy.policy.ts'
import {
  linkCreate,
  linkPageParams,
  newNodePageQuery,
  nodeCreate,
  nodeKindLabels,
  nodeMove,
  nodeReorder,
  nodeUpdate,
  versionPageParams,
} from './strategy.schema.ts'
import type { NodeRow, VersionView } from './strategy.service.ts'
import { presentOutcomeThread } from '../thread/thread.presenter.ts'

/** Checkbox items for the tag list, ticked as the form had them (one id or a list of them). */
const tagItems = (tags: { id: string; name: string }[], selected: unknown) => {
  const list: unknown[] = Array.isArray(selected) ? selected : selected ? [selected] : []
  const ids = new Set(list.filter((x) => typeof x === 'string'))
  return tags.map((t) => ({ value: t.id, text: t.name, checked: ids.has(t.id) }))
}

const statementInput = z.object({ statement: optionalText(4000), rationale: optionalText(8000) })

/** The outline (the tree to edit), node pages and the forms that change nodes. */
export function strategyNodePages(fastify: FastifyInstance, services: Services): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>()
  const { strategy, strategyNodes, strategyLinks, directory, consultation, thread } = services
  const root = (request: FastifyRequest) => `/p/${request.partnership.slug}/strategy`
  const nodeUrl = (request: FastifyRequest, id: string) => `${root(request)}/nodes/${id}`
  const versionPage = { params: versionPageParams }
  const nodePage = { params: idParams }

  /** The node named in the URL (`id`), its version and the version's tree. */
  async function load(request: FastifyRequest, id: string) {
    const node = await strategyNodes.getNode(request.actor, request.partnership.id, id)
    const version = (await strategy.listVersions(request.actor, request.partnership.id)).find(
      (v) => v.id === node.versionId,
    )
    if (!version) throw notFound('Outcome')
    return { node, version, model: await versionModel(services, request, version) }
  }

  app.get(
    '/p/:slug/strategy/versions/:number/outline',
    { schema: versionPage, config: { policy: strategyPolicy.read } },
    async (request, reply) => {
      const version = await strategy.getVersion(request.actor, request.partnership.id, request.params.number)
      return reply.render('strategy/views/outline.njk', {
        ...strategyLocals,
        title: `Outline of version ${version.number}`,
        version,
        ...(await versionModel(services, request, version)),
        canEdit: strategyPolicy.edit(request.actor, request.partnership.id) && version.editable,
      })
    },
  )

  async function renderNew(
    request: FastifyRequest,
    reply: FastifyReply,
    version: VersionView,
    values: Record<string, unknown>,
    errors?: FieldErrors,
  ) {
    const { flat } = await versionModel(services, request, version)
    return reply.render('strategy/views/node-form.njk', {
      ...strategyLocals,
      title: `Add to version ${version.number}`,
      version,
      values,
      errors,
      parentItems: [
        { value: '', text: 'Nothing: this is a theme' },
        ...parentItems(flat, values.parentId as string),
      ],
      tagItems: tagItems(await strategyLinks.listTags(request.actor, request.partnership.id), values.tagIds),
      kindItems: Object.entries(nodeKindLabels).map(([value, text]) => ({
        value,
        text,
        checked: value === values.kind,
      })),
    })
  }

  app.get(
    '/p/:slug/strategy/versions/:number/nodes/new',
    { schema: { ...versionPage, querystring: newNodePageQuery }, config: { policy: strategyPolicy.edit } },
    async (request, reply) => {
      const version = await strategy.getVersion(request.actor, request.partnership.id, request.params.number)
      const { parentId, kind } = request.query
      return renderNew(request, reply, version, { parentId, kind })
    },
  )

  app.post(
    '/p/:slug/strategy/versions/:number/nodes',
    { schema: versionPage, config: { policy: strategyPolicy.edit } },
    async (request, reply) => {
      const version = await strategy.getVersion(request.actor, request.partnership.id, request.params.number)
      return submitForm(reply, {
        schema: nodeCreate,
        body: request.body,
        invalid: (errors) =>
          renderNew(request, reply, version, request.body as Record<string, unknown>, errors),
        valid: async (input) => {
          const node = await strategyNodes.createNode(
            request.actor,
            request.partnership.id,
            version.number,
            input,
          )
          request.flash('success', `${node.ref} ${node.title} has been added`)
          return reply.redirect(`${root(request)}/versions/${version.number}/outline#n-${node.id}`)
        },
      })
    },
  )

  async function renderNode(
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    errors?: FieldErrors,
    values: object = {},
  ) {
    const { node, version, model } = await load(request, id)
    const pid = request.partnership.id
    const doc = model.flat.find((n) => n.id === node.id)
    const [tags, links, history, comments, mayEditStatement, mayEditDirectory, delivery] = await Promise.all([
      strategyNodes.tagsOf(request.actor, pid, node.id),
      strategyLinks.linksOf(request.actor, pid, node.id),
      strategyNodes.history(request.actor, pid, node.id),
      consultation.list(request.actor, pid, version.number, { nodeId: node.id }),
      strategyNodes.mayEditStatement(request.actor, pid, node.id),
      node.kind === 'theme' ? false : directory.mayEdit(request.actor, pid, node.id),
      // What is being done about an outcome (the current version's): plans, risks, progress.
      node.kind === 'theme' || !version.isCurrent || node.archivedAt
        ? null
        : thread.forOutcome(request.actor, pid, node.key),
    ])
    const byId = new Map(model.flat.map((n) => [n.id, n]))
    const ancestors: DocNode[] = []
    for (
      let p = node.parentId ? byId.get(node.parentId) : undefined;
      p;
      p = p.parentId ? byId.get(p.parentId) : undefined
    )
      ancestors.unshift(p)
    const themeId = ancestors[0]?.id ?? node.id
    const inTheme = subtreeIds(model.flat, themeId)
    const canEdit = strategyPolicy.edit(request.actor, pid) && version.editable && !node.archivedAt
    return reply.render('strategy/views/node.njk', {
      ...strategyLocals,
      title: `${node.ref} ${node.title}`,
      node,
      doc,
      version,
      ancestors,
      tags,
      links,
      history,
      comments: comments.comments,
      thread: delivery ? presentOutcomeThread(request.partnership.slug, node.key, delivery) : null,
      errors,
      values,
      canEdit,
      mayEditStatement: mayEditStatement && version.editable && !node.archivedAt && !canEdit,
      mayEditDirectory: mayEditDirectory && version.editable && !node.archivedAt,
      canComment: consultationPolicy.comment(request.actor, pid) && version.editable && !node.archivedAt,
      linkItems: [
        { value: '', text: 'Choose an outcome' },
        ...parentItems(
          model.flat.filter((n) => n.kind !== 'theme' && !inTheme.has(n.id)),
          (values as { toNodeId?: string }).toNodeId,
        ),
      ],
    })
  }

  app.get(
    '/p/:slug/strategy/nodes/:id',
    { schema: nodePage, config: { policy: strategyPolicy.read } },
    async (request, reply) => renderNode(request, reply, request.params.id),
  )

  async function renderEdit(
    request: FastifyRequest,
    reply: FastifyReply,
    node: NodeRow,
    version: VersionView,
    values: Record<string, unknown>,
    errors?: FieldErrors,
  ) {
    return reply.render('strategy/views/node-form.njk', {
      ...strategyLocals,
      title: `Change ${node.ref} ${node.title}`,
      node,
      version,
      values,
      errors,
      tagItems: tagItems(await strategyLinks.listTags(request.actor, request.partnership.id), values.tagIds),
    })
  }

  app.get(
    '/p/:slug/strategy/nodes/:id/edit',
    { schema: nodePage, config: { policy: strategyPolicy.edit } },
    async (request, reply) => {
      const { node, version } = await load(request, request.params.id)
      const tagIds = (await strategyNodes.tagsOf(request.actor, request.partnership.id, node.id)).map(
        (t) => t.id,
      )
      return renderEdit(request, reply, node, version, { ...node, tagIds })
    },
  )

  app.post(
    '/p/:slug/strategy/nodes/:id',
    { schema: nodePage, config: { policy: strategyPolicy.edit } },
    async (request, reply) => {
      const { node, version } = await load(request, request.params.id)
      return submitForm(reply, {
        schema: nodeUpdate,
        body: request.body,
        invalid: (errors) =>
          renderEdit(request, reply, node, version, request.body as Record<string, unknown>, errors),
        valid: async (input) => {
          const row = await strategyNodes.updateNode(request.actor, request.partnership.id, node.id, input)
          request.flash('success', `${row.ref} ${row.title} has been updated`)
          return reply.redirect(nodeUrl(request, node.id))
        },
      })
    },
  )

  const renderStatement = (
    request: FastifyRequest,
    reply: FastifyReply,
    node: NodeRow,
    values: object,
    errors?: FieldErrors,
  ) =>
    reply.render('strategy/views/statement-form.njk', {
      title: `Change the statement of ${node.ref}`,
      node,
      values,
      errors,
    })

  app.get(
    '/p/:slug/strategy/nodes/:id/statement',
    { schema: nodePage, config: { policy: strategyPolicy.editStatement } },
    async (request, reply) => {
      const { node } = await load(request, request.params.id)
      return renderStatement(request, reply, node, node)
    },
  )

  app.post(
    '/p/:slug/strategy/nodes/:id/statement',
    { schema: nodePage, config: { policy: strategyPolicy.editStatement } },
    async (request, reply) => {
      const { node } = await load(request, request.params.id)
      return submitForm(reply, {
        schema: statementInput,
        body: request.body,
        invalid: (errors) => renderStatement(request, reply, node, request.body as object, errors),
        valid: async (input) => {
          await strategyNodes.updateStatement(request.actor, request.partnership.id, node.id, input)
          request.flash('success', `The statement of ${node.ref} has been updated`)
          return reply.redirect(nodeUrl(request, node.id))
        },
      })
    },
  )

  async function renderMove(
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    values: Record<string, unknown>,
    errors?: FieldErrors,
  ) {
    const { node, version, model } = await load(request, id)
    const exclude = subtreeIds(model.flat, node.id)
    return reply.render('strategy/views/move.njk', {
      ...strategyLocals,
      title: `Move ${node.ref} ${node.title}`,
      node,
      version,
      values,
      errors,
      parentItems: [
        ...(node.kind === 'theme' ? [{ value: '', text: 'Nothing: it stays a theme' }] : []),
        ...parentItems(model.flat, (values.parentId as string) ?? node.parentId, exclude),
      ],
    })
  }

  app.get(
    '/p/:slug/strategy/nodes/:id/move',
    { schema: nodePage, config: { policy: strategyPolicy.edit } },
    async (request, reply) => renderMove(request, reply, request.params.id, {}),
  )

  app.post(
    '/p/:slug/strategy/nodes/:id/move',
    { schema: nodePage, config: { policy: strategyPolicy.edit } },
    async (request, reply) => {
      const { node } = await load(request, request.params.id)
      return submitForm(reply, {
        schema: nodeMove,
        body: request.body,
        invalid: (errors) =>
          renderMove(request, reply, node.id, request.body as Record<string, unknown>, errors),
        valid: async (input) => {
          const row = await strategyNodes.moveNode(request.actor, request.partnership.id, node.id, input)
          request.flash('success', `${node.ref} ${node.title} has moved and is now ${row.ref}`)
          return reply.redirect(nodeUrl(request, node.id))
        },
      })
    },
  )

  app.post(
    '/p/:slug/strategy/nodes/:id/reorder',
    { schema: nodePage, config: { policy: strategyPolicy.edit } },
    async (request, reply) => {
      const { node, version } = await load(request, request.params.id)
      const parsed = nodeReorder.safeParse(request.body)
      if (parsed.success)
        await strategyNodes.reorderNode(request.actor, request.partnership.id, node.id, parsed.data.direction)
      return reply.redirect(`${root(request)}/versions/${version.number}/outline#n-${node.id}`)
    },
  )

  app.post(
    '/p/:slug/strategy/nodes/:id/archive',
    { schema: nodePage, config: { policy: strategyPolicy.edit } },
    async (request, reply) => {
      const { node, version } = await load(request, request.params.id)
      await strategyNodes.archiveNode(request.actor, request.partnership.id, node.id)
      request.flash('success', `${node.ref} ${node.title} and everything beneath it have been archived`)
      return reply.redirect(`${root(request)}/versions/${version.number}/outline`)
    },
  )

  app.post(
    '/p/:slug/strategy/nodes/:id/links',
    { schema: nodePage, config: { policy: strategyPolicy.edit } },
    async (request, reply) => {
      const { node } = await load(request, request.params.id)
      return submitForm(reply, {
        schema: linkCreate,
        body: request.body,
        invalid: (errors) => renderNode(request, reply, node.id, errors, request.body as object),
        valid: async (input) => {
          await strategyLinks.addLink(request.actor, request.partnership.id, node.id, input)
          request.flash('success', 'The related outcome has been linked')
          return reply.redirect(`${nodeUrl(request, node.id)}#related`)
        },
      })
    },
  )

  app.post(
    '/p/:slug/strategy/links/:linkId/remove',
    { schema: { params: linkPageParams }, config: { policy: strategyPolicy.edit } },
    async (request, reply) => {
      const { linkId } = request.params
      const back = String((request.body as { nodeId?: string }).nodeId ?? '')
      return orShowErrors(
        reply,
        async () => {
          const link = await strategyLinks.removeLink(request.actor, request.partnership.id, linkId)
          request.flash('success', 'The link has been removed')
          return reply.redirect(nodeUrl(request, z.uuid().safeParse(back).success ? back : link.fromNodeId))
        },
        () => reply.redirect(root(request)),
      )
    },
  )
  // Routes are registered synchronously; the modules' index awaits every registrar alike.
  return Promise.resolve()
}
