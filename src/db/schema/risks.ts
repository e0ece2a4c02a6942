import { sql } from 'drizzle-orm'
import { check, date, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { id, timestamps } from './common.ts'
import { organisations, partnerships, people } from './partnerships.ts'
import { targets } from './targets.ts'
import { refKey } from './delivery.ts'

const at = (name: string) => timestamp(name, { withTimezone: true })

/**
 * The risk register (002 §25, 001 §11-12): at partnership (no subject), theme/outcome
 * (`outcome_key`) or target level. Scores are 1-5 likelihood × 1-5 impact.
 */
export const risks = pgTable(
  'risks',
  {
    id: id(),
    partnershipId: uuid('partnership_id')
      .notNull()
      .references(() => partnerships.id),
    ref: text('ref').notNull(),
    title: text('title').notNull(),
    description: text('description'),
    targetId: uuid('target_id').references(() => targets.id),
    outcomeKey: uuid('outcome_key'),
    category: text('category'),
    ownerPersonId: uuid('owner_person_id').references(() => people.id),
    controls: text('controls'),
    inherentLikelihood: integer('inherent_likelihood'),
    inherentImpact: integer('inherent_impact'),
    likelihood: integer('likelihood').notNull(),
    impact: integer('impact').notNull(),
    targetLikelihood: integer('target_likelihood'),
    targetImpact: integer('target_impact'),
    reviewOn: date('review_on', { mode: 'string' }),
    /** open | closed */
    status: text('status').notNull().default('open'),
    /** The area-based risk assessment workshop it came from, if any. */
    workshopId: uuid('workshop_id'),
    ...timestamps,
  },
  (t) => [
    index('risks_partnership_idx').on(t.partnershipId),
    uniqueIndex('risks_partnership_ref_key')
      .on(t.partnershipId, refKey(t.ref))
      .where(sql`${t.archivedAt} is null`),
    check('risks_at_most_one_subject', sql`num_nonnulls(${t.targetId}, ${t.outcomeKey}) <= 1`),
    check(
      'risks_scores',
      sql`${t.likelihood} between 1 and 5 and ${t.impact} between 1 and 5
        and coalesce(${t.inherentLikelihood}, 1) between 1 and 5 and coalesce(${t.inherentImpact}, 1) between 1 and 5
        and coalesce(${t.targetLikelihood}, 1) between 1 and 5 and coalesce(${t.targetImpact}, 1) between 1 and 5`,
    ),
  ],
)

/** A review of a risk: its scores then (trend between reviews) and what was said. Append-only. */
export const riskReviews = pgTable(
  'risk_reviews',
  {
    id: id(),
    riskId: uuid('risk_id')
      .notNull()
      .references(() => risks.id),
    reviewedAt: at('reviewed_at').notNull(),
    reviewedBy: text('reviewed_by').notNull(),
    likelihood: integer('likelihood').notNull(),
    impact: integer('impact').notNull(),
    controls: text('controls'),
    status: text('status').notNull(),
    note: text('note'),
  },
  (t) => [index('risk_reviews_risk_idx').on(t.riskId, t.reviewedAt)],
)

/** The board's risk appetite for a category: risks scoring above it are highlighted. */
export const riskAppetites = pgTable(
  'risk_appetites',
  {
    id: id(),
    partnershipId: uuid('partnership_id')
      .notNull()
      .references(() => partnerships.id),
    category: text('category').notNull(),
    /** The highest acceptable current score (1-25). */
    maxScore: integer('max_score').notNull(),
    setBy: text('set_by').notNull(),
    setAt: at('set_at').notNull(),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('risk_appetites_category_key')
      .on(t.partnershipId, sql`lower(${t.category})`)
      .where(sql`${t.archivedAt} is null`),
    check('risk_appetites_score', sql`${t.maxScore} between 1 and 25`),
  ],
)

/** An area-based risk assessment, held as a workshop with the partners (001 §11-12). */
export const riskWorkshops = pgTable(
  'risk_workshops',
  {
    id: id(),
    partnershipId: uuid('partnership_id')
      .notNull()
      .references(() => partnerships.id),
    title: text('title').notNull(),
    heldOn: date('held_on', { mode: 'string' }).notNull(),
    notes: text('notes'),
    ...timestamps,
  },
  (t) => [index('risk_workshops_partnership_idx').on(t.partnershipId)],
)

/** A partner's own risk a workshop drew on. */
export const riskWorkshopSources = pgTable(
  'risk_workshop_sources',
  {
    id: id(),
    workshopId: uuid('workshop_id')
      .notNull()
      .references(() => riskWorkshops.id),
    organisationId: uuid('organisation_id').references(() => organisations.id),
    description: text('description').notNull(),
    ...timestamps,
  },
  (t) => [index('risk_workshop_sources_workshop_idx').on(t.workshopId)],
)
