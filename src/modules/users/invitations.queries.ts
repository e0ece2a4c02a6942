import { and, desc, eq, isNull } from 'drizzle-orm'
import { alias } from 'drizzle-orm/pg-core'
import type { DbOrTx } from '../../db/client.ts'
import { invitations, partnerships, users } from '../../db/schema/index.ts'

export type InvitationRow = typeof invitations.$inferSelect

const pending = and(
  isNull(invitations.acceptedAt),
  isNull(invitations.declinedAt),
  isNull(invitations.archivedAt),
)
const inviter = alias(users, 'inviter')

const listColumns = {
  id: invitations.id,
  partnershipId: invitations.partnershipId,
  email: invitations.email,
  role: invitations.role,
  organisationId: invitations.organisationId,
  invitedBy: invitations.invitedBy,
  invitedByName: inviter.name,
  createdAt: invitations.createdAt,
}

/** A partnership's invitations still waiting for an answer, newest first. */
export async function listPending(db: DbOrTx, partnershipId: string) {
  return db
    .select(listColumns)
    .from(invitations)
    .leftJoin(inviter, eq(inviter.id, invitations.invitedBy))
    .where(and(eq(invitations.partnershipId, partnershipId), pending))
    .orderBy(desc(invitations.createdAt))
}
export type PendingInvitation = Awaited<ReturnType<typeof listPending>>[number]

export async function findPending(db: DbOrTx, partnershipId: string, email: string) {
  const [row] = await db
    .select()
    .from(invitations)
    .where(and(eq(invitations.partnershipId, partnershipId), eq(invitations.email, email), pending))
  return row
}

/** Scoped by partnership: another partnership's invitation is simply not found. */
export async function findPendingById(db: DbOrTx, partnershipId: string, id: string) {
  const [row] = await db
    .select()
    .from(invitations)
    .where(and(eq(invitations.partnershipId, partnershipId), eq(invitations.id, id), pending))
  return row
}

/** Invitations waiting for whoever holds this (lower-cased) address, in live partnerships. */
export async function listPendingFor(db: DbOrTx, email: string) {
  return db
    .select({
      ...listColumns,
      partnershipName: partnerships.name,
      partnershipSlug: partnerships.slug,
    })
    .from(invitations)
    .innerJoin(partnerships, eq(partnerships.id, invitations.partnershipId))
    .leftJoin(inviter, eq(inviter.id, invitations.invitedBy))
    .where(and(eq(invitations.email, email), pending, isNull(partnerships.archivedAt)))
    .orderBy(desc(invitations.createdAt))
}
export type MyInvitation = Awaited<ReturnType<typeof listPendingFor>>[number]

export async function insertInvitation(db: DbOrTx, values: typeof invitations.$inferInsert) {
  const [row] = await db.insert(invitations).values(values).returning()
  return row!
}

/** Answer or withdraw a pending invitation; undefined when it was no longer pending. */
export async function closeInvitation(
  db: DbOrTx,
  id: string,
  values: Pick<Partial<InvitationRow>, 'acceptedAt' | 'declinedAt' | 'archivedAt'>,
) {
  const [row] = await db
    .update(invitations)
    .set(values)
    .where(and(eq(invitations.id, id), pending))
    .returning()
  return row
}
