/**
 * The public site (#16) under public load: an anonymous reader's target page and public home
 * beside a signed-in person's dashboard, measured in turns in the same run:
 * - public pages as readers get them (from the public cache while the data is unchanged: one
 *   version lookup and the kept answer);
 * - the same without the cache (emptied before each request);
 * - the dashboard as people get it (its content from the render cache), signed in through the form.
 * Goal: the public target page at least 5× the signed-in dashboard's throughput.
 */
import type { FastifyInstance } from 'fastify'
import { publicCacheOf } from '../src/modules/public/public.cache.ts'
import { interleaved, signedIn } from './measure.ts'

export async function benchPublic(
  app: FastifyInstance,
  slug: string,
  who: { email: string; password: string },
  targetCode = 'ni-40',
) {
  const agent = await signedIn(app, who.email, who.password)
  const cache = publicCacheOf(app)
  const ok = (url: string, res: { statusCode: number }) => {
    if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode}`)
  }
  const anonymous =
    (url: string, uncached = false) =>
    async () => {
      if (uncached) cache.clear()
      ok(url, await app.inject({ url }))
    }
  const target = `/public/${slug}/targets/${targetCode}`
  const home = `/public/${slug}`
  const dashboardUrl = `/p/${slug}/dashboard`
  const r = await interleaved({
    target: anonymous(target),
    home: anonymous(home),
    download: anonymous(`/public/${slug}/data/targets.csv`),
    dashboard: async () => ok(dashboardUrl, await agent.get(dashboardUrl)),
    targetUncached: anonymous(target, true),
    homeUncached: anonymous(home, true),
  })
  const x = (a: { perSecond: number }) => +(a.perSecond / r.dashboard.perSecond).toFixed(1)
  return {
    'GET public target per s': r.target.perSecond,
    'GET public home per s': r.home.perSecond,
    'GET public targets.csv per s': r.download.perSecond,
    'GET signed-in dashboard per s (cached)': r.dashboard.perSecond,
    'public target / signed-in dashboard × (goal ≥ 5)': x(r.target),
    'public home / signed-in dashboard ×': x(r.home),
    'without the cache: public target per s': r.targetUncached.perSecond,
    'without the cache: public home per s': r.homeUncached.perSecond,
    'public target p95 ms (cached, uncached)': `${r.target.p95ms}, ${r.targetUncached.p95ms}`,
  }
}

export type PublicBenchRow = Awaited<ReturnType<typeof benchPublic>>
