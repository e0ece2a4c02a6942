/**
 * Reports (issue 14): a steering report of the demo and of an LAA2-shaped agreement (74
 * targets, more than LAA2's 61: bench/national.queries.ts) rendered as HTML and as PDF,
 * beside a bare page render in the same run, on PGlite and PostgreSQL. Goals: HTML under 2 s,
 * PDF under 10 s and under 5 MB on a 2-core machine. Alone: `npx tsx bench/reports.bench.ts`.
 */
import { buildApp } from '../src/app.ts'
import type { Engine } from '../src/db/client.ts'
import { loadDemo } from '../src/demo/demo.ts'
import { DEMO_SLUG } from '../src/demo/leicestershire.ts'
import { DEMO_REPORT_PERIOD } from '../src/demo/reports.ts'
import { systemActor } from '../src/modules/auth/actor.ts'
import { closePdfBrowser } from '../src/modules/reports/reports.pdf.ts'
import { createServices, type Services } from '../src/services.ts'
import { testConfig } from '../test/helpers/config.ts'
import { freshDatabase, postgresAvailable } from '../test/helpers/db.ts'
import { generate, type BenchServices } from './assessment.bench.ts'
import { measure, timed } from './measure.ts'

const system = systemActor('bench')
const RUNS = Number(process.env.BENCH_REPORT_RUNS ?? 3)
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

/** Median milliseconds of RUNS renders of a steering report in one format, and its size. */
async function renderMs(s: Services, partnershipId: string, period: string, format: 'html' | 'pdf') {
  const times: number[] = []
  let bytes = 0
  for (let i = 0; i < RUNS; i++) {
    const { ms, result } = await timed(() =>
      s.reports.render(system, partnershipId, { kind: 'steering', period, level: 'target' }, format),
    )
    times.push(ms)
    bytes = result.data.length
  }
  return { ms: Math.round(median(times)), bytes }
}

async function row(s: Services, engine: Engine, label: string, partnershipId: string, period: string) {
  const app = await buildApp(testConfig, s, { logger: false })
  await app.ready()
  const bare = await measure(async () => {
    const res = await app.inject({ url: '/sign-in' })
    if (res.statusCode !== 200) throw new Error(`/sign-in: ${res.statusCode}`)
  }, 1000)
  await app.close()
  const targets = (await s.dashboard.lines(system, partnershipId, { period })).lines.length
  const html = await renderMs(s, partnershipId, period, 'html')
  const pdf = await renderMs(s, partnershipId, period, 'pdf')
  return {
    engine,
    partnership: label,
    targets,
    period,
    'bare page p50 ms': bare.p50ms,
    'steering HTML ms (goal < 2000)': html.ms,
    'HTML / bare page': Math.round(html.ms / bare.p50ms),
    'steering PDF ms (goal < 10000)': pdf.ms,
    'PDF / bare page': Math.round(pdf.ms / bare.p50ms),
    'PDF MB (goal < 5)': +(pdf.bytes / 1e6).toFixed(2),
  }
}

async function runEngine(engine: Engine) {
  const database = await freshDatabase(engine)
  try {
    const s: BenchServices = { ...createServices(database.db, { engine }), db: database.db }
    await loadDemo(s, { password: 'bench-password-123' })
    const demo = (await s.partnerships.findBySlug(DEMO_SLUG))!
    const rows = [await row(s, engine, 'demo', demo.id, DEMO_REPORT_PERIOD)]
    await generate(s, 1)
    await s.assessments.reassessAll(system)
    const listed = (await s.partnerships.listForActor(system)).map((p) => p.partnership)
    const laa = listed.find((p) => p.slug !== DEMO_SLUG)!
    rows.push(await row(s, engine, 'LAA2-shaped', laa.id, '2010/11 Q4'))
    return rows
  } finally {
    await database.close()
  }
}

export async function benchReports() {
  const rows = [...(await runEngine('pglite'))]
  if (await postgresAvailable()) rows.push(...(await runEngine('postgres')))
  await closePdfBrowser()
  return rows
}

if (import.meta.url === `file://${process.argv[1]}`) console.table(await benchReports())
