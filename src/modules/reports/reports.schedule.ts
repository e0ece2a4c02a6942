import type { Db } from '../../db/client.ts'
import { ukDate, type Clock } from '../../lib/clock.ts'
import { mutate } from '../audit/mutation.ts'
import { systemActor } from '../auth/actor.ts'
import type { OutboxService } from '../outbox/outbox.service.ts'
import { kindOf } from './kinds/index.ts'
import type { KindDefinition } from './kinds/kind.ts'
import type { ReportKind, ReportLevel } from './reports.model.ts'
import * as q from './reports.queries.ts'
import { insertRequestIn } from './reports.shared.ts'

/**
 * The day `n` working days after a date (YYYY-MM-DD): Monday to Friday. The repository keeps no
 * bank holidays, so only weekends are skipped. 0 working days is the day itself.
 */
export function addWorkingDays(iso: string, n: number): string {
  const d = new Date(`${iso}T00:00:00Z`)
  let left = n
  while (left > 0) {
    d.setUTCDate(d.getUTCDate() + 1)
    const day = d.getUTCDay()
    if (day !== 0 && day !== 6) left--
  }
  return d.toISOString().slice(0, 10)
}

/**
 * Scheduled definitions (`{"trigger":"round-closed","workingDays":N}`): N working days after each
 * collection round's due date the definition's report is requested, as at that moment, for the
 * round's period, and a link to it is mailed to its distribution list (never the file). Each
 * definition runs once per round (a unique index on its runs), whichever server runs the
 * schedule, and not for rounds that closed before it was saved.
 */
export function createScheduleUseCases(
  db: Db,
  deps: {
    clock: Clock
    outbox: Pick<OutboxService, 'recordIn'>
    baseUrl: string
    kinds: readonly KindDefinition[]
    /** Hand a committed report to the queue. */
    enqueue(reportId: string): Promise<void>
  },
) {
  return {
    /** Request the reports that are due now; how many were requested. */
    async runSchedules(now: Date): Promise<{ requested: number }> {
      const defs = await q.scheduledDefinitions(db)
      const rounds = await q.roundsOf(db, [...new Set(defs.map((d) => d.partnership.id))])
      const ran = new Set(
        (
          await q.scheduleRunsOf(
            db,
            defs.map((d) => d.definition.id),
          )
        ).map((r) => `${r.definitionId}:${r.roundId}`),
      )
      const today = ukDate(now)
      let requested = 0
      for (const { definition: def, partnership } of defs) {
        const schedule = def.schedule
        if (!schedule || schedule.trigger !== 'round-closed') continue
        const since = ukDate(def.createdAt)
        const due = rounds
          .filter((r) => r.partnershipId === partnership.id && !ran.has(`${def.id}:${r.id}`))
          .filter((r) => {
            const day = addWorkingDays(r.dueOn, schedule.workingDays)
            return day <= today && day >= since
          })
        for (const round of due) {
          const kind = kindOf(def.kind, deps.kinds)
          const title = `${kind?.name ?? `${def.kind} report`}: ${round.period}`
          const actor = systemActor(`schedule: ${def.name}`)
          const report = await mutate(db, actor, { partnershipId: partnership.id }, async (tx) => {
            const run = await q.insertScheduleRun(tx, { definitionId: def.id, roundId: round.id, ranAt: now })
            // Another server ran it first.
            if (!run) return { result: null, audit: null }
            const row = await insertRequestIn(tx, actor, partnership.id, {
              spec: {
                kind: def.kind as ReportKind,
                period: round.period,
                asAt: now.toISOString(),
                level: def.level as ReportLevel,
                themeKey: def.themeKey,
              },
              title,
              definitionId: def.id,
              requestedAt: now,
            })
            await q.setScheduleRunReport(tx, run.id, row.id)
            const link = `${deps.baseUrl}/p/${partnership.slug}/reports/${row.id}`
            for (const to of def.distribution)
              await deps.outbox.recordIn(tx, {
                partnershipId: partnership.id,
                kind: 'report',
                dedupeKey: `report:${row.id}:${to}`,
                to: [to],
                subject: `${title} for ${partnership.name}`,
                body: [
                  `The ${title} for ${partnership.name} is ready to read, as at ${ukDate(now)}: the ${round.period} collection round closed on ${round.dueOn}.`,
                  ``,
                  `Read it, or download it as a PDF or spreadsheet, here (sign in if asked):`,
                  link,
                  ``,
                  `It may take a few minutes to appear after this message is sent.`,
                  `You receive this because you are on the distribution list of "${def.name}".`,
                ].join('\n'),
                roundId: round.id,
              })
            return {
              result: row,
              audit: { entityType: 'report', entityId: row.id, action: 'request', after: row },
            }
          })
          if (!report) continue
          requested++
          await deps.enqueue(report.id)
        }
      }
      return { requested }
    },
  }
}
