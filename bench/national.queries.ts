/**
 * SQL that generates the national dataset of the assessment benchmark, set-wise: each step is
 * one `insert … select … from generate_series` over a group of partnerships, so a million
 * values cost a few statements. The shape (why these numbers) is described in
 * bench/assessment.bench.ts. Numbers come from `hashtext` of the row's key, so a run is
 * repeatable without a random seed.
 */
import { sql } from 'drizzle-orm'
import type { DbOrTx } from '../src/db/client.ts'

/** Targets per partnership by kind: the LAA2 shape (at most 35 designated, 001 §6). */
export const KINDS = [
  { kind: 'designated', count: 35 },
  { kind: 'mandatory', count: 17 },
  { kind: 'local', count: 10 },
  { kind: 'reward', count: 12 },
] as const
export const TARGETS_PER_PARTNERSHIP = KINDS.reduce((s, k) => s + k.count, 0)

const rowsOf = <T>(result: unknown) => (result as { rows: T[] }).rows

/** The bench partnerships numbered from..to (slug `bench-NNN`), as a CTE body. */
const group = (from: number, to: number) => sql`
  select id as pid, substring(slug from 7)::int as n from partnerships
  where slug like 'bench-%' and substring(slug from 7)::int between ${from} and ${to}`

/**
 * Each partnership's county (GSS E6…) with 4-10 districts (E7…), set as its area; the rest of
 * its catalogue up to NI 198, every entry completed as a quarterly indicator; and the agreement.
 */
export async function placesAndCatalogue(db: DbOrTx, from: number, to: number) {
  await db.execute(sql`
    insert into places (id, gss_code, name, type, path, depth)
    select id, 'E6' || lpad(n::text, 7, '0'), 'Bench county ' || n, 'area', '/' || id || '/', 0
    from (select gen_random_uuid() as id, n from (${group(from, to)}) g) x`)
  await db.execute(sql`
    update partnerships p set area_place_id = a.id
    from (${group(from, to)}) g join places a on a.gss_code = 'E6' || lpad(g.n::text, 7, '0')
    where p.id = g.pid`)
  await db.execute(sql`
    insert into places (id, gss_code, name, type, parent_id, path, depth)
    select id, 'E7' || lpad((n * 16 + k)::text, 7, '0'), 'Bench district ' || n || '-' || k, 'district',
      area_id, area_path || id || '/', 1
    from (
      select gen_random_uuid() as id, g.n, k, a.id as area_id, a.path as area_path
      from (${group(from, to)}) g
      join places a on a.gss_code = 'E6' || lpad(g.n::text, 7, '0')
      cross join lateral generate_series(1, 4 + (g.n * 5) % 7) k
    ) x`)
  await db.execute(sql`
    insert into indicators (partnership_id, code, title, set)
    select g.pid, 'NI ' || k, 'National indicator ' || k, 'nis'
    from (${group(from, to)}) g cross join generate_series(1, 198) k
    where not exists (
      select 1 from indicators i where i.partnership_id = g.pid and lower(i.code) = lower('NI ' || k))`)
  // A mix like the NIS: percentages (ratio of summed parts), counts (summed), scores (not combinable).
  await db.execute(sql`
    update indicators i set
      title = coalesce(i.title, 'National indicator ' || x.k),
      unit = case when x.k % 6 < 3 then 'percent' when x.k % 6 < 5 then 'count' else 'score' end,
      combine = case when x.k % 6 < 3 then 'ratio' when x.k % 6 < 5 then 'sum' else 'none' end,
      polarity = coalesce(i.polarity, case when x.k % 17 = 0 then 'neither' when x.k % 2 = 0 then 'higher'
        else 'lower' end),
      frequency = 'quarterly', incomplete = false
    from (
      select i.id, regexp_replace(i.code, '[^0-9]', '', 'g')::int as k
      from indicators i join (${group(from, to)}) g on g.pid = i.partnership_id
    ) x
    where i.id = x.id`)
  await db.execute(sql`
    insert into agreements (partnership_id, name, start_year, end_year, status)
    select pid, 'LAA 2008-2011', 2008, 2010, 'signed' from (${group(from, to)}) g`)
}

/**
 * TARGETS_PER_PARTNERSHIP targets on indicators picked per partnership, each with its version,
 * a trajectory per year at the area and, for one in five, per district too. Targets sit a
 * little better than the typical value so that the statuses are a mix of green, amber and red.
 */
export async function targets(db: DbOrTx, from: number, to: number) {
  await db.execute(sql`
    insert into targets (partnership_id, agreement_id, indicator_id)
    select x.partnership_id, a.id, x.id
    from (
      select i.partnership_id, i.id,
        row_number() over (partition by i.partnership_id order by md5(i.id::text)) as r
      from indicators i join (${group(from, to)}) g on g.pid = i.partnership_id
      where not i.withdrawn
    ) x
    join agreements a on a.partnership_id = x.partnership_id
    where x.r <= ${TARGETS_PER_PARTNERSHIP}`)
  const [d, m, l] = KINDS.map((k) => k.count)
  await db.execute(sql`
    insert into target_versions (target_id, version, kind, status, baseline_period, baseline_value,
      tolerance_percent, without_reward_value, stretch_value, reward_grant, recorded_at, recorded_by)
    select id, 1, kind, 'agreed', '2007/08', level, case when r % 4 = 0 then 10 else 5 end,
      case when kind = 'reward' then level end,
      case when kind = 'reward' then level * case when polarity = 'lower' then 0.9 else 1.1 end end,
      case when kind = 'reward' then 250000 + 50000 * (r % 5) end,
      now(), 'bench'
    from (
      select t.id, i.polarity, t.r, ${areaLevel} as level,
        case when t.r <= ${d} then 'designated' when t.r <= ${d! + m!} then 'mandatory'
          when t.r <= ${d! + m! + l!} then 'local' else 'reward' end as kind
      from ${targetsOf(from, to)}
    ) x`)
  const better = sql`case when i.polarity = 'lower' then 0.98 - 0.02 * y else 1.02 + 0.02 * y end`
  await db.execute(sql`
    insert into target_trajectories (target_id, period, period_type, period_start, value, recorded_at,
      recorded_by)
    select t.id, (2008 + y) || '/' || lpad(((2009 + y) % 100)::text, 2, '0'), 'year',
      make_date(2008 + y, 4, 1), round(${areaLevel} * ${better}, 2), now(), 'bench'
    from ${targetsOf(from, to)} cross join generate_series(0, 2) y`)
  await db.execute(sql`
    insert into target_trajectories (target_id, place_id, period, period_type, period_start, value,
      recorded_at, recorded_by)
    select t.id, d.id, (2008 + y) || '/' || lpad(((2009 + y) % 100)::text, 2, '0'), 'year',
      make_date(2008 + y, 4, 1), round(${districtLevel} * ${better}, 2), now(), 'bench'
    from ${targetsOf(from, to)}
    join places d on d.parent_id = p.area_place_id
    cross join generate_series(0, 2) y
    where t.r % 5 = 0`)
}

/** Targets of the group with their rank, indicator (`i`), partnership (`p`) and district count. */
const targetsOf = (from: number, to: number) => sql`(
  select t.*, row_number() over (partition by t.partnership_id order by t.id) as r from targets t
  join (${group(from, to)}) g on g.pid = t.partnership_id) t
  join indicators i on i.id = t.indicator_id
  join partnerships p on p.id = t.partnership_id
  join lateral (select count(*) as districts from places d where d.parent_id = p.area_place_id) c on true`

/** The typical value at a district and at the area (a sum for counts), by the indicator's code. */
const level = sql`(10 + (regexp_replace(i.code, '[^0-9]', '', 'g')::int * 37) % 80)`
const districtLevel = sql`case when i.unit = 'count' then ${level} * 10 else ${level} end`
const areaLevel = sql`case when i.unit = 'count' then ${level} * 10 * c.districts else ${level} end`

/**
 * Twelve quarters (2008/09 Q1 - 2010/11 Q4) of values at every district for every indicator of
 * the catalogue (or only those with targets), and at the county where the county's own figure
 * is reported (scores, and half the percentages); 5% drafts, a third submitted, the rest
 * approved. Each with its first history row, as an import writes it.
 */
export async function values(db: DbOrTx, from: number, to: number, opts: { everyIndicator: boolean }) {
  // One hash per indicator × place; each quarter steps through it.
  const noise = sql`((x.hp + q * 37) % 100) / 100.0`
  const status = sql`((x.hp / 100 + q * 53) % 100) / 100.0`
  await db.execute(sql`
    insert into data_values (partnership_id, indicator_id, place_id, period, period_type, value, numerator,
      denominator, status, version)
    select x.partnership_id, x.indicator_id, x.place_id,
      (2008 + q / 4) || '/' || lpad(((2009 + q / 4) % 100)::text, 2, '0') || ' Q' || (q % 4 + 1), 'quarter',
      case when x.unit = 'percent' then round(round(x.lvl * (0.85 + 0.3 * ${noise}) * x.den / 100.0) * 100.0 / x.den, 4)
        else round(x.dlvl * (0.85 + 0.3 * ${noise} + 0.004 * q), 1) end,
      case when x.unit = 'percent' then round(x.lvl * (0.85 + 0.3 * ${noise}) * x.den / 100.0) end,
      case when x.unit = 'percent' then x.den end,
      case when ${status} < 0.05 then 'draft' when ${status} < 0.38 then 'submitted' else 'approved' end, 1
    from (
      select i.partnership_id, i.id as indicator_id, pl.place_id, i.unit, pl.den,
        ${level} as lvl, ${districtLevel} as dlvl, abs(hashtext(pl.place_id::text || i.id::text)) as hp
      from indicators i
      join (
        select g.pid, d.id as place_id, d.depth, 400 + 10 * (abs(hashtext(d.id::text)) % 100) as den
        from (${group(from, to)}) g
        join partnerships p on p.id = g.pid
        join places d on d.parent_id = p.area_place_id or d.id = p.area_place_id
      ) pl on pl.pid = i.partnership_id
        and (pl.depth = 1 or i.combine = 'none' or (i.unit = 'percent' and i.code like '%0'))
      where not i.withdrawn and i.frequency = 'quarterly'
        and (${opts.everyIndicator} or exists (select 1 from targets t where t.indicator_id = i.id))
    ) x
    cross join generate_series(0, 11) q`)
  await db.execute(sql`
    insert into data_value_versions (value_id, version, value, numerator, denominator, status, action,
      reason, recorded_by)
    select v.id, 1, v.value, v.numerator, v.denominator, v.status, 'imported', 'Bench dataset', 'bench'
    from data_values v join (${group(from, to)}) g on g.pid = v.partnership_id`)
}

/** Refresh the planner's statistics after the load, as autovacuum would in time. */
export async function analyze(db: DbOrTx) {
  await db.execute(sql`analyze`)
}

/** How many values the reassessment reads, and how many the database holds. */
export async function counts(db: DbOrTx) {
  const [row] = rowsOf<{ values: number; read: number; targets: number; places: number }>(
    await db.execute(sql`
      select (select count(*)::int from data_values) as values,
        (select count(*)::int from data_values v where exists (
          select 1 from targets t where t.partnership_id = v.partnership_id and t.indicator_id = v.indicator_id
            and t.archived_at is null)) as read,
        (select count(*)::int from targets) as targets,
        (select count(*)::int from places) as places`),
  )
  return row!
}

/** Live assessments stored now. */
export async function storedCount(db: DbOrTx) {
  const [row] = rowsOf<{ n: number }>(
    await db.execute(sql`select count(*)::int as n from assessments where valid_to is null`),
  )
  return row!.n
}

/**
 * The raw scan the reassessment is compared with: the value rows it reads (the counted values
 * of every target indicator in the partnership; all periods are the agreement's), read to the
 * client by one plain query.
 */
export async function rawValueScan(db: DbOrTx, partnershipId: string) {
  return rowsOf<unknown>(
    await db.execute(sql`
      select v.indicator_id, v.place_id, v.period, v.value, v.numerator, v.denominator, v.status
      from data_values v
      where v.partnership_id = ${partnershipId} and v.status in ('submitted', 'approved')
        and v.indicator_id in (select t.indicator_id from targets t where t.partnership_id = ${partnershipId})`),
  ).length
}

/**
 * A submitted district value of one of the partnership's targets (so the county is re-derived),
 * with what the stored assessment will say once it is saved. Its indicator is a count, so
 * cumulative (assessment.md, "Snapshot or cumulative"): the stored figure is the year to date,
 * the sum of the year's quarters so far at that place, null when one of them is not counted (a
 * draft). So the value is picked with every earlier quarter of its year counted, and `earlier`
 * is their sum: the assessment of its period must say `earlier` + the saved figure.
 */
export async function someTargetValue(db: DbOrTx, partnershipId: string, offset: number) {
  const [row] = rowsOf<{
    indicator_id: string
    place_id: string
    period: string
    version: number
    earlier: string
  }>(
    await db.execute(sql`
      select v.indicator_id, v.place_id, v.period, v.version, y.earlier from data_values v
      join targets t on t.partnership_id = v.partnership_id and t.indicator_id = v.indicator_id
      join places pl on pl.id = v.place_id and pl.depth = 1
      join indicators i on i.id = v.indicator_id and i.unit = 'count'
      cross join lateral (
        select coalesce(sum(d.value), 0) as earlier, count(*) as counted from data_values d
        where d.partnership_id = v.partnership_id and d.indicator_id = v.indicator_id
          and d.place_id = v.place_id and d.status in ('submitted', 'approved')
          and d.period like split_part(v.period, ' ', 1) || ' Q_' and d.period < v.period
      ) y
      where v.partnership_id = ${partnershipId} and v.status = 'submitted'
        and y.counted = right(v.period, 1)::int - 1
      order by v.id offset ${offset} limit 1`),
  )
  return { ...row!, earlier: Number(row!.earlier) }
}

/** The value the stored assessment of that place and period says now (every target of the indicator). */
export async function assessedValues(
  db: DbOrTx,
  key: { indicator_id: string; place_id: string; period: string },
) {
  return rowsOf<{ value: string | null }>(
    await db.execute(sql`
      select value from assessments
      where indicator_id = ${key.indicator_id} and place_id = ${key.place_id} and period = ${key.period}
        and valid_to is null`),
  ).map((r) => (r.value === null ? null : Number(r.value)))
}
