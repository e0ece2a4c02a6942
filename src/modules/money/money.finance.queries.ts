/** Money as at a moment, for the finance report: the protocol version, signatures, allocations, decisions then. */
import { and, desc, eq, gt, isNull, lte, or } from 'drizzle-orm'
import type { DbOrTx } from '../../db/client.ts'
import {
  allocations,
  commissioningDecisions,
  protocolSignatures,
  protocolVersions,
} from '../../db/schema/index.ts'

/** The protocol version published latest by `at`, if any. */
export async function versionAt(db: DbOrTx, partnershipId: string, at: Date) {
  const [row] = await db
    .select()
    .from(protocolVersions)
    .where(and(eq(protocolVersions.partnershipId, partnershipId), lte(protocolVersions.publishedAt, at)))
    .orderBy(desc(protocolVersions.version))
    .limit(1)
  return row
}

/** The signatures of a version made by `at`. */
export function signaturesAt(db: DbOrTx, versionId: string, at: Date) {
  return db
    .select()
    .from(protocolSignatures)
    .where(and(eq(protocolSignatures.protocolVersionId, versionId), lte(protocolSignatures.signedAt, at)))
}

/** The allocations (first-level and onward) of a year live at `at`: created by then, not archived then. */
export function allocationsAt(db: DbOrTx, partnershipId: string, year: string, at: Date) {
  return db
    .select()
    .from(allocations)
    .where(
      and(
        eq(allocations.partnershipId, partnershipId),
        eq(allocations.year, year),
        lte(allocations.createdAt, at),
        or(isNull(allocations.archivedAt), gt(allocations.archivedAt, at)),
      ),
    )
}

/** The commissioning decisions on record at `at` (recorded by then, not archived then), newest first. */
export function decisionsAt(db: DbOrTx, partnershipId: string, at: Date) {
  return db
    .select()
    .from(commissioningDecisions)
    .where(
      and(
        eq(commissioningDecisions.partnershipId, partnershipId),
        lte(commissioningDecisions.createdAt, at),
        or(isNull(commissioningDecisions.archivedAt), gt(commissioningDecisions.archivedAt, at)),
      ),
    )
    .orderBy(desc(commissioningDecisions.decidedOn), desc(commissioningDecisions.createdAt))
}
