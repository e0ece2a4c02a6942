/**
 * SQL of bulk value imports and exports. An import stages its rows in a TEMP table on the
 * import's own connection, then checks and applies them set-wise in one transaction: a million
 * rows cost a handful of statements, not a million.
 */
import { and, asc, eq, gt, inArray, isNull, or, sql, type SQL } from 'drizzle-orm'
import type { DbOrTx } from '../../db/client.ts'
import {
  dataValues,
  indicators,
  organisations,
  partnershipIndicators,
  partnerships,
  places,
} from '../../db/schema/index.ts'
import { codeKey } from '../indicators/indicators.schema.ts'
import { codeKeySql, inCatalogue, overlayOn, responsibleOrganisationSql } from '../../db/catalogue.ts'

const rowsOf = <T>(result: unknown) => (result as { rows: T[] }).rows

/** The partnership's indicators, as an import resolves codes against them. */
export async function indicatorsForImport(db: DbOrTx, partnershipId: string) {
  return db
    .select({
      id: indicators.id,
      code: indicators.code,
      unit: indicators.unit,
      ratePer: indicators.ratePer,
      frequency: indicators.frequency,
      responsibleOrganisationId: responsibleOrganisationSql,
    })
    .from(indicators)
    .leftJoin(partnershipIndicators, overlayOn(partnershipId))
    .where(and(inCatalogue(partnershipId), isNull(indicators.archivedAt)))
}
export type IndicatorForImport = Awaited<ReturnType<typeof indicatorsForImport>>[number]

export async function organisationNames(db: DbOrTx, partnershipId: string) {
  const rows = await db
    .select({ id: organisations.id, name: organisations.name })
    .from(organisations)
    .where(eq(organisations.partnershipId, partnershipId))
  return new Map(rows.map((r) => [r.id, r.name]))
}

export async function partnershipAreaId(db: DbOrTx, partnershipId: string) {
  const [row] = await db
    .select({ area: partnerships.areaPlaceId })
    .from(partnerships)
    .where(eq(partnerships.id, partnershipId))
  return row?.area ?? null
}

/** Places with these GSS codes (archived ones too, to say so). */
export async function placesByGssCodes(db: DbOrTx, codes: readonly string[]) {
  if (codes.length === 0) return []
  return db
    .select({ id: places.id, gssCode: places.gssCode, name: places.name, archivedAt: places.archivedAt })
    .from(places)
    .where(inArray(places.gssCode, [...codes]))
}
export type PlaceForImport = Awaited<ReturnType<typeof placesByGssCodes>>[number]

// ---- Staging -------------------------------------------------------------------------------

/** The staged columns, in the order the CSV fed to COPY gives them. */
export const STAGE_COLUMNS = [
  'row',
  'ok',
  'indicator_id',
  'place_id',
  'period',
  'period_type',
  'value',
  'numerator',
  'denominator',
  'commentary',
] as const

/** Stage table names are made here from random hex, never from input. */
const table = (name: string) => {
  if (!/^values_import_[0-9a-f]{16}(_raw)?$/.test(name)) throw new Error(`not a stage table: ${name}`)
  return sql.raw(name)
}

export async function createStage(db: DbOrTx, name: string) {
  await db.execute(
    sql`create temp table ${table(name)} (row int not null, ok boolean not null, indicator_id uuid not null, place_id uuid not null,
      period text not null, period_type text not null, value numeric, numerator numeric, denominator numeric,
      commentary text)`,
  )
}

/** Rows as read, for an import that checks them only when it applies them. */
export const RAW_COLUMNS = [
  'row',
  'indicator_code',
  'place_gss',
  'period',
  'value',
  'numerator',
  'denominator',
  'commentary',
] as const

export async function createRawStage(db: DbOrTx, name: string) {
  await db.execute(
    sql`create temp table ${table(name)} (row int not null, indicator_code text not null, place_gss text,
      period text not null, value numeric, numerator numeric, denominator numeric, commentary text)`,
  )
}

export async function indexRawStage(db: DbOrTx, name: string) {
  await db.execute(sql`create index on ${table(name)} (row)`)
}

/** The next page of rows as read, in row order. */
export async function rawStagePage(db: DbOrTx, name: string, afterRow: number, limit: number) {
  const result = await db.execute(sql`
    select row, indicator_code, place_gss, period, value::float8 as value, numerator::float8 as numerator,
      denominator::float8 as denominator, commentary
    from ${table(name)} where row > ${afterRow} order by row limit ${limit}`)
  return rowsOf<{ row: number } & ValueRecordRow>(result).map(({ row, ...rec }) => ({ row, rec }))
}

interface ValueRecordRow {
  indicator_code: string
  place_gss: string | null
  period: string
  value: number | null
  numerator: number | null
  denominator: number | null
  commentary: string | null
}

/** Checked rows into the stage, from inside a transaction (as one JSON parameter). */
export async function insertStaged(
  db: DbOrTx,
  name: string,
  rows: readonly {
    row: number
    ok: boolean
    indicatorId: string
    placeId: string
    period: string
    periodType: string
    value: number | null
    numerator: number | null
    denominator: number | null
    commentary: string | null
  }[],
) {
  if (!rows.length) return
  await db.execute(sql`
    insert into ${table(name)} (row, ok, indicator_id, place_id, period, period_type, value, numerator,
      denominator, commentary)
    select * from json_to_recordset(${JSON.stringify(rows)}::json) as x("row" int, "ok" boolean,
      "indicatorId" uuid, "placeId" uuid, "period" text, "periodType" text, "value" numeric,
      "numerator" numeric, "denominator" numeric, "commentary" text)`)
}

export async function dropStage(db: DbOrTx, name: string) {
  await db.execute(sql`drop table if exists ${table(name)}`)
}

/** Temp tables are never analysed automatically: without statistics the joins below plan badly. */
export async function analyzeStage(db: DbOrTx, name: string) {
  await db.execute(sql`analyze ${table(name)}`)
}

/** One import of values at a time per partnership: a second waits for the first to commit. */
export async function lockValueImports(tx: DbOrTx, partnershipId: string) {
  await tx.execute(
    sql`select pg_advisory_xact_lock(hashtext(${`goldthread:values-import:${partnershipId}`}))`,
  )
}

const sameKey = (s: string) =>
  sql.raw(`d.indicator_id = ${s}.indicator_id and d.place_id = ${s}.place_id and d.period = ${s}.period`)

/**
 * A staged row differs from the stored value when a figure or the commentary does. A row with
 * the stored numerator and denominator has the stored value: its own value (worked out from them,
 * or given and checked to match them at the precision shown, like 35.83 for 35.8296875) is the
 * same value, even where the stored one was kept at another precision.
 */
const differs = (s: string) =>
  sql.raw(
    `((d.value is distinct from ${s}.value and not (${s}.numerator is not null and ${s}.denominator is not null` +
      ` and d.numerator = ${s}.numerator and d.denominator = ${s}.denominator))` +
      ` or d.numerator is distinct from ${s}.numerator` +
      ` or d.denominator is distinct from ${s}.denominator or d.commentary is distinct from ${s}.commentary)`,
  )

/** Keys given on more than one row: the rows of each (first `limit` groups) and how many rows repeat one. */
export async function duplicateKeys(tx: DbOrTx, name: string, limit: number) {
  const result = await tx.execute(sql`
    select g.rows, i.code, p.gss_code as gss, g.period, count(*) over ()::int as groups,
      sum(cardinality(g.rows) - 1) over ()::int as repeats
    from (
      select s.indicator_id, s.place_id, s.period, array_agg(s.row order by s.row) as rows
      from ${table(name)} s group by s.indicator_id, s.place_id, s.period having count(*) > 1
    ) g
    join ${indicators} i on i.id = g.indicator_id
    join ${places} p on p.id = g.place_id
    order by g.rows[1]
    limit ${limit}`)
  return rowsOf<{
    rows: number[]
    code: string
    gss: string
    period: string
    groups: number
    repeats: number
  }>(result)
}

/** Rows that would change an approved value (first `limit`, and how many in all). */
export async function approvedConflicts(tx: DbOrTx, name: string, partnershipId: string, limit: number) {
  const result = await tx.execute(sql`
    select s.row, count(*) over ()::int as total
    from ${table(name)} s
    join ${dataValues} d on d.partnership_id = ${partnershipId} and ${sameKey('s')}
    where s.ok and d.status = 'approved' and ${differs('s')}
    order by s.row
    limit ${limit}`)
  return rowsOf<{ row: number; total: number }>(result)
}

export interface ApplyParams {
  partnershipId: string
  /** Status imported values take: submitted, or approved when the importer asked. */
  status: 'submitted' | 'approved'
  userId: string | null
  label: string
  reason: string
  /** Today in the UK, for lateness against the round's due date. */
  today: string
}

const count = async (tx: DbOrTx, query: SQL) => rowsOf<{ n: number }>(await tx.execute(query))[0]?.n ?? 0

/**
 * Existing values whose figures or commentary differ (or, when the import approves, that are not
 * yet approved) take the staged figures at the next version; each gets its history row. A row
 * with the same figures otherwise changes nothing, whatever the value's status: a workbook
 * exported and imported again leaves drafts and returned values as they were. Returns how many
 * changed.
 */
export async function updateChangedValues(tx: DbOrTx, name: string, p: ApplyParams) {
  return count(
    tx,
    sql`
    with changed as (
      update ${dataValues} d
      set value = s.value, numerator = s.numerator, denominator = s.denominator, commentary = s.commentary,
        status = ${p.status}::text, status_reason = null, version = d.version + 1,
        round_id = coalesce(d.round_id, r.id), updated_by_user_id = ${p.userId}::uuid, updated_at = now()
      from ${table(name)} s
      left join collection_rounds r on r.partnership_id = ${p.partnershipId} and r.period = s.period
        and r.archived_at is null
      where d.partnership_id = ${p.partnershipId} and ${sameKey('s')}
        and (${differs('s')} or (${p.status}::text = 'approved' and d.status <> 'approved'))
      returning d.id, d.version, d.value, d.numerator, d.denominator, d.commentary, d.status, d.late
    ), logged as (
      insert into data_value_versions (value_id, version, value, numerator, denominator, commentary, status,
        action, reason, late, recorded_by_user_id, recorded_by)
      select id, version, value, numerator, denominator, commentary, status, 'imported', ${p.reason}::text, late,
        ${p.userId}::uuid, ${p.label}::text
      from changed
      returning 1
    )
    select count(*)::int as n from logged`,
  )
}

/** Staged keys with no value yet become values at version 1, each with its history row. */
export async function insertNewValues(tx: DbOrTx, name: string, p: ApplyParams) {
  return count(
    tx,
    sql`
    with created as (
      insert into data_values (partnership_id, indicator_id, place_id, period, period_type, round_id,
        organisation_id, value, numerator, denominator, commentary, status, late, version, updated_by_user_id)
      select ${p.partnershipId}::uuid, s.indicator_id, s.place_id, s.period, s.period_type, r.id,
        i.responsible_organisation_id, s.value, s.numerator, s.denominator, s.commentary, ${p.status}::text,
        coalesce(r.due_on < ${p.today}::date, false), 1, ${p.userId}::uuid
      from ${table(name)} s
      join ${indicators} i on i.id = s.indicator_id
      left join collection_rounds r on r.partnership_id = ${p.partnershipId} and r.period = s.period
        and r.archived_at is null
      where not exists (
        select 1 from ${dataValues} d where d.partnership_id = ${p.partnershipId} and ${sameKey('s')}
      )
      returning id, version, value, numerator, denominator, commentary, status, late
    ), logged as (
      insert into data_value_versions (value_id, version, value, numerator, denominator, commentary, status,
        action, reason, late, recorded_by_user_id, recorded_by)
      select id, version, value, numerator, denominator, commentary, status, 'imported', ${p.reason}::text, late,
        ${p.userId}::uuid, ${p.label}::text
      from created
      returning 1
    )
    select count(*)::int as n from logged`,
  )
}

export async function stagedRows(tx: DbOrTx, name: string) {
  return count(tx, sql`select count(*)::int as n from ${table(name)}`)
}

// ---- Export --------------------------------------------------------------------------------

export interface ValueExportFilter {
  /** Only these canonical periods (a period and those within it). */
  periods?: string[]
  placeId?: string
  indicatorId?: string
  status?: string
}

/**
 * The partnership's indicators, by code, for the export's outer loop. Archived ones are left out
 * (an import would refuse their codes), as are values at archived places below.
 */
export async function indicatorsToExport(db: DbOrTx, partnershipId: string, indicatorId?: string) {
  return db
    .select({ id: indicators.id, code: indicators.code })
    .from(indicators)
    .where(
      and(
        inCatalogue(partnershipId),
        isNull(indicators.archivedAt),
        indicatorId ? eq(indicators.id, indicatorId) : undefined,
      ),
    )
    .orderBy(asc(indicators.code))
}

/**
 * One page of an indicator's values, by place GSS code then period, after the given position
 * (keyset paging: each page is a bounded query however many values there are).
 */
export async function valuesPage(
  db: DbOrTx,
  partnershipId: string,
  indicatorId: string,
  filter: ValueExportFilter,
  after: { gss: string; period: string } | undefined,
  limit: number,
) {
  return db
    .select({
      gss: places.gssCode,
      period: dataValues.period,
      value: dataValues.value,
      numerator: dataValues.numerator,
      denominator: dataValues.denominator,
      commentary: dataValues.commentary,
    })
    .from(dataValues)
    .innerJoin(places, eq(places.id, dataValues.placeId))
    .where(
      and(
        eq(dataValues.partnershipId, partnershipId),
        eq(dataValues.indicatorId, indicatorId),
        isNull(places.archivedAt),
        filter.periods ? inArray(dataValues.period, filter.periods) : undefined,
        filter.placeId ? eq(dataValues.placeId, filter.placeId) : undefined,
        filter.status ? eq(dataValues.status, filter.status) : undefined,
        after
          ? or(
              gt(places.gssCode, after.gss),
              and(eq(places.gssCode, after.gss), gt(dataValues.period, after.period)),
            )
          : undefined,
      ),
    )
    .orderBy(asc(places.gssCode), asc(dataValues.period))
    .limit(limit)
}

export async function indicatorByCode(db: DbOrTx, partnershipId: string, code: string) {
  const [row] = await db
    .select({ id: indicators.id, code: indicators.code })
    .from(indicators)
    .where(
      and(
        inCatalogue(partnershipId),
        sql`${codeKeySql(indicators.code)} = ${codeKey(code)}`,
        isNull(indicators.archivedAt),
      ),
    )
  return row
}
