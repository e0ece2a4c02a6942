import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import type { FieldErrors } from '../../errors.ts'
import { idParams, orShowErrors, slugParams, submitForm } from '../../lib/pages.ts'
import type { Services } from '../../services.ts'
import { placePolicy } from './places.policy.ts'
import { partnershipNames, sharedPlaceReason } from './places.service.ts'
import { parentOptions, placeTree } from './places.presenter.ts'
import type { PlaceRow } from './places.service.ts'
import {
  newPlaceQuery,
  placeInput,
  placeListQuery,
  placeTypeLabels,
  placeTypeNames,
  placeTypes,
} from './places.schema.ts'

const typeItems = (selected?: string) =>
  placeTypes.map((t) => ({ value: t, text: placeTypeLabels[t], checked: t === selected }))

type FormValues = Record<string, unknown>

export function placePages(fastify: FastifyInstance, { places }: Services): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>()
  const base = '/p/:slug/places'
  const listUrl = (request: FastifyRequest) => `/p/${request.partnership.slug}/places`

  /** A place another partnership uses: who, and whether this actor may change it all the same. */
  async function sharingOf(request: FastifyRequest, place?: PlaceRow) {
    if (!place) return undefined
    const { others, mayChange } = await places.sharing(request.actor, request.partnership.id, place)
    if (!others.length) return undefined
    return {
      mayChange,
      names: partnershipNames(others),
      reason: sharedPlaceReason(place, others),
    }
  }

  async function renderForm(
    request: FastifyRequest,
    reply: FastifyReply,
    locals: { place?: PlaceRow; values: FormValues; errors?: FieldErrors },
  ) {
    const all = await places.list(request.actor, request.partnership.id)
    const selected = typeof locals.values.parentId === 'string' ? locals.values.parentId : ''
    const parentItems = [
      { value: '', text: 'None: this is an area' },
      ...parentOptions(all, locals.place?.id).map((o) => ({ ...o, selected: o.value === selected })),
    ]
    return reply.render('places/views/form.njk', {
      title: locals.place ? `Change ${locals.place.name}` : 'Add a place',
      shared: await sharingOf(request, locals.place),
      typeItems,
      parentItems,
      ...locals,
    })
  }

  async function renderShow(
    request: FastifyRequest,
    reply: FastifyReply,
    place: PlaceRow,
    errors?: FieldErrors,
  ) {
    const p = request.partnership
    const [parent, children, shared] = await Promise.all([
      place.parentId ? places.get(request.actor, p.id, place.parentId) : undefined,
      places.children(request.actor, p.id, place.id),
      sharingOf(request, place),
    ])
    return reply.render('places/views/show.njk', {
      title: place.name,
      place,
      parent,
      children,
      typeNames: placeTypeNames,
      canEdit: placePolicy.update(request.actor, p.id) && !place.archivedAt && (shared?.mayChange ?? true),
      shared,
      errors,
    })
  }

  app.get(
    base,
    { schema: { params: slugParams, querystring: placeListQuery }, config: { policy: placePolicy.read } },
    async (request, reply) => {
      const p = request.partnership
      const includeArchived = request.query.includeArchived === 'true'
      const rows = await places.list(request.actor, p.id, { includeArchived })
      return reply.render('places/views/index.njk', {
        title: 'Places',
        tree: placeTree(rows),
        count: rows.length,
        includeArchived,
        typeNames: placeTypeNames,
        canEdit: placePolicy.create(request.actor, p.id),
      })
    },
  )

  app.get(
    `${base}/new`,
    { schema: { params: slugParams, querystring: newPlaceQuery }, config: { policy: placePolicy.create } },
    async (request, reply) => renderForm(request, reply, { values: { parentId: request.query.parentId } }),
  )

  app.post(
    base,
    { schema: { params: slugParams }, config: { policy: placePolicy.create } },
    async (request, reply) => {
      return submitForm(reply, {
        schema: placeInput,
        body: request.body,
        invalid: (errors) => renderForm(request, reply, { values: request.body as FormValues, errors }),
        valid: async (input) => {
          const row = await places.create(request.actor, request.partnership.id, input)
          request.flash('success', `${row.name} has been added`)
          return reply.redirect(`${listUrl(request)}/${row.id}`)
        },
      })
    },
  )

  app.get(
    `${base}/:id`,
    { schema: { params: idParams }, config: { policy: placePolicy.read } },
    async (request, reply) => {
      const place = await places.get(request.actor, request.partnership.id, request.params.id)
      return renderShow(request, reply, place)
    },
  )

  app.get(
    `${base}/:id/edit`,
    { schema: { params: idParams }, config: { policy: placePolicy.update } },
    async (request, reply) => {
      const place = await places.get(request.actor, request.partnership.id, request.params.id)
      return renderForm(request, reply, { place, values: place })
    },
  )

  app.post(
    `${base}/:id`,
    { schema: { params: idParams }, config: { policy: placePolicy.update } },
    async (request, reply) => {
      const { id } = request.params
      const place = await places.get(request.actor, request.partnership.id, id)
      return submitForm(reply, {
        schema: placeInput,
        body: request.body,
        invalid: (errors) =>
          renderForm(request, reply, { place, values: request.body as FormValues, errors }),
        valid: async (input) => {
          const row = await places.update(request.actor, request.partnership.id, id, input)
          request.flash('success', `${row.name} has been updated`)
          return reply.redirect(`${listUrl(request)}/${id}`)
        },
      })
    },
  )

  app.post(
    `${base}/:id/archive`,
    { schema: { params: idParams }, config: { policy: placePolicy.archive } },
    async (request, reply) => {
      const { id } = request.params
      const place = await places.get(request.actor, request.partnership.id, id)
      return orShowErrors(
        reply,
        async () => {
          await places.archive(request.actor, request.partnership.id, id)
          request.flash('success', `${place.name} has been archived`)
          return reply.redirect(listUrl(request))
        },
        (errors) => renderShow(request, reply, place, errors),
      )
    },
  )
  // Routes are registered synchronously; the modules' index awaits every registrar alike.
  return Promise.resolve()
}
