import { and, asc, desc, eq } from 'drizzle-orm'
import type { DbOrTx } from '../../db/client.ts'
import { organisations, protocolSignatures, protocolVersions } from '../../db/schema/index.ts'

export type ProtocolVersionRow = typeof protocolVersions.$inferSelect
export type ProtocolSignatureRow = typeof protocolSignatures.$inferSelect

/** The latest version published, if any. */
export async function currentVersion(db: DbOrTx, partnershipId: string) {
  const [row] = await db
    .select()
    .from(protocolVersions)
    .where(eq(protocolVersions.partnershipId, partnershipId))
    .orderBy(desc(protocolVersions.version))
    .limit(1)
  return row
}

/** Every version, newest first. */
export function listVersions(db: DbOrTx, partnershipId: string) {
  return db
    .select()
    .from(protocolVersions)
    .where(eq(protocolVersions.partnershipId, partnershipId))
    .orderBy(desc(protocolVersions.version))
}

export async function insertVersion(db: DbOrTx, values: typeof protocolVersions.$inferInsert) {
  const [row] = await db.insert(protocolVersions).values(values).returning()
  return row!
}

export async function findSignature(db: DbOrTx, versionId: string, organisationId: string) {
  const [row] = await db
    .select()
    .from(protocolSignatures)
    .where(
      and(
        eq(protocolSignatures.protocolVersionId, versionId),
        eq(protocolSignatures.organisationId, organisationId),
      ),
    )
  return row
}

export async function insertSignature(db: DbOrTx, values: typeof protocolSignatures.$inferInsert) {
  const [row] = await db.insert(protocolSignatures).values(values).returning()
  return row!
}

/** The signatures of a version with the organisations' names, in the order they were signed. */
export async function signaturesOf(db: DbOrTx, versionId: string) {
  const rows = await db
    .select({ signature: protocolSignatures, organisationName: organisations.name })
    .from(protocolSignatures)
    .innerJoin(organisations, eq(organisations.id, protocolSignatures.organisationId))
    .where(eq(protocolSignatures.protocolVersionId, versionId))
    .orderBy(asc(protocolSignatures.signedAt), asc(organisations.name))
  return rows.map((r) => ({ ...r.signature, organisationName: r.organisationName }))
}
