/**
 * Bulk import of the workbook's Values sheet, built to stream: rows are checked as they are read
 * against small in-memory maps (the partnership's indicators; places, targets and rounds looked
 * up a batch at a time), written in batches by COPY to a TEMP stage table on the import's own
 * connection, then checked across the file (duplicates, approved values) and applied by a few
 * set-wise statements in the import's one transaction. Memory stays flat however long the file.
 *
 * A workbook whose earlier sheets define what values refer to (Places, Indicators, Agreement,
 * Targets, Trajectories) is checked later instead: its rows are staged as read and checked when
 * the import applies them, after those sheets are written in the same transaction.
 *
 * Imported values are `submitted`; a manager may ask for them to be `approved` at once
 * (`--approve`, `approve=true`). Approved values are locked: a row that would change one is a
 * problem. A row that changes nothing adds no version.
 */
import crypto from 'node:crypto'
import type { DbOrTx } from '../../db/client.ts'
import { forbidden } from '../../errors.ts'
import { formatPeriod, tryParsePeriod } from '../../periods/index.ts'
import type { Counts, SheetImport } from '../../workbook/sheets.ts'
import { ukDate, type Clock } from '../../lib/clock.ts'
import type { ImportEnv } from '../workbook/sheet.ts'
import type { AssessmentsService } from '../assessments/assessments.service.ts'
import { manager } from '../auth/policy.ts'
import { codeKey } from '../indicators/indicators.schema.ts'
import type { RoundsService } from '../rounds/rounds.service.ts'
import * as bq from './values.bulk.queries.ts'
import { allowsSelfApproval } from './values.queries.ts'
import { windowProblem, type WindowInfo } from './values.entry-context.ts'
import {
  checkValueRow,
  rawLine,
  stageLine,
  type RowContext,
  type StagedValue,
  type ValueRecord,
} from './values.import.rows.ts'
import { valuePolicy } from './values.policy.ts'

/** Rows checked and staged together: places and rounds are looked up once per batch. */
export const BATCH_ROWS = 5000
/** Lookups remembered between batches; a file of garbage cannot grow them without bound. */
const CACHE_LIMIT = 100_000
/** Sheets whose rows values may refer to: with any of them in the file, rows are checked at apply. */
const REFERRED = ['Places', 'Agreement', 'Indicators', 'Targets', 'Trajectories']

function remember<K, V>(map: Map<K, V>, key: K, value: V) {
  if (map.size >= CACHE_LIMIT) map.clear()
  map.set(key, value)
  return value
}

/** Test hook: called as the import reaches each step; throwing aborts it there. */
export type ImportStepHook = (step: 'staged-batch' | 'updated' | 'inserted') => void
let stepHook: ImportStepHook | undefined
export const setImportStepHook = (hook: ImportStepHook | undefined) => {
  stepHook = hook
}

type Pending = { row: number; rec: ValueRecord }[]

/** What an import reads and refreshes of other modules, through their services, and its clock. */
export interface ValuesImportDeps {
  rounds: Pick<RoundsService, 'expected' | 'window'>
  assessments: Pick<AssessmentsService, 'refreshForStage'>
  clock: Clock
}

/**
 * What checking rows needs, loaded once and then a batch at a time: the partnership's
 * indicators and area, the places, targets and round windows the rows name.
 */
function createLookups(env: ImportEnv, deps: ValuesImportDeps) {
  const { actor, partnershipId } = env
  const isManager = manager(actor, partnershipId)
  const offTarget = valuePolicy.enterOffTarget(actor, partnershipId)
  const today = ukDate(deps.clock())
  let byCode = new Map<string, bq.IndicatorForImport>()
  let orgNames = new Map<string, string>()
  let areaPlaceId: string | null = null
  const codes = new Map<string, bq.IndicatorForImport | null>()
  const periodTexts = new Map<string, string | null>()
  const places = new Map<string, bq.PlaceForImport | null>()
  const expected = new Map<string, Set<string>>()
  const windows = new Map<string, WindowInfo>()

  const canonical = (text: string) => {
    let found = periodTexts.get(text)
    if (found === undefined) {
      const p = tryParsePeriod(text)
      found = remember(periodTexts, text, p.ok ? formatPeriod(p.period) : null)
    }
    return found
  }

  const ctx: RowContext = {
    indicator(code) {
      let found = codes.get(code)
      if (found === undefined) found = remember(codes, code, byCode.get(codeKey(code)) ?? null)
      return found ?? undefined
    },
    place: (gss) => places.get(gss) ?? undefined,
    get areaPlaceId() {
      return areaPlaceId
    },
    organisationName: (id) => (id ? (orgNames.get(id) ?? null) : null),
    mayEnter: (org) => valuePolicy.enter(actor, partnershipId, org),
    expected: (period) => (offTarget ? undefined : expected.get(period)),
    windowProblem(period, org) {
      if (isManager) return null
      const w = windows.get(`${period}|${org}`)
      return w ? windowProblem(w, period, false) : null
    },
  }

  return {
    ctx,
    today,

    /** The partnership's indicators and area (again, when earlier sheets may have changed them). */
    async load(db: DbOrTx) {
      // One statement at a time: an import's session is one connection.
      const list = await bq.indicatorsForImport(db, partnershipId)
      orgNames = await bq.organisationNames(db, partnershipId)
      areaPlaceId = await bq.partnershipAreaId(db, partnershipId)
      byCode = new Map(list.map((i) => [codeKey(i.code), i]))
      codes.clear()
      places.clear()
    },

    /**
     * Look up what this batch needs that earlier ones did not: places, targets, rounds.
     * `before` runs first when anything must be read (to let a statement in flight finish).
     */
    async prepare(db: DbOrTx, batch: Pending, before?: () => Promise<void>) {
      const gss = new Set<string>()
      const keys = new Set<string>()
      const perPeriod = !offTarget || !isManager
      for (const { rec } of batch) {
        if (rec.place_gss !== null && !places.has(rec.place_gss)) gss.add(rec.place_gss)
        if (!perPeriod) continue
        const period = canonical(rec.period)
        const indicator = ctx.indicator(rec.indicator_code)
        if (!period || !indicator) continue
        const key = `${period}|${indicator.responsibleOrganisationId}`
        if ((!offTarget && !expected.has(period)) || (!isManager && !windows.has(key))) keys.add(key)
      }
      if (!gss.size && !keys.size) return
      await before?.()
      if (gss.size) {
        const found = new Map((await bq.placesByGssCodes(db, [...gss])).map((p) => [p.gssCode, p]))
        for (const code of gss) remember(places, code, found.get(code) ?? null)
      }
      for (const key of keys) {
        const [period, org] = key.split('|') as [string, string]
        if (!offTarget && !expected.has(period)) {
          const rows = await deps.rounds.expected(db, partnershipId, period)
          remember(expected, period, new Set(rows.map((r) => `${r.indicatorId}|${r.placeId}`)))
        }
        if (!isManager && !windows.has(key)) {
          const w = await deps.rounds.window(db, partnershipId, period, org === 'null' ? null : org, today)
          remember(windows, key, w)
        }
      }
    },
  }
}

export const IMPORT_SELF_APPROVAL_REFUSED =
  'Approving values as you import them is approving your own entries, and this partnership asks for a second person to approve: import them without approving and let someone else approve them, or ask an administrator to allow self-approval in the partnership’s settings'

/** The Values sheet's importer for one import. */
export function createValuesImport(env: ImportEnv, deps: ValuesImportDeps): SheetImport<ValueRecord> {
  const { actor, partnershipId, report, session } = env
  const sheet = 'Values'
  if (env.options.approve && !valuePolicy.approve(actor, partnershipId))
    throw forbidden('Only an administrator or performance officer can approve values as they are imported')

  const id = crypto.randomBytes(8).toString('hex')
  const stage = `values_import_${id}`
  const raw = `values_import_${id}_raw`
  const lookups = createLookups(env, deps)

  let deferred = false
  let started: Promise<void> | undefined
  const created: string[] = []
  let pending: Pending = []
  let inFlight: Promise<void> | undefined
  let staged = 0

  async function start() {
    // The importer enters the rows: approving them too is approving one's own entries.
    if (env.options.approve && !(await allowsSelfApproval(session.db, partnershipId)))
      throw forbidden(IMPORT_SELF_APPROVAL_REFUSED)
    deferred = REFERRED.some((s) => env.sheetsRead.has(s))
    if (deferred) await bq.createRawStage(session.db, raw)
    else {
      await lookups.load(session.db)
      await bq.createStage(session.db, stage)
    }
    created.push(deferred ? raw : stage)
  }

  /** Copy a batch's lines to a stage; one batch is copied while the next is read and checked. */
  async function copy(table: string, columns: readonly string[], csv: string, n: number) {
    await inFlight
    if (!n) return
    inFlight = session.copyCsv(table, columns, csv).then(() => {
      staged += n
      stepHook?.('staged-batch')
    })
    // A failure surfaces at the next await of inFlight; until then it is not "unhandled".
    inFlight.catch(() => undefined)
  }

  /** Check a batch's rows, report their problems, and give the CSV of those to stage. */
  function check(batch: Pending) {
    let csv = ''
    let n = 0
    for (const { row, rec } of batch) {
      const checked = checkValueRow(row, rec, lookups.ctx)
      for (const p of checked.problems) report.problem({ sheet, row, column: p.column, message: p.message })
      if (checked.staged) {
        csv += stageLine(checked.staged)
        n++
      }
    }
    return { csv, n }
  }

  async function flush(batch: Pending) {
    await (started ??= start())
    if (deferred) {
      let csv = ''
      for (const { row, rec } of batch) csv += rawLine(row, rec)
      return copy(raw, bq.RAW_COLUMNS, csv, batch.length)
    }
    await lookups.prepare(session.db, batch, () => inFlight ?? Promise.resolve())
    const { csv, n } = check(batch)
    return copy(stage, bq.STAGE_COLUMNS, csv, n)
  }

  /** Duplicate keys and approved values changed: problems found across the staged rows. */
  async function checkStaged(tx: DbOrTx) {
    await bq.lockValueImports(tx, partnershipId)
    // Fetch no more than the report will list; the rest are only counted.
    const limit = Math.max(1, report.room)
    const dups = await bq.duplicateKeys(tx, stage, limit)
    let listed = 0
    for (const d of dups) {
      const [first, ...rest] = d.rows
      for (const row of rest) {
        listed++
        report.problem({
          sheet,
          row,
          message: `${d.code} at ${d.gss} for ${d.period} is also on row ${first}: keep one of them`,
        })
      }
    }
    report.countMore((dups[0]?.repeats ?? 0) - listed)
    const locked = await bq.approvedConflicts(tx, stage, partnershipId, limit)
    for (const { row } of locked)
      report.problem({ sheet, row, column: 'value', message: 'approved: ask an officer to reopen it' })
    report.countMore((locked[0]?.total ?? 0) - locked.length)
  }

  /** Deferred rows, checked now that the sheets before them are written: read back a page at a time. */
  async function checkDeferred(tx: DbOrTx) {
    await lookups.load(tx)
    await bq.createStage(tx, stage)
    created.push(stage)
    let after = 0
    for (;;) {
      const page = await bq.rawStagePage(tx, raw, after, BATCH_ROWS)
      if (!page.length) break
      await lookups.prepare(tx, page)
      const rows: StagedValue[] = []
      for (const { row, rec } of page) {
        const checked = checkValueRow(row, rec, lookups.ctx)
        for (const p of checked.problems) report.problem({ sheet, row, column: p.column, message: p.message })
        if (checked.staged) rows.push(checked.staged)
      }
      await bq.insertStaged(tx, stage, rows)
      after = page[page.length - 1]!.row
    }
    await bq.analyzeStage(tx, stage)
    staged = await bq.stagedRows(tx, stage)
    await checkStaged(tx)
    if (report.failed) throw report.error(env.sheetOrder)
  }

  return {
    add(row, rec) {
      pending.push({ row, rec })
      if (pending.length < BATCH_ROWS) return
      const batch = pending
      pending = []
      return flush(batch)
    },

    async end() {
      const batch = pending
      pending = []
      await flush(batch)
      await inFlight
      if (staged && deferred) await bq.indexRawStage(session.db, raw)
      else if (staged) await bq.analyzeStage(session.db, stage)
    },

    async check(tx) {
      if (!deferred) await checkStaged(tx)
    },

    async apply(tx): Promise<Counts> {
      if (deferred) await checkDeferred(tx)
      env.progress('writing', staged)
      const params: bq.ApplyParams = {
        partnershipId,
        status: env.options.approve ? 'approved' : 'submitted',
        userId: actor.userId,
        label: actor.label,
        reason: `Imported from ${env.source}`,
        today: lookups.today,
      }
      const updated = await bq.updateChangedValues(tx, stage, params)
      stepHook?.('updated')
      const inserted = await bq.insertNewValues(tx, stage, params)
      stepHook?.('inserted')
      // Each affected target once, in the import's transaction.
      if (inserted + updated) await deps.assessments.refreshForStage(tx, partnershipId, stage)
      return { created: inserted, updated, unchanged: staged - inserted - updated }
    },

    async close() {
      await inFlight?.catch(() => undefined)
      // A connection that failed is closed by the session, taking its temp tables with it: a
      // failed drop must not hide the error that ended the import.
      for (const table of created) await bq.dropStage(session.db, table).catch(() => undefined)
    },
  }
}
