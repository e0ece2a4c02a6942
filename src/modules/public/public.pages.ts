import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import type { Services } from '../../services.ts'
import { publicPaths, SITE_PARAM } from './public.addresses.ts'
import {
  lastUpdatedText,
  presentHome,
  presentOutcomes,
  presentPeriod,
  presentTarget,
} from './public.presenter.ts'
import { createPublicService } from './public.service.ts'
import { dataPaths, publicDataPages } from './public.data.pages.ts'
import { publicCacheFor } from './public.cache.ts'

const siteParams = z.object({ site: z.string().min(1).max(60) })
const targetParams = siteParams.extend({ code: z.string().min(1).max(60) })
const periodParams = targetParams.extend({ period: z.string().min(1).max(40) })

/**
 * The public site (#16): anyone may read it, signed in or not (`public: true`). Its routes sit
 * beside the static files under /public/: a partnership's short name (letters, numbers and
 * hyphens) never matches a file's name, which has a dot.
 */
export function publicPages(
  fastify: FastifyInstance,
  services: Services,
  opts: { downloadsPerMinute?: number } = {},
): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>()
  const site = createPublicService(services)
  const config = { public: true, publicCache: 'page' as const }
  // Whole answers kept while the partnership's data is unchanged (public.cache.ts).
  const cache = publicCacheFor(fastify, services).routeOptions
  const base = `/public/${SITE_PARAM}`
  const siteOf = (p: { slug: string; name: string; publicContact: string | null }) => ({
    slug: p.slug,
    name: p.name,
    contact: p.publicContact,
    paths: {
      home: publicPaths.home(p.slug),
      outcomes: publicPaths.outcomes(p.slug),
      data: dataPaths.page(p.slug),
    },
  })

  app.get('/public', { config, ...cache }, async (_request, reply) => {
    const list = await site.index()
    return reply.render('public/views/index.njk', {
      title: 'Partnerships’ public sites',
      sites: list.map((p) => ({ ...p, href: publicPaths.home(p.slug) })),
      lastUpdated: lastUpdatedText(
        list.reduce<Date | null>((m, p) => (!m || p.updatedAt > m ? p.updatedAt : m), null),
      ),
    })
  })

  app.get(base, { schema: { params: siteParams }, config, ...cache }, async (request, reply) => {
    const o = await site.overview(request.params.site)
    return reply.render('public/views/home.njk', {
      title: 'How the partnership is doing',
      site: siteOf(o.partnership),
      description: o.partnership.description,
      haveYourSay: await services.residents.homeLink(o.partnership),
      ...presentHome(o),
      lastUpdated: lastUpdatedText(o.lastUpdated),
    })
  })

  app.get(
    `${base}/outcomes`,
    { schema: { params: siteParams }, config, ...cache },
    async (request, reply) => {
      const o = await site.overview(request.params.site)
      return reply.render('public/views/outcomes.njk', {
        title: 'Outcomes and targets',
        site: siteOf(o.partnership),
        ...presentOutcomes(o),
        lastUpdated: lastUpdatedText(o.lastUpdated),
      })
    },
  )

  app.get(
    `${base}/targets/:code`,
    { schema: { params: targetParams }, config, ...cache },
    async (request, reply) => {
      const v = await site.target(request.params.site, request.params.code)
      const t = presentTarget(v)
      return reply.render('public/views/target.njk', {
        title: `${t.code} ${t.title}`.trim(),
        site: siteOf(v.partnership),
        t,
        href: publicPaths.target(v.partnership.slug, t.code),
        lastUpdated: t.lastUpdated,
      })
    },
  )

  app.get(
    `${base}/targets/:code/:period`,
    { schema: { params: periodParams }, config, ...cache },
    async (request, reply) => {
      const v = await site.period(request.params.site, request.params.code, request.params.period)
      const p = presentPeriod(v)
      return reply.render('public/views/period.njk', {
        title: `${p.code} ${p.title}: ${p.figure.period}`.trim(),
        site: siteOf(v.partnership),
        p,
        targetHref: publicPaths.target(v.partnership.slug, p.code),
        lastUpdated: p.lastUpdated,
      })
    },
  )

  // Routes are registered synchronously; the modules' index awaits every registrar alike.
  return publicDataPages(fastify, services, { cache, downloadsPerMinute: opts.downloadsPerMinute })
}
