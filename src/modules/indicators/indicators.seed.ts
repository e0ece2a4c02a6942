import type { DbOrTx } from '../../db/client.ts'
import { audit } from '../audit/audit.ts'
import type { Actor } from '../auth/actor.ts'
import * as q from './indicators.queries.ts'
import { REFERENCE_SOURCE, referenceIndicators } from './indicators.reference.ts'

/** Still to record: a title, a unit, a polarity or a frequency. */
export const isIncomplete = (i: {
  title?: string | null | undefined
  unit?: string | null | undefined
  polarity?: string | null | undefined
  frequency?: string | null | undefined
}) => !i.title || !i.unit || !i.polarity || !i.frequency

/**
 * Seed a partnership's catalogue with the National Indicator Set reference entries it does not
 * have yet, inside the caller's transaction. Idempotent: codes the partnership has (or archived)
 * are left alone. Returns how many were added.
 */
export async function seedCatalogue(tx: DbOrTx, actor: Actor, partnershipId: string): Promise<number> {
  const existing = await q.allCodes(tx, partnershipId)
  const missing = referenceIndicators().filter((r) => !existing.has(r.code.toLowerCase()))
  if (missing.length === 0) return 0
  const inserted = await q.insertIndicators(
    tx,
    missing.map((r) => ({
      partnershipId,
      code: r.code,
      title: r.title,
      set: 'nis',
      theme: r.theme,
      polarity: r.polarity,
      sourceUrl: r.sourceUrl,
      sourceNotes: r.sourceNotes,
      sourceTitleKind: r.sourceTitleKind,
      fromReference: true,
      withdrawn: r.withdrawn,
      // The reference gives no unit or frequency, so every seeded entry starts incomplete.
      incomplete: isIncomplete({ title: r.title, unit: null, polarity: r.polarity, frequency: null }),
    })),
  )
  await audit(tx, actor, {
    partnershipId,
    entityType: 'indicator_catalogue',
    entityId: partnershipId,
    action: 'seed',
    after: { added: inserted.length, codes: missing.map((r) => r.code), source: REFERENCE_SOURCE },
  })
  return inserted.length
}
