import crypto from 'node:crypto'
import type { Db } from '../../db/client.ts'
import { ukDate, type Clock } from '../../lib/clock.ts'
import type { OrganisationsService } from '../organisations/organisations.service.ts'
import type { OutboxService } from '../outbox/outbox.service.ts'
import * as q from './rounds.queries.ts'
import { outstanding, reminderDue } from './rounds.rules.ts'

interface Deps {
  outbox: OutboxService
  organisations: OrganisationsService
  clock: Clock
  /** Prefix of the links in each message: a mail client cannot follow a bare path. */
  baseUrl: string
  items: (
    partnershipId: string,
    period: string,
  ) => Promise<{
    expected: q.ExpectedRow[]
    values: { id: string; indicatorId: string; placeId: string; status: string; late: boolean }[]
  }>
}

type Round = Awaited<ReturnType<typeof q.listAllRounds>>[number]['round']
type Partnership = Awaited<ReturnType<typeof q.listAllRounds>>[number]['partnership']

/** What one person is told about one round: the values of one organisation (or of nobody's). */
interface Section {
  round: Round
  kind: 'before-7' | 'overdue'
  organisation: string
  exceptionUntil: string | null
  lines: string[]
}

const longDate = (iso: string) =>
  new Intl.DateTimeFormat('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(`${iso}T00:00:00Z`))

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`

/**
 * The reminder run. For every open round in its last week, and every closed round, the values
 * still owed go to whoever provides them: an organisation's data providers, and for indicators
 * nobody is responsible for, the partnership's performance officers (administrators when it has
 * none). Each person gets one message per partnership per run, listing every return they owe
 * with a link to each value. The outbox's dedupe key (the person and the rounds it covers)
 * makes a repeated run (the hourly timer, the CLI) send nothing twice; a round newly due, or
 * newly overdue, brings a fresh message listing everything.
 */
export function createReminderUseCase(db: Db, deps: Deps) {
  /** Every person's sections for one partnership's due rounds. */
  async function sectionsFor(partnership: Partnership, rounds: Round[], today: string) {
    const perPerson = new Map<string, Section[]>()
    const orgs = new Map(
      (await deps.organisations.findAll(db, partnership.id, { includeArchived: true })).map((o) => [
        o.id,
        o.name,
      ]),
    )
    let officers: string[] | undefined
    const officersOf = async () => {
      if (officers) return officers
      const rows = await q.roleEmails(db, partnership.id, ['performance_officer', 'admin'])
      const po = rows.filter((r) => r.role === 'performance_officer')
      officers = [...new Set((po.length ? po : rows).map((r) => r.email))]
      return officers
    }
    const base = `${deps.baseUrl}/p/${partnership.slug}`
    for (const round of rounds) {
      const kind = reminderDue(round, today)
      if (!kind) continue
      const { expected, values } = await deps.items(partnership.id, round.period)
      const ids = new Map(values.map((v) => [`${v.indicatorId}|${v.placeId}`, v.id]))
      const byOrg = new Map<string | null, ReturnType<typeof outstanding<q.ExpectedRow>>>()
      for (const item of outstanding(expected, values))
        byOrg.set(item.organisationId, [...(byOrg.get(item.organisationId) ?? []), item])
      for (const [organisationId, list] of byOrg) {
        const to = organisationId
          ? (await q.providerEmails(db, partnership.id, organisationId)).map((p) => p.email)
          : await officersOf()
        if (to.length === 0) continue
        const exception =
          organisationId && kind === 'overdue'
            ? await q.activeException(db, round.id, organisationId, today)
            : undefined
        const lines = list.map((i) => {
          const id = ids.get(`${i.indicatorId}|${i.placeId}`)
          const link = id
            ? `${base}/values/${id}`
            : `${base}/values/enter?indicatorId=${i.indicatorId}&placeId=${i.placeId}&period=${encodeURIComponent(round.period)}`
          const state = i.status === 'missing' ? 'not started' : i.status
          return `- ${i.code} ${i.title ?? ''} — ${i.placeName} (${state})\n  ${link}`
        })
        const section: Section = {
          round,
          kind,
          organisation: organisationId
            ? (orgs.get(organisationId) ?? 'your organisation')
            : 'indicators with no responsible organisation',
          exceptionUntil: exception?.grantedUntil ?? null,
          lines,
        }
        for (const email of new Set(to)) perPerson.set(email, [...(perPerson.get(email) ?? []), section])
      }
    }
    return perPerson
  }

  function message(partnership: Partnership, sections: Section[]) {
    const count = sections.reduce((n, s) => n + s.lines.length, 0)
    const overdue = sections.filter((s) => s.kind === 'overdue')
    const subject = overdue.length
      ? `Overdue: ${plural(count, 'value')} for ${partnership.name}`
      : `Reminder: ${plural(count, 'value')} for ${partnership.name} due soon`
    const body = [`Dear colleague,`, ``]
    for (const s of sections) {
      const { period, dueOn } = s.round
      body.push(
        s.kind === 'overdue'
          ? `The ${period} return for ${s.organisation} was due on ${longDate(dueOn)}. These values are still outstanding:`
          : `The ${period} return for ${s.organisation} is due on ${longDate(dueOn)}. These values are not yet submitted:`,
        ``,
        ...s.lines,
        ``,
        s.kind === 'overdue' && !s.exceptionUntil
          ? `The round has closed: ask your partnership's performance officer for an exception to enter them late.`
          : s.exceptionUntil
            ? `You may enter them late until ${longDate(s.exceptionUntil)}.`
            : `Enter and submit them by the due date.`,
        ``,
      )
    }
    body.push(
      `All your returns are under "My returns": ${deps.baseUrl}/p/${partnership.slug}/returns`,
      ``,
      `${partnership.name} performance team`,
    )
    return { subject, body: body.join('\n') }
  }

  return {
    /** The run at `now` (the clock's time without it), for every partnership or one. */
    async sendDueReminders(now: Date = deps.clock(), opts: { partnershipId?: string } = {}) {
      const today = ukDate(now)
      let recorded = 0
      const byPartnership = new Map<string, { partnership: Partnership; rounds: Round[] }>()
      for (const { round, partnership } of await q.listAllRounds(db)) {
        if (opts.partnershipId && partnership.id !== opts.partnershipId) continue
        if (!reminderDue(round, today)) continue
        const entry = byPartnership.get(partnership.id) ?? { partnership, rounds: [] }
        entry.rounds.push(round)
        byPartnership.set(partnership.id, entry)
      }
      for (const { partnership, rounds } of byPartnership.values()) {
        rounds.sort((a, b) => a.dueOn.localeCompare(b.dueOn) || a.period.localeCompare(b.period))
        const perPerson = await sectionsFor(partnership, rounds, today)
        for (const [email, sections] of perPerson) {
          // The same person, owing the same rounds at the same stage: already told.
          const covered = sections
            .map((s) => `${s.round.id}:${s.kind}:${s.organisation}`)
            .sort()
            .join(',')
          const digest = crypto.createHash('sha256').update(covered).digest('hex').slice(0, 32)
          const { subject, body } = message(partnership, sections)
          const added = await db.transaction((tx) =>
            deps.outbox.recordIn(tx, {
              partnershipId: partnership.id,
              kind: 'reminder',
              dedupeKey: `reminder:${email.toLowerCase()}:${digest}`,
              to: [email],
              subject,
              body,
              roundId: sections.length === 1 ? sections[0]!.round.id : null,
              organisationId: null,
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
