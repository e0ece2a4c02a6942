import { and, asc, desc, eq, gt, inArray, isNull, lte, or } from 'drizzle-orm'
import { alias } from 'drizzle-orm/pg-core'
import type { DbOrTx } from '../../db/client.ts'
import {
  directoryEntries,
  organisations,
  partnerships,
  people,
  strategyNodes,
  strategyVersions,
} from '../../db/schema/index.ts'

export type EntryRow = typeof directoryEntries.$inferSelect
export type EntryInsert = typeof directoryEntries.$inferInsert

const leadOrg = alias(organisations, 'lead_org')

/**
 * Live entries of a version's live nodes (or of one node), with the names of whoever fills each
 * role; with `at`, the entries live then (created by then, not archived by then).
 */
export async function listEntriesOfVersion(db: DbOrTx, versionId: string, nodeId?: string, at?: Date) {
  return db
    .select({
      entry: directoryEntries,
      personName: people.name,
      personEmail: people.email,
      personJobTitle: people.jobTitle,
      personUserId: people.userId,
      personOrganisation: organisations.name,
      organisationName: leadOrg.name,
      partnershipName: partnerships.name,
    })
    .from(directoryEntries)
    .innerJoin(strategyNodes, eq(strategyNodes.id, directoryEntries.nodeId))
    .leftJoin(people, eq(people.id, directoryEntries.personId))
    .leftJoin(organisations, eq(organisations.id, people.organisationId))
    .leftJoin(leadOrg, eq(leadOrg.id, directoryEntries.organisationId))
    .leftJoin(partnerships, eq(partnerships.id, directoryEntries.leadPartnershipId))
    .where(
      and(
        eq(strategyNodes.versionId, versionId),
        nodeId ? eq(strategyNodes.id, nodeId) : undefined,
        isNull(strategyNodes.archivedAt),
        at
          ? and(
              lte(directoryEntries.createdAt, at),
              or(isNull(directoryEntries.archivedAt), gt(directoryEntries.archivedAt, at)),
            )
          : isNull(directoryEntries.archivedAt),
      ),
    )
}

/** The strategy version current at `at`: the newest made by then and not archived by then. */
export async function versionAt(db: DbOrTx, partnershipId: string, at: Date) {
  const [row] = await db
    .select()
    .from(strategyVersions)
    .where(
      and(
        eq(strategyVersions.partnershipId, partnershipId),
        lte(strategyVersions.createdAt, at),
        or(isNull(strategyVersions.archivedAt), gt(strategyVersions.archivedAt, at)),
      ),
    )
    .orderBy(desc(strategyVersions.number))
    .limit(1)
  return row
}

export type EntryWithNames = Awaited<ReturnType<typeof listEntriesOfVersion>>[number]

export async function entriesOfNode(db: DbOrTx, nodeId: string) {
  return db
    .select()
    .from(directoryEntries)
    .where(and(eq(directoryEntries.nodeId, nodeId), isNull(directoryEntries.archivedAt)))
}

/** Raw live entries of a version (for copying into a new version). */
export async function rawEntriesOfVersion(db: DbOrTx, versionId: string) {
  return db
    .select({ entry: directoryEntries })
    .from(directoryEntries)
    .innerJoin(strategyNodes, eq(strategyNodes.id, directoryEntries.nodeId))
    .where(
      and(
        eq(strategyNodes.versionId, versionId),
        isNull(strategyNodes.archivedAt),
        isNull(directoryEntries.archivedAt),
      ),
    )
}

export async function insertEntries(db: DbOrTx, values: EntryInsert[]) {
  const out: EntryRow[] = []
  for (let i = 0; i < values.length; i += 500)
    out.push(
      ...(await db
        .insert(directoryEntries)
        .values(values.slice(i, i + 500))
        .returning()),
    )
  return out
}

/** Archive entries as of `at` (the service's clock). */
export async function archiveEntries(db: DbOrTx, ids: string[], at: Date) {
  if (ids.length === 0) return []
  return db
    .update(directoryEntries)
    .set({ archivedAt: at, updatedAt: new Date() })
    .where(inArray(directoryEntries.id, ids))
    .returning()
}

/** Nodes (ids) whose outcome lead is one of the given people. */
export async function nodesLedBy(db: DbOrTx, personIds: string[]) {
  if (personIds.length === 0) return []
  const rows = await db
    .select({ nodeId: directoryEntries.nodeId })
    .from(directoryEntries)
    .where(
      and(
        inArray(directoryEntries.personId, personIds),
        eq(directoryEntries.role, 'outcome_lead'),
        isNull(directoryEntries.archivedAt),
      ),
    )
  return rows.map((r) => r.nodeId)
}

/** The people records of a signed-in user in a partnership. */
export async function peopleOfUser(db: DbOrTx, partnershipId: string, userId: string) {
  const rows = await db
    .select({ id: people.id })
    .from(people)
    .where(and(eq(people.partnershipId, partnershipId), eq(people.userId, userId), isNull(people.archivedAt)))
  return rows.map((r) => r.id)
}

/** Who may fill a role: the partnership's live people, organisations and partnerships. */
export async function candidates(db: DbOrTx, partnershipId: string) {
  const [persons, orgs, self, children] = await Promise.all([
    db
      .select({ id: people.id, name: people.name, organisation: organisations.name, email: people.email })
      .from(people)
      .leftJoin(organisations, eq(organisations.id, people.organisationId))
      .where(and(eq(people.partnershipId, partnershipId), isNull(people.archivedAt)))
      .orderBy(asc(people.name)),
    db
      .select({ id: organisations.id, name: organisations.name })
      .from(organisations)
      .where(and(eq(organisations.partnershipId, partnershipId), isNull(organisations.archivedAt)))
      .orderBy(asc(organisations.name)),
    db
      .select({ id: partnerships.id, name: partnerships.name })
      .from(partnerships)
      .where(eq(partnerships.id, partnershipId)),
    db
      .select({ id: partnerships.id, name: partnerships.name })
      .from(partnerships)
      .where(and(eq(partnerships.parentId, partnershipId), isNull(partnerships.archivedAt)))
      .orderBy(asc(partnerships.name)),
  ])
  return { people: persons, organisations: orgs, partnerships: [...self, ...children] }
}
