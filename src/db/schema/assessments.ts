import { sql } from 'drizzle-orm'
import {
  boolean,
  date,
  index,
  numeric,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core'
import { id } from './common.ts'

const num = (name: string) => numeric(name, { mode: 'number' })
const at = (name: string) => timestamp(name, { withTimezone: true })

/**
 * The stored assessment of one target at one place for one period: a cache of the pure rules
 * (src/modules/assessments/rules/engine.ts) that can always be rebuilt. It keeps its own history: a
 * recompute that changes a row closes it (`valid_to`) and inserts the new one (`valid_from`),
 * so the dashboard as at D reads `valid_from <= D < coalesce(valid_to, infinity)`.
 *
 * No foreign keys: rows are written only by the recompute, from ids it has just read, and the
 * whole table can be rebuilt (`goldthread reassess --all`). The four per-row checks cost almost
 * as much as the rows themselves on a national first assessment (3.8 s against 2.2 s without
 * them for 29,000 rows on PGlite), and they ran inside every value change's transaction.
 */
export const assessments = pgTable(
  'assessments',
  {
    id: id(),
    partnershipId: uuid('partnership_id').notNull(),
    targetId: uuid('target_id').notNull(),
    indicatorId: uuid('indicator_id').notNull(),
    placeId: uuid('place_id').notNull(),
    /** Canonical period text: `2008/09`, `2008/09 Q1`, `2008-04`. */
    period: text('period').notNull(),
    /** First day of the period, for ordering. */
    periodStart: date('period_start').notNull(),
    value: num('value'),
    /** entered | derived (from child places); null without a value */
    valueSource: text('value_source'),
    targetValue: num('target_value'),
    /** green | amber | red | no-target | no-data | n/a */
    status: text('status').notNull(),
    /** Against the previous period: improving | worsening | unchanged | n/a */
    direction: text('direction').notNull(),
    /** Against the target's baseline (own place only). */
    directionBaseline: text('direction_baseline').notNull(),
    /** Year-end forecast from the trend, and its rating against that year's target. */
    forecastValue: num('forecast_value'),
    forecastStatus: text('forecast_status').notNull(),
    /** Reward targets only: share of the stretch achieved, and the grant it earns. */
    rewardShare: num('reward_share'),
    rewardPayable: num('reward_payable'),
    needsPlan: boolean('needs_plan').notNull().default(false),
    /** The value (or one it is derived from) is submitted, not yet approved. */
    provisional: boolean('provisional').notNull().default(false),
    validFrom: at('valid_from').notNull(),
    validTo: at('valid_to'),
  },
  (t) => [
    uniqueIndex('assessments_current_key')
      .on(t.targetId, t.placeId, t.period)
      .where(sql`${t.validTo} is null`),
    index('assessments_partnership_idx').on(t.partnershipId, t.validFrom),
    index('assessments_target_idx').on(t.targetId, t.validFrom),
  ],
)
