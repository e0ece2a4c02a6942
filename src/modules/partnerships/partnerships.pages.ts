import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { slugParams, submitForm } from '../../lib/pages.ts'
import type { Services } from '../../services.ts'
import { isAppError, validationError } from '../../errors.ts'
import { authorize } from '../auth/policy.ts'
import { csrfFromMultipart } from '../workbook/upload.ts'
import { logoCaching, logoFromMultipart, sendLogo } from './partnerships.logo-http.ts'
import { LOGO_MAX_BYTES } from './partnerships.logo.ts'
import { logoPath } from './partnerships.presenter.ts'
import { canCreateTopLevel, partnershipPolicy } from './partnerships.policy.ts'
import {
  partnershipCreate,
  partnershipKindLabels,
  partnershipKinds,
  logoQuery,
  partnershipUpdate,
  publicSiteInput,
  switchQuery,
} from './partnerships.schema.ts'

const kindItems = (selected?: string) =>
  partnershipKinds.map((k) => ({ value: k, text: partnershipKindLabels[k], checked: k === selected }))

export function partnershipPages(fastify: FastifyInstance, services: Services): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>()
  const { partnerships, organisations, places } = services

  app.get('/', { config: { public: true } }, async (request, reply) => {
    if (request.actor.kind !== 'user') return reply.redirect('/sign-in')
    const mine = await partnerships.listForActor(request.actor)
    const first = mine.find((m) => m.role)
    if (mine.filter((m) => m.role).length === 1 && first)
      return reply.redirect(`/p/${first.partnership.slug}`)
    return reply.redirect('/partnerships')
  })

  app.get('/switch', { schema: { querystring: switchQuery } }, async (request, reply) => {
    const ctx = await partnerships.resolve(request.actor, request.query.slug)
    return reply.redirect(`/p/${ctx.partnership.slug}`)
  })

  app.get('/partnerships', async (request, reply) => {
    const list = await partnerships.listForActor(request.actor)
    const parents = await partnerships.possibleParents(request.actor)
    return reply.render('partnerships/views/index.njk', {
      title: 'Your partnerships',
      list,
      canCreate: canCreateTopLevel(request.actor) || parents.length > 0,
    })
  })

  const renderNew = async (
    request: { actor: Parameters<typeof partnerships.possibleParents>[0] },
    extra: Record<string, unknown>,
  ) => ({
    title: 'Add a partnership',
    kinds: kindItems,
    parents: await partnerships.possibleParents(request.actor),
    topLevel: canCreateTopLevel(request.actor),
    ...extra,
  })

  app.get('/partnerships/new', async (request, reply) =>
    reply.render('partnerships/views/new.njk', await renderNew(request, { values: { kind: 'county' } })),
  )

  app.post('/partnerships', async (request, reply) =>
    submitForm(reply, {
      schema: partnershipCreate,
      body: request.body,
      invalid: async (errors) =>
        reply.render(
          'partnerships/views/new.njk',
          await renderNew(request, { values: request.body, errors }),
        ),
      valid: async (input) => {
        const row = await partnerships.create(request.actor, input)
        request.flash('success', `${row.name} has been created`)
        return reply.redirect(`/p/${row.slug}`)
      },
    }),
  )

  const renderSettings = async (request: FastifyRequest, extra: Record<string, unknown>) => {
    const partnership = request.partnership
    const [orgs, allPlaces] = await Promise.all([
      organisations.list(request.actor, partnership.id),
      places.list(request.actor, partnership.id),
    ])
    return {
      title: 'Partnership settings',
      kinds: kindItems,
      organisations: orgs,
      areas: allPlaces.filter((p) => p.type === 'area'),
      logo: logoPath(partnership),
      logoMaxKb: LOGO_MAX_BYTES / 1024,
      publicValues: partnership,
      ...extra,
    }
  }

  app.get(
    '/p/:slug/settings',
    { schema: { params: slugParams }, config: { policy: partnershipPolicy.update } },
    async (request, reply) => {
      const partnership = request.partnership
      authorize(partnershipPolicy.update, request.actor, partnership.id)
      return reply.render(
        'partnerships/views/settings.njk',
        await renderSettings(request, { values: partnership }),
      )
    },
  )

  app.post(
    '/p/:slug/settings',
    { schema: { params: slugParams }, config: { policy: partnershipPolicy.update } },
    async (request, reply) =>
      submitForm(reply, {
        schema: partnershipUpdate,
        body: request.body,
        invalid: async (errors) =>
          reply.render(
            'partnerships/views/settings.njk',
            await renderSettings(request, { values: request.body, errors }),
          ),
        valid: async (input) => {
          await partnerships.update(request.actor, request.partnershipContext!, input)
          request.flash('success', 'Settings saved')
          return reply.redirect(`/p/${request.partnership.slug}`)
        },
      }),
  )

  /** The logo, for the header: cached for good at its versioned address (a new logo, a new address). */
  app.get(
    '/p/:slug/logo',
    {
      schema: { params: slugParams, querystring: logoQuery },
      config: { policy: partnershipPolicy.read },
      onSend: logoCaching,
    },
    async (request, reply) =>
      sendLogo(request, reply, await partnerships.logo(request.actor, request.partnershipContext!), true),
  )

  app.post(
    '/p/:slug/settings/logo',
    {
      schema: { params: slugParams },
      config: { policy: partnershipPolicy.update },
      // The form sends its CSRF token as its first field, before the file.
      preParsing: async (request, _reply, payload) => {
        await csrfFromMultipart(request)
        return payload
      },
    },
    async (request, reply) => {
      const ctx = request.partnershipContext!
      try {
        if (!request.isMultipart()) throw validationError({ logo: 'Select a PNG or JPEG file for the logo' })
        await partnerships.setLogo(request.actor, ctx, await logoFromMultipart(request))
      } catch (e) {
        if (!isAppError(e) || !e.fields?.logo) throw e
        reply.status(422)
        return reply.render(
          'partnerships/views/settings.njk',
          await renderSettings(request, { values: request.partnership, errors: { logo: e.fields.logo } }),
        )
      }
      request.flash('success', 'The logo has been saved')
      return reply.redirect(`/p/${request.partnership.slug}/settings`)
    },
  )

  app.post(
    '/p/:slug/settings/public',
    { schema: { params: slugParams }, config: { policy: partnershipPolicy.update } },
    async (request, reply) =>
      submitForm(reply, {
        schema: publicSiteInput,
        body: request.body,
        invalid: async (errors) =>
          reply.render(
            'partnerships/views/settings.njk',
            await renderSettings(request, {
              values: request.partnership,
              publicValues: request.body,
              errors,
            }),
          ),
        valid: async (input) => {
          await partnerships.setPublicSite(request.actor, request.partnershipContext!, input)
          request.flash(
            'success',
            input.publicSite ? 'The public site is published' : 'The public site is not published',
          )
          return reply.redirect(`/p/${request.partnership.slug}/settings`)
        },
      }),
  )

  app.post(
    '/p/:slug/settings/logo/remove',
    { schema: { params: slugParams }, config: { policy: partnershipPolicy.update } },
    async (request, reply) => {
      await partnerships.removeLogo(request.actor, request.partnershipContext!)
      request.flash('success', 'The logo has been removed')
      return reply.redirect(`/p/${request.partnership.slug}/settings`)
    },
  )

  app.post(
    '/p/:slug/archive',
    { schema: { params: slugParams }, config: { policy: partnershipPolicy.archive } },
    async (request, reply) => {
      const row = await partnerships.archive(request.actor, request.partnershipContext!)
      request.flash('success', `${row.name} has been archived`)
      return reply.redirect('/partnerships')
    },
  )
  // Routes are registered synchronously; the modules' index awaits every registrar alike.
  return Promise.resolve()
}
