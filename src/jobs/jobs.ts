import PgBoss from 'pg-boss'
import type { Database } from '../db/client.ts'

/**
 * Background jobs on pg-boss, in the application's own database: PGlite (through the adapter on
 * `Database.executeSql`) or PostgreSQL. pg-boss keeps its own schema (`pgboss`, migrated by
 * pg-boss on start), claims jobs with `FOR UPDATE SKIP LOCKED` so a job runs on one server when
 * several share a database, and keeps queued jobs across restarts; an active job whose server
 * died expires and is retried.
 */
export interface Jobs {
  send(queue: string, data: object, opts?: { singletonKey?: string; startAfter?: Date }): Promise<void>
  /** Handle a queue's jobs one at a time on this server. */
  work(queue: string, handler: (data: Record<string, unknown>) => Promise<void>): Promise<void>
  /** Run a queue on a cron schedule (once across servers). */
  every(queue: string, cron: string): Promise<void>
  stop(): Promise<void>
}

export interface JobsOptions {
  /** How often an idle worker looks for work (seconds); tests poll faster. */
  pollSeconds?: number
  /** How long a job may run before it is presumed dead and retried. */
  expireSeconds?: number
  /** Run cron schedules (`every`); off in tests. */
  schedule?: boolean
}

export async function startJobs(
  database: Pick<Database, 'executeSql'>,
  opts: JobsOptions = {},
): Promise<Jobs> {
  const boss = new PgBoss({
    db: { executeSql: (text, values) => database.executeSql(text, values) },
    schedule: opts.schedule ?? true,
    supervise: true,
    migrate: true,
    expireInSeconds: opts.expireSeconds ?? 300,
    retryLimit: 3,
    retryDelay: 5,
  })
  // pg-boss reports its own failures (a lost connection, a failed maintenance run) here.
  boss.on('error', (err) => console.warn(`jobs: ${err.message}`))
  await boss.start()
  const queues = new Set<string>()
  const ensure = async (queue: string) => {
    if (queues.has(queue)) return
    await boss.createQueue(queue)
    queues.add(queue)
  }
  return {
    async send(queue, data, o = {}) {
      await ensure(queue)
      await boss.send(queue, data, {
        ...(o.singletonKey ? { singletonKey: o.singletonKey } : {}),
        ...(o.startAfter ? { startAfter: o.startAfter } : {}),
      })
    },
    async work(queue, handler) {
      await ensure(queue)
      await boss.work<Record<string, unknown>>(
        queue,
        { batchSize: 1, pollingIntervalSeconds: opts.pollSeconds ?? 2 },
        async ([job]) => {
          if (job) await handler(job.data)
        },
      )
    },
    async every(queue, cron) {
      await ensure(queue)
      await boss.schedule(queue, cron)
    },
    async stop() {
      await boss.stop({ graceful: true, wait: true, timeout: 10_000 })
    },
  }
}
