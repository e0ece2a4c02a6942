import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { notFound, rateLimited } from '../../errors.ts'
import type { Services } from '../../services.ts'
import { systemActor } from '../auth/actor.ts'
import { publicPaths, SITE_PARAM } from './public.addresses.ts'
import {
  csvwMetadata,
  dataCsv,
  dataJson,
  downloadOf,
  downloads,
  OGL_NAME,
  OGL_URL,
  valueRows,
  type ApprovedVersion,
  type DataDownload,
  type DataRow,
} from './public.data.ts'
import type { PublicCache } from './public.cache.ts'
import { lastUpdatedText } from './public.presenter.ts'
import { createPublicService, type PublicService } from './public.service.ts'

const siteParams = z.object({ site: z.string().min(1).max(60) })
const fileParams = siteParams.extend({ file: z.string().min(1).max(60) })

const reader = systemActor('public site')

export const dataPaths = {
  page: (site: string) => `/public/${site}/data`,
  file: (site: string, name: string, ext: 'csv' | 'json' | 'csv-metadata.json') =>
    `/public/${site}/data/${name}.${ext}`,
}

/** Every approved version of the partnership's values (the changes feed's read), oldest first. */
async function approvedVersions(services: Services, partnershipId: string) {
  const out: ApprovedVersion[] = []
  let after: Parameters<Services['values']['approvedAfter']>[2]
  for (;;) {
    const page = await services.values.approvedAfter(reader, partnershipId, after, 1000)
    for (const r of page) out.push({ ...r, value: r.value === null ? null : Number(r.value) })
    const last = page.at(-1)
    if (!last || page.length < 1000) return out
    // The feed's position: after this row's time and key (its value's id and padded version).
    after = { at: last.at, key: `${last.valueId}:${String(last.version).padStart(10, '0')}` }
  }
}

/**
 * The rows of a download, read through the public site's own reads: only published targets, only
 * approved figures (a provisional assessment's status is dropped), only published commentary.
 */
async function rowsOf(services: Services, site: PublicService, slug: string, d: DataDownload) {
  const o = await site.overview(slug)
  const p = o.partnership
  const placeOf = (rows: (typeof o.lines)[number]['f']['all'], id: string | null) =>
    rows.find((r) => r.row.placeId === id)?.placeName ?? ''
  const rows: DataRow[] = []
  if (d.name === 'targets')
    for (const { t, f } of o.lines)
      rows.push({
        indicator_code: f.target.indicator.code,
        indicator_title: f.target.indicator.title,
        agreement: t.agreement.name,
        place: placeOf(f.all, f.target.ownPlaceId),
        unit: f.target.indicator.unit,
        polarity: f.target.indicator.polarity,
        baseline_period: f.target.baselinePeriod,
        baseline_value: f.target.baselineValue,
        address: publicPaths.target(p.slug, f.target.indicator.code),
      })
  if (d.name === 'trajectories')
    for (const { t, f } of o.lines)
      for (const r of f.all)
        if (r.row.targetValue !== null)
          rows.push({
            indicator_code: f.target.indicator.code,
            agreement: t.agreement.name,
            place: r.placeName,
            period: r.row.period,
            unit: f.target.indicator.unit,
            polarity: f.target.indicator.polarity,
            target_value: r.row.targetValue,
          })
  if (d.name === 'values') {
    const versions = await approvedVersions(services, p.id)
    const seen = new Set<string>()
    for (const { f } of o.lines)
      for (const r of f.all) {
        const key = `${f.target.indicator.id}|${r.row.placeId}|${r.row.period}`
        if (seen.has(key)) continue
        seen.add(key)
        const mine = versions.filter(
          (v) =>
            v.indicatorId === f.target.indicator.id &&
            v.placeId === r.row.placeId &&
            v.period === r.row.period,
        )
        rows.push(
          ...valueRows(
            mine,
            {
              code: f.target.indicator.code,
              place: r.placeName,
              unit: f.target.indicator.unit,
              polarity: f.target.indicator.polarity,
            },
            r.row,
          ),
        )
      }
  }
  if (d.name === 'commentary') {
    const slugs = new Set<string>()
    for (const { t } of o.lines) {
      if (slugs.has(t.slug)) continue
      slugs.add(t.slug)
      const v = await site.target(slug, t.slug)
      for (const c of v.commentary)
        rows.push({
          indicator_code: v.target.indicator.code,
          agreement: v.published.agreement.name,
          period: c.period,
          commentary: c.commentary,
          actions: c.actions,
          recorded_at: c.recordedAt.toISOString(),
        })
    }
  }
  return { partnership: p, rows, lastUpdated: o.lastUpdated }
}

/** `values.csv` → the download and its form; anything else is not found. */
function parseFile(file: string) {
  const m = /^([a-z]+)\.(csv|json|csv-metadata\.json)$/.exec(file)
  const d = m ? downloadOf(m[1]!) : undefined
  return d ? { d, ext: m![2] as 'csv' | 'json' | 'csv-metadata.json' } : undefined
}

/** Downloads a reader (by IP address) may make in a minute, unless configured. */
export const DOWNLOADS_PER_MINUTE = 60

/**
 * Open data (#16): the data dictionary and each download, for anyone (`public: true`), answered
 * from the public cache; downloads limited per reader's IP address (`PUBLIC_DOWNLOADS_PER_MINUTE`).
 */
export function publicDataPages(
  fastify: FastifyInstance,
  services: Services,
  opts: { cache: PublicCache['routeOptions']; downloadsPerMinute?: number | undefined },
): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>()
  const site = createPublicService(services)
  const config = { public: true, publicCache: 'page' as const }
  const cache = opts.cache
  const downloadConfig = {
    public: true,
    // After its rate limit (a route hook), not before everything as pages are.
    publicCache: 'download' as const,
    rateLimit: {
      max: opts.downloadsPerMinute ?? DOWNLOADS_PER_MINUTE,
      timeWindow: '1 minute',
      keyGenerator: (req: FastifyRequest) => req.ip,
      // An AppError, so the error plugin answers a GOV.UK page (or JSON) naming the wait.
      errorResponseBuilder: (_req: FastifyRequest, ctx: { after: string }) =>
        rateLimited(`Too many downloads from your address. Wait ${ctx.after} and try again.`),
    },
  }
  const base = `/public/${SITE_PARAM}/data`

  app.get(base, { schema: { params: siteParams }, config, ...cache }, async (request, reply) => {
    const o = await site.overview(request.params.site)
    const p = o.partnership
    return reply.render('public/views/data.njk', {
      title: 'Download the data',
      section: 'data',
      site: {
        slug: p.slug,
        name: p.name,
        contact: p.publicContact,
        paths: {
          home: publicPaths.home(p.slug),
          outcomes: publicPaths.outcomes(p.slug),
          data: dataPaths.page(p.slug),
        },
      },
      licence: { name: OGL_NAME, url: OGL_URL },
      downloads: downloads.map((d) => ({
        ...d,
        csv: dataPaths.file(p.slug, d.name, 'csv'),
        json: dataPaths.file(p.slug, d.name, 'json'),
        metadata: dataPaths.file(p.slug, d.name, 'csv-metadata.json'),
        key: d.primaryKey?.join(', '),
      })),
      lastUpdated: lastUpdatedText(o.lastUpdated),
    })
  })

  app.get(
    `${base}/:file`,
    { schema: { params: fileParams }, config: downloadConfig, ...cache },
    async (request, reply) => {
      const f = parseFile(request.params.file)
      if (!f) throw notFound('Download')
      const slug = request.params.site
      const csvUrl = dataPaths.file(slug, f.d.name, 'csv')
      const metadataUrl = dataPaths.file(slug, f.d.name, 'csv-metadata.json')
      if (f.ext === 'csv-metadata.json') {
        const p = await site.site(slug)
        return reply
          .type('application/csvm+json; charset=utf-8')
          .send(JSON.stringify(csvwMetadata(f.d, { csvUrl: `${f.d.name}.csv`, publisher: p.name }), null, 2))
      }
      const { partnership, rows } = await rowsOf(services, site, slug, f.d)
      const filename = `${partnership.slug}-${f.d.name}.${f.ext}`
      reply.header('Content-Disposition', `attachment; filename="${filename}"`)
      if (f.ext === 'json')
        return reply
          .type('application/json; charset=utf-8')
          .send(JSON.stringify(dataJson(f.d, rows, { csv: csvUrl, metadata: metadataUrl }), null, 2))
      return reply
        .header('Link', `<${metadataUrl}>; rel="describedby"; type="application/csvm+json"`)
        .type('text/csv; charset=utf-8')
        .send(dataCsv(f.d, rows))
    },
  )

  return Promise.resolve()
}
