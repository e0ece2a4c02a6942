/**
 * The partnership's home and dashboard beside a bare signed-in page, measured one after the other
 * in the same run, by a person signed in through the real form (session cookie, CSRF):
 * - bare: a page of the partnership (`/p/:slug/bench-bare`, registered here) that goes through
 *   everything home and dashboard do (session, actor, partnership, policy, navigation, layout)
 *   and renders only a heading;
 * - home and dashboard as people get them (from the render cache while the data is unchanged);
 * - the same without the cache (emptied before each request): the pages as they were before it.
 */
import type { FastifyInstance } from 'fastify'
import { member } from '../src/modules/auth/policy.ts'
import type { Services } from '../src/services.ts'
import { interleaved, signedIn } from './measure.ts'

/** Add the bare page; before `app.ready()`. */
export function addBarePage(app: FastifyInstance) {
  app.get('/p/:slug/bench-bare', { config: { policy: member } }, (_request, reply) =>
    reply.render('cached-content.njk', {
      title: 'Bare page',
      cachedContent: '<h1 class="govuk-heading-l">Bare page</h1>',
    }),
  )
}

export async function benchPages(
  app: FastifyInstance,
  services: Services,
  slug: string,
  who: { email: string; password: string },
) {
  const agent = await signedIn(app, who.email, who.password)
  const page =
    (url: string, uncached = false) =>
    async () => {
      if (uncached) services.renderCache.clear()
      const res = await agent.get(url)
      if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode}`)
    }
  const urls = {
    bare: page(`/p/${slug}/bench-bare`),
    home: page(`/p/${slug}`),
    homeUncached: page(`/p/${slug}`, true),
    dashboard: page(`/p/${slug}/dashboard`),
    dashboardUncached: page(`/p/${slug}/dashboard`, true),
  }
  const { bare, home, homeUncached, dashboard, dashboardUncached } = await interleaved(urls)
  const pct = (x: { perSecond: number }) => Math.round((x.perSecond / bare.perSecond) * 100)
  return {
    'GET bare signed-in page per s': bare.perSecond,
    'GET home per s': home.perSecond,
    'home / bare % (goal ≥ 50)': pct(home),
    'GET dashboard per s': dashboard.perSecond,
    'dashboard / bare % (goal ≥ 50)': pct(dashboard),
    'without the cache: home per s': homeUncached.perSecond,
    'without the cache: home / bare %': pct(homeUncached),
    'without the cache: dashboard per s': dashboardUncached.perSecond,
    'without the cache: dashboard / bare %': pct(dashboardUncached),
    'home p95 ms (cached, uncached)': `${home.p95ms}, ${homeUncached.p95ms}`,
    'dashboard p95 ms (cached, uncached)': `${dashboard.p95ms}, ${dashboardUncached.p95ms}`,
  }
}

export type PagesBenchRow = Awaited<ReturnType<typeof benchPages>>
