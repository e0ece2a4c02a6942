import { and, inArray } from 'drizzle-orm'
import type { DbOrTx } from '../../db/client.ts'
import { targetOutcomes } from '../../db/schema/index.ts'
import { validAt } from '../../db/valid-at.ts'

/** targetId → outcome keys linked now (or at `at`). */
export async function outcomeKeysFor(db: DbOrTx, targetIds: string[], at?: Date) {
  const map = new Map<string, string[]>()
  if (targetIds.length === 0) return map
  const rows = await db
    .select({ targetId: targetOutcomes.targetId, key: targetOutcomes.outcomeKey, id: targetOutcomes.id })
    .from(targetOutcomes)
    .where(and(inArray(targetOutcomes.targetId, targetIds), validAt(targetOutcomes, at)))
  for (const r of rows) map.set(r.targetId, [...(map.get(r.targetId) ?? []), r.key])
  return map
}

export async function currentOutcomeRows(db: DbOrTx, targetId: string) {
  return db
    .select()
    .from(targetOutcomes)
    .where(and(inArray(targetOutcomes.targetId, [targetId]), validAt(targetOutcomes)))
}

export async function supersedeOutcomeRows(db: DbOrTx, ids: string[], at: Date) {
  if (ids.length === 0) return
  await db.update(targetOutcomes).set({ supersededAt: at }).where(inArray(targetOutcomes.id, ids))
}

export async function insertOutcomeRows(db: DbOrTx, targetId: string, keys: string[], at: Date) {
  if (keys.length === 0) return
  await db.insert(targetOutcomes).values(keys.map((outcomeKey) => ({ targetId, outcomeKey, recordedAt: at })))
}
