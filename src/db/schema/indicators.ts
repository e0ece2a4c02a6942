import { sql } from 'drizzle-orm'
import { boolean, index, integer, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { id, timestamps } from './common.ts'
import { organisations, partnerships } from './partnerships.ts'

/**
 * An indicator catalogue entry (002 §23 "indicators/targets defined by metadata"). National
 * indicators (`partnership_id` null) are defined once for the installation and kept by system
 * administrators, seeded with what is known of the National Indicator Set; seeded entries keep
 * their source and may lack a title or metadata (`incomplete`) — nothing is invented. A
 * partnership's catalogue is the national entries and its own local ones.
 */
export const indicators = pgTable(
  'indicators',
  {
    id: id(),
    /** Null for a national indicator, shared by every partnership. */
    partnershipId: uuid('partnership_id').references(() => partnerships.id),
    /** `NI 135`, `L 01`, `BV 199a`: unique in the partnership, and among national ones (case-insensitive). */
    code: text('code').notNull(),
    /** Null when no source gives it ("Title not yet recorded"). */
    title: text('title'),
    /** nis | local | other (legacy BVPI/PAF and the rest) */
    set: text('set').notNull(),
    theme: text('theme'),
    definition: text('definition'),
    numerator: text('numerator'),
    denominator: text('denominator'),
    /** percent | count | rate | money | score | ratio; null until recorded */
    unit: text('unit'),
    /** For `rate`: per how many (e.g. 1000). */
    ratePer: integer('rate_per'),
    /** higher | lower | neither; null until recorded */
    polarity: text('polarity'),
    /** monthly | quarterly | annual; null until recorded */
    frequency: text('frequency'),
    /** How values combine across places: sum | ratio | none */
    combine: text('combine').notNull().default('none'),
    /** snapshot | cumulative; null: the default for the unit (assessment.md). */
    accumulation: text('accumulation'),
    /** Decimal places shown; null: the default for the unit (0 count, 2 money, 1 otherwise). */
    decimals: integer('decimals'),
    dataSource: text('data_source'),
    /** Months between the end of a period and its figure being available (local ones; national: `partnership_indicators`). */
    lagMonths: integer('lag_months'),
    responsibleOrganisationId: uuid('responsible_organisation_id').references(() => organisations.id),
    /** Where the entry came from (a URL for seeded entries). */
    sourceUrl: text('source_url'),
    sourceNotes: text('source_notes'),
    /** How the source gave the title: "label in LAA doc", "code only"… */
    sourceTitleKind: text('source_title_kind'),
    /** Seeded from the reference list rather than typed or imported by the partnership. */
    fromReference: boolean('from_reference').notNull().default(false),
    /** Title, unit, polarity or frequency still to be recorded. Kept in step by the service. */
    incomplete: boolean('incomplete').notNull().default(false),
    /** Dropped from its set (e.g. NI 31); kept so history reads, not offered for new targets. */
    withdrawn: boolean('withdrawn').notNull().default(false),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('indicators_partnership_code_key')
      .on(t.partnershipId, sql`lower(${t.code})`)
      .where(sql`${t.archivedAt} is null`),
    uniqueIndex('indicators_national_code_key')
      .on(sql`lower(${t.code})`)
      .where(sql`${t.partnershipId} is null and ${t.archivedAt} is null`),
    index('indicators_partnership_idx').on(t.partnershipId, t.set),
  ],
)

/**
 * What a partnership records about a national indicator it uses: who reports it and its lag,
 * which differ from one partnership to another.
 */
export const partnershipIndicators = pgTable(
  'partnership_indicators',
  {
    partnershipId: uuid('partnership_id')
      .notNull()
      .references(() => partnerships.id),
    indicatorId: uuid('indicator_id')
      .notNull()
      .references(() => indicators.id),
    responsibleOrganisationId: uuid('responsible_organisation_id').references(() => organisations.id),
    lagMonths: integer('lag_months'),
    createdAt: timestamps.createdAt,
    updatedAt: timestamps.updatedAt,
  },
  (t) => [primaryKey({ columns: [t.partnershipId, t.indicatorId] })],
)
