/**
 * `npm run bench`: throughput of representative requests on PGlite and PostgreSQL, printed as
 * tables; home and dashboard beside a bare signed-in page on the demo and (in the assessment
 * benchmark) at national scale, with and without the render cache (bench/pages.bench.ts); the
 * public site read anonymously beside a signed-in dashboard (bench/public.bench.ts).
 * Each part can be skipped: BENCH_REQUESTS=0 (requests on the demo), BENCH_VALUES=0
 * (values import), BENCH_REPORTS=0 (steering report renders, bench/reports.bench.ts), BENCH_PARTNERSHIPS=0 (assessment at national scale, bench/assessment.bench.ts).
 */
import { buildApp } from '../src/app.ts'
import { loadDemo } from '../src/demo/demo.ts'
import { DEMO_ADMIN_EMAIL, DEMO_SLUG } from '../src/demo/leicestershire.ts'
import { systemActor } from '../src/modules/auth/actor.ts'
import { createServices } from '../src/services.ts'
import { testConfig } from '../test/helpers/config.ts'
import { freshDatabase, postgresAvailable } from '../test/helpers/db.ts'
import type { Engine } from '../src/db/client.ts'
import { benchAssessment, PARTNERSHIPS } from './assessment.bench.ts'
import { measure } from './measure.ts'
import { benchReports } from './reports.bench.ts'
import { addBarePage, benchPages, type PagesBenchRow } from './pages.bench.ts'
import { benchPublic, type PublicBenchRow } from './public.bench.ts'
import { benchValues, VALUES_ROWS } from './values.bench.ts'

const REQUESTS = process.env.BENCH_REQUESTS !== '0'

interface Row {
  engine: Engine
  scenario: string
  requests: number
  perSecond: number
  p50ms: number
  p95ms: number
}

const PASSWORD = 'bench-password-123'

async function runEngine(
  engine: Engine,
): Promise<{ rows: Row[]; pages: PagesBenchRow; public: PublicBenchRow }> {
  const database = await freshDatabase(engine)
  try {
    const services = createServices(database.db, { engine })
    await loadDemo(services, { password: PASSWORD })
    const user = await services.users.findByEmail(DEMO_ADMIN_EMAIL)
    const { secret } = await services.auth.createToken(systemActor('bench'), user!.id, 'bench')
    // No download limit in the way of the public site's download scenario.
    const app = await buildApp({ ...testConfig, publicDownloadsPerMinute: 1e9 }, services, { logger: false })
    addBarePage(app)
    await app.ready()
    const headers = { authorization: `Bearer ${secret}` }
    const ok = async (url: string, h: Record<string, string> = {}) => {
      const res = await app.inject({ url, headers: h })
      if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode}`)
    }
    const scenarios: [string, () => Promise<void>][] = [
      ['GET /healthz (database round trip)', () => ok('/healthz')],
      ['GET /sign-in (bare GOV.UK page render)', () => ok('/sign-in')],
      [
        'GET API organisations (token auth + query)',
        () => ok(`/api/v1/partnerships/${DEMO_SLUG}/organisations`, headers),
      ],
    ]
    const rows: Row[] = []
    for (const [scenario, fn] of scenarios) rows.push({ engine, scenario, ...(await measure(fn)) })
    const who = { email: DEMO_ADMIN_EMAIL, password: PASSWORD }
    const pages = await benchPages(app, services, DEMO_SLUG, who)
    const publicSite = await benchPublic(app, DEMO_SLUG, who)
    await app.close()
    return { rows, pages, public: publicSite }
  } finally {
    await database.close()
  }
}

if (REQUESTS) {
  const runs = [await runEngine('pglite')]
  if (await postgresAvailable()) runs.push(await runEngine('postgres'))
  else console.log('PostgreSQL not reachable on 127.0.0.1:5432: PostgreSQL rows skipped')
  console.table(runs.flatMap((r) => r.rows))
  // Home and dashboard beside a bare signed-in page (bench/pages.bench.ts): a column per engine.
  const engines = runs.map((r) => r.rows[0]!.engine)
  console.log(
    `\nHome and dashboard on the demo (${DEMO_SLUG}), as its administrator, beside a bare signed-in page`,
  )
  const byEngine = <R extends object>(of: (r: (typeof runs)[number]) => R) =>
    Object.fromEntries(
      Object.keys(of(runs[0]!)).map((k) => [
        k,
        Object.fromEntries(runs.map((r, i) => [engines[i], of(r)[k as keyof R]])),
      ]),
    )
  console.table(byEngine((r) => r.pages))
  // The public site beside a signed-in dashboard (bench/public.bench.ts).
  console.log(`\nThe public site (${DEMO_SLUG}) read anonymously, beside the signed-in dashboard`)
  console.table(byEngine((r) => r.public))
}

// Bulk import of values beside a raw COPY of the same rows (BENCH_VALUES rows; 0 skips it).
if (VALUES_ROWS > 0) {
  console.log(`\nValues import: ${VALUES_ROWS.toLocaleString('en-GB')} rows, workbook import vs raw COPY`)
  console.table(await benchValues())
}

// Reports (issue 14): a steering report as HTML and PDF beside a bare page (BENCH_REPORTS=0 skips it).
if (process.env.BENCH_REPORTS !== '0') {
  console.log('\nSteering report: HTML and PDF beside a bare page render, demo and LAA2-shaped')
  console.table(await benchReports())
}

// Assessment at national scale: BENCH_PARTNERSHIPS partnerships (0 skips it).
if (PARTNERSHIPS > 0) {
  console.log(`\nAssessment at national scale: ${PARTNERSHIPS} partnerships, PGlite and PostgreSQL`)
  console.table(await benchAssessment())
}
