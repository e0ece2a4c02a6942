import type { Db } from '../../db/client.ts'
import { listOrganisations } from '../organisations/organisations.queries.ts'
import type { OutboxService } from '../outbox/outbox.service.ts'
import * as q from './rounds.queries.ts'
import { outstanding, reminderDue, ukToday } from './rounds.rules.ts'

interface Deps {
  outbox: OutboxService
  /** Prefix of the link in each message: a mail client cannot follow a bare path. */
  baseUrl: string
  items: (
    partnershipId: string,
    period: string,
  ) => Promise<{
    expected: q.ExpectedRow[]
    values: { indicatorId: string; placeId: string; status: string; late: boolean }[]
  }>
}

const longDate = (iso: string) =>
  new Intl.DateTimeFormat('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(`${iso}T00:00:00Z`))

/**
 * The reminder run. For every open round in its last week, and every closed round, each
 * organisation with values still owed gets one message to its data providers: once before the
 * due date (`before-7`) and once when overdue. The outbox's dedupe key makes a repeated run (the
 * hourly timer, the CLI) send nothing twice.
 */
export function createReminderUseCase(db: Db, deps: Deps) {
  return {
    async sendDueReminders(now: Date = new Date(), opts: { partnershipId?: string } = {}) {
      const today = ukToday(now)
      let recorded = 0
      for (const { round, partnership } of await q.listAllRounds(db)) {
        if (opts.partnershipId && partnership.id !== opts.partnershipId) continue
        const kind = reminderDue(round, today)
        if (!kind) continue
        const { expected, values } = await deps.items(partnership.id, round.period)
        const owed = outstanding(expected, values)
        const byOrg = new Map<string, typeof owed>()
        for (const item of owed) {
          if (!item.organisationId) continue
          byOrg.set(item.organisationId, [...(byOrg.get(item.organisationId) ?? []), item])
        }
        if (byOrg.size === 0) continue
        const orgs = new Map(
          (await listOrganisations(db, partnership.id, { includeArchived: true })).map((o) => [o.id, o.name]),
        )
        for (const [organisationId, list] of byOrg) {
          const to = (await q.providerEmails(db, partnership.id, organisationId)).map((p) => p.email)
          if (to.length === 0) continue
          const orgName = orgs.get(organisationId) ?? 'your organisation'
          const exception =
            kind === 'overdue' ? await q.activeException(db, round.id, organisationId, today) : undefined
          const subject =
            kind === 'overdue'
              ? `Overdue: ${list.length} ${round.period} value${list.length === 1 ? '' : 's'} for ${partnership.name}`
              : `Reminder: ${round.period} values for ${partnership.name} are due on ${longDate(round.dueOn)}`
          const lines = list.map(
            (i) =>
              `- ${i.code} ${i.title ?? ''} — ${i.placeName} (${i.status === 'missing' ? 'not started' : i.status})`,
          )
          const body = [
            `Dear colleague,`,
            ``,
            kind === 'overdue'
              ? `The ${round.period} return for ${orgName} was due on ${longDate(round.dueOn)}. These values are still outstanding:`
              : `The ${round.period} return for ${orgName} is due on ${longDate(round.dueOn)}. These values are not yet submitted:`,
            ``,
            ...lines,
            ``,
            kind === 'overdue' && !exception
              ? `The round has closed: ask your partnership's performance officer for an exception to enter them late.`
              : `${exception ? `You may enter them late until ${longDate(exception.grantedUntil)}. ` : ''}Enter and submit them under "My returns": ${deps.baseUrl}/p/${partnership.slug}/returns`,
            ``,
            `${partnership.name} performance team`,
          ].join('\n')
          const added = await db.transaction((tx) =>
            deps.outbox.recordIn(tx, {
              partnershipId: partnership.id,
              kind: 'reminder',
              dedupeKey: `reminder:${round.id}:${organisationId}:${kind}`,
              to,
              subject,
              body,
              roundId: round.id,
              organisationId,
            }),
          )
          if (added) recorded++
        }
      }
      const delivery = await deps.outbox.deliver()
      return { recorded, ...delivery }
    },
  }
}
