import type { DbOrTx } from '../../db/client.ts'
import { audit } from '../audit/audit.ts'
import { type Actor, systemActor } from '../auth/actor.ts'
import * as q from './indicators.queries.ts'
import { REFERENCE_SOURCE, referenceIndicators } from './indicators.reference.ts'
import { codeKey } from './indicators.schema.ts'

/** Still to record: a title, a unit, a polarity or a frequency. */
export const isIncomplete = (i: {
  title?: string | null | undefined
  unit?: string | null | undefined
  polarity?: string | null | undefined
  frequency?: string | null | undefined
}) => !i.title || !i.unit || !i.polarity || !i.frequency

/**
 * Seed the installation's national indicators with the National Indicator Set reference entries
 * it does not have yet (run after migrating, at every start-up). Idempotent: national codes
 * already there (or archived) are left alone. Returns how many were added.
 */
export async function seedNational(tx: DbOrTx, actor: Actor = systemActor('seed')): Promise<number> {
  const existing = await q.nationalCodes(tx)
  const missing = referenceIndicators().filter((r) => !existing.has(codeKey(r.code)))
  if (missing.length === 0) return 0
  const inserted = await q.insertIndicators(
    tx,
    missing.map((r) => ({
      partnershipId: null,
      code: r.code,
      title: r.title,
      set: 'nis',
      theme: r.theme,
      unit: r.unit,
      polarity: r.polarity,
      sourceUrl: r.sourceUrl,
      sourceNotes: r.sourceNotes,
      sourceTitleKind: r.sourceTitleKind,
      fromReference: true,
      withdrawn: r.withdrawn,
      // The reference gives no frequency, so every seeded entry starts incomplete.
      incomplete: isIncomplete({ title: r.title, unit: r.unit, polarity: r.polarity, frequency: null }),
    })),
  )
  await audit(tx, actor, {
    partnershipId: null,
    entityType: 'indicator_catalogue',
    entityId: 'national',
    action: 'seed',
    after: { added: inserted.length, codes: missing.map((r) => r.code), source: REFERENCE_SOURCE },
  })
  return inserted.length
}
