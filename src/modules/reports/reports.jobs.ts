import type { Database } from '../../db/client.ts'
import { startJobs, type Jobs, type JobsOptions } from '../../jobs/jobs.ts'
import type { ReportsService } from './reports.service.ts'

export const GENERATE_QUEUE = 'report.generate'
export const SCHEDULES_QUEUE = 'report.schedules'

/**
 * Reports on the job queue (pg-boss, in the application's database): requested reports are sent
 * to `report.generate` and built by whichever server's worker takes the job (the report's row is
 * claimed too, so it is built once); reports left queued or half-built by a stopped server are
 * re-sent at start; schedules run every 15 minutes, once across servers.
 */
export async function startReportJobs(
  database: Pick<Database, 'executeSql'>,
  services: { reports: Pick<ReportsService, 'generate' | 'useQueue' | 'requeueStranded' | 'runSchedules'> },
  opts: JobsOptions & { log?: (message: string, err?: unknown) => void } = {},
): Promise<Jobs> {
  const { reports } = services
  const log = opts.log ?? ((message: string) => console.warn(`reports: ${message}`))
  const jobs = await startJobs(database, opts)
  await jobs.work(GENERATE_QUEUE, async (data) => {
    if (typeof data.reportId === 'string') await reports.generate(data.reportId)
  })
  reports.useQueue({ enqueue: (reportId) => jobs.send(GENERATE_QUEUE, { reportId }) })
  await jobs.work(SCHEDULES_QUEUE, async () => {
    const { requested } = await reports.runSchedules(new Date())
    if (requested) log(`${requested} scheduled report${requested === 1 ? '' : 's'} requested`)
    // A report whose server stopped mid-way is taken over once its heartbeat is stale.
    await reports.requeueStranded()
  })
  await jobs.every(SCHEDULES_QUEUE, '*/15 * * * *')
  const stranded = await reports.requeueStranded()
  if (stranded.length)
    log(`${stranded.length} report${stranded.length === 1 ? '' : 's'} sent again after a restart`)
  return jobs
}
