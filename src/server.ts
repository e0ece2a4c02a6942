import { buildApp } from './app.ts'
import type { Config } from './config.ts'
import { loadDemo } from './demo/demo.ts'
import { demoSignInLines } from './demo/sign-in-message.ts'
import { startReportJobs } from './modules/reports/reports.jobs.ts'
import { closePdfBrowser } from './modules/reports/reports.pdf.ts'
import { openRuntime } from './runtime.ts'

/** Listen, load the demo on first start, and shut down gracefully on SIGINT/SIGTERM. */
export async function serve(config: Config) {
  const { database, services } = await openRuntime(config)
  const app = await buildApp(config, services)

  if (
    config.demo &&
    (
      await services.partnerships.listForActor({
        kind: 'system',
        userId: null,
        label: 'system',
        isSystemAdmin: true,
        roles: new Map(),
      })
    ).length === 0
  ) {
    const result = await loadDemo(services, { password: config.demoPassword })
    app.log.info({ partnership: result.slug }, 'demo partnership loaded')
    printSignIn(config, result)
  }

  await services.auth.purgeExpiredSessions()
  const purge = setInterval(() => void services.auth.purgeExpiredSessions().catch(() => {}), 3600_000)
  purge.unref()
  // Round reminders: hourly (each is recorded once, so repeated runs send nothing twice).
  const remind = () =>
    void services.rounds
      .sendDueReminders(new Date())
      .then((r) => r.recorded && app.log.info(r, 'round reminders recorded'))
      .catch((err: unknown) => app.log.error({ err }, 'round reminders failed'))
  // Commentary: asked of outcome leads once a round closes, and their weekly reminders.
  const askCommentary = () =>
    void services.commentary
      .sendDue(new Date())
      .then((r) => (r.requested || r.reminded) && app.log.info(r, 'commentary requests recorded'))
      .catch((err: unknown) => app.log.error({ err }, 'commentary requests failed'))
  const reminders = setInterval(() => {
    remind()
    askCommentary()
  }, 3600_000)
  reminders.unref()
  // Report generation and schedules on the job queue, in the application's database.
  const jobs = await startReportJobs(database, services, {
    log: (message) => app.log.info(message),
  })

  let closing = false
  const shutdown = async (signal: string) => {
    if (closing) return
    closing = true
    app.log.info({ signal }, 'shutting down')
    clearInterval(purge)
    clearInterval(reminders)
    services.outbox.close()
    const force = setTimeout(() => process.exit(1), 10_000)
    force.unref()
    try {
      await app.close()
      await jobs.stop().catch((err: unknown) => app.log.error({ err }, 'stopping the jobs failed'))
      await closePdfBrowser().catch(() => {})
      await database.close()
    } finally {
      process.exit(0)
    }
  }
  process.once('SIGINT', () => void shutdown('SIGINT'))
  process.once('SIGTERM', () => void shutdown('SIGTERM'))

  await app.listen({ port: config.port, host: config.host })
  remind()
  const shown = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host
  app.log.info(`Goldthread is running on http://${shown}:${config.port} (database: ${database.engine})`)
  return app
}

function printSignIn(config: Config, r: { email: string; password: string; generated: boolean }) {
  process.stdout.write(demoSignInLines(config.port, r).join('\n') + '\n')
}
