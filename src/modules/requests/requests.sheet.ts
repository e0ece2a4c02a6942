import type { Tx } from '../../db/client.ts'
import { ukDate, type Clock } from '../../lib/clock.ts'
import { CellProblem, cellParser, enumCell, REQUIRED, textCell } from '../../workbook/cells.ts'
import { column, type Counts, type RecordOf, type SheetSpec } from '../../workbook/sheets.ts'
import { audit } from '../audit/audit.ts'
import type { StrategyService } from '../strategy/strategy.service.ts'
import { defineSheet, type ImportEnv } from '../workbook/sheet.ts'
import { requestPolicy } from './requests.policy.ts'
import * as q from './requests.queries.ts'
import { canMove, requestStatuses, requestTransitions, type RequestStatus } from './requests.schema.ts'

const isRealDate = (s: string) => {
  const d = new Date(`${s}T00:00:00Z`)
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s
}

/** A date as YYYY-MM-DD between 1900 and 2200, or blank. */
const dateCell = cellParser<string | null>((v) => {
  if (v === undefined) return null
  const s = v.trim()
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s) || !isRealDate(s))
    return new CellProblem(`must be a date as YYYY-MM-DD, like 2006-03-01 (found "${v}")`)
  if (s < '1900-01-01' || s > '2200-12-31') return new CellProblem('must be between 1900 and 2200')
  return s
})

const refCell = cellParser<string>((v) => {
  if (v === undefined) return new CellProblem(REQUIRED)
  return v.length > 40 ? new CellProblem('must be 40 characters or fewer') : v
})

const columns = {
  ref: column(refCell, 'Unique in the partnership, like FF-01 (matched ignoring case and spaces)', {
    required: true,
  }),
  title: column(textCell({ required: true, max: 300 }), 'What is asked for', { required: true }),
  outcome_ref: column(
    textCell({ max: 40 }),
    'The outcome it serves: a ref of the strategy, like 3.2 (blank: none)',
  ),
  department: column(textCell({ required: true, max: 200 }), 'The government department asked', {
    required: true,
  }),
  business_case: column(textCell({ max: 20000 }), 'The business case (needed to submit)'),
  status: column(
    enumCell(requestStatuses),
    `One of ${requestStatuses.join(', ')} (blank: draft for a new request, unchanged otherwise). A request moves draft → submitted → agreed or refused; draft or submitted → withdrawn`,
  ),
  decision: column(textCell({ max: 8000 }), 'The decision, for an agreed or refused request'),
  decided_on: column(dateCell, 'When it was agreed or refused, YYYY-MM-DD'),
}

type RequestRecord = RecordOf<typeof columns>

export const requestsSpec: SheetSpec<typeof columns> = {
  name: 'Requests',
  description:
    'Freedoms and flexibilities requests (002 §4), matched by ref: the business case, the department asked, and its decision.',
  columns,
}

const key = (s: string) => s.toLowerCase().replace(/\s+/g, '')
const entityType = 'flexibility_request'

export interface RequestsSheetDeps {
  clock: Clock
  strategy: Pick<StrategyService, 'findCurrentNodes'>
}

function requestsImport({ clock, strategy }: RequestsSheetDeps, env: ImportEnv) {
  const sheet = requestsSpec.name
  const rows: { row: number; rec: RequestRecord }[] = []
  const byRef = new Map<string, number>()
  const problem = (row: number, col: keyof RequestRecord | undefined, message: string) =>
    env.report.problem({ sheet, row, ...(col ? { column: col } : {}), message })

  return {
    add(row: number, rec: RequestRecord) {
      const first = byRef.get(key(rec.ref))
      if (first !== undefined)
        return problem(row, 'ref', `${rec.ref} appears more than once in this sheet (first at row ${first})`)
      byRef.set(key(rec.ref), row)
      const decided = rec.status === 'agreed' || rec.status === 'refused'
      if (!decided && rec.status && (rec.decision || rec.decided_on))
        return problem(
          row,
          rec.decided_on ? 'decided_on' : 'decision',
          `only an agreed or refused request has a decision (status is ${rec.status})`,
        )
      if (rec.decided_on && rec.decided_on > ukDate(clock()))
        return problem(row, 'decided_on', 'must be today or in the past')
      rows.push({ row, rec })
    },

    async check() {},

    /** Outcome refs resolve once the Strategy sheet (above this one) is written. */
    async apply(tx: Tx): Promise<Counts> {
      const pid = env.partnershipId
      const nodes = new Map((await strategy.findCurrentNodes(tx, pid)).map((n) => [n.ref, n]))
      const counts: Counts = { created: 0, updated: 0, unchanged: 0 }
      const now = clock()
      for (const { row, rec } of rows) {
        let outcomeKey: string | null = null
        if (rec.outcome_ref) {
          const node = nodes.get(rec.outcome_ref.trim())
          if (!node) {
            problem(row, 'outcome_ref', `${rec.outcome_ref} is not a ref of the current strategy`)
            continue
          }
          if (node.kind === 'theme') {
            problem(row, 'outcome_ref', `${rec.outcome_ref} is a theme: name an outcome or sub-outcome`)
            continue
          }
          outcomeKey = node.key
        }
        const existing = await q.findRequestByRef(tx, pid, rec.ref)
        const status: RequestStatus = rec.status ?? (existing?.status as RequestStatus | undefined) ?? 'draft'
        if (existing && !canMove(existing.status, status)) {
          const next = requestTransitions[existing.status as RequestStatus] ?? []
          problem(
            row,
            'status',
            `${existing.ref} is ${existing.status}: it can ${next.length ? `become ${next.join(' or ')}` : 'no longer change status'}, not ${status}`,
          )
          continue
        }
        const decided = status === 'agreed' || status === 'refused'
        if (!decided && (rec.decision || rec.decided_on)) {
          problem(
            row,
            rec.decided_on ? 'decided_on' : 'decision',
            `only an agreed or refused request has a decision (status is ${status})`,
          )
          continue
        }
        if (status === 'submitted' && existing?.status !== 'submitted' && !rec.business_case) {
          problem(row, 'business_case', 'a request needs its business case to be submitted')
          continue
        }
        const values = {
          title: rec.title,
          outcomeKey,
          department: rec.department,
          businessCase: rec.business_case,
          status,
          decision: rec.decision,
          decidedOn: rec.decided_on,
        }
        if (!existing) {
          const row = await q.insertRequest(tx, {
            partnershipId: pid,
            ref: rec.ref,
            ...values,
            submittedAt: status === 'draft' || status === 'withdrawn' ? null : now,
          })
          await audit(tx, env.actor, {
            partnershipId: pid,
            entityType,
            entityId: row.id,
            action: 'create',
            after: row,
          })
          counts.created++
          continue
        }
        const same = (Object.keys(values) as (keyof typeof values)[]).every((k) => values[k] === existing[k])
        if (same) {
          counts.unchanged++
          continue
        }
        const after = await q.updateRequest(
          tx,
          existing.id,
          {
            ...values,
            ...(status === 'submitted' && existing.status === 'draft' ? { submittedAt: now } : {}),
          },
          now,
        )
        await audit(tx, env.actor, {
          partnershipId: pid,
          entityType,
          entityId: existing.id,
          action: 'update',
          before: existing,
          after,
        })
        counts.updated++
      }
      if (env.report.failed) throw env.report.error(env.sheetOrder)
      return counts
    },
  }
}

export const requestsSheet = (deps: RequestsSheetDeps) =>
  defineSheet({
    ...requestsSpec,
    importPolicy: requestPolicy.manage,
    exportPolicy: requestPolicy.read,
    importer: (env) => requestsImport(deps, env),
    async *rows(db, partnershipId) {
      const refs = new Map(
        (await deps.strategy.findCurrentNodes(db, partnershipId)).map((n) => [n.key, n.ref]),
      )
      for (const r of await q.listRequests(db, partnershipId))
        yield {
          ref: r.ref,
          title: r.title,
          outcome_ref: r.outcomeKey ? (refs.get(r.outcomeKey) ?? null) : null,
          department: r.department,
          business_case: r.businessCase,
          status: r.status,
          decision: r.decision,
          decided_on: r.decidedOn,
        }
    },
  })
