import { and, eq, isNull } from 'drizzle-orm'
import type { DbOrTx } from '../../db/client.ts'
import { actions, organisations } from '../../db/schema/index.ts'

/** The partnership's live organisations (the money sheets name recipients and bodies by name). */
export function liveOrganisations(tx: DbOrTx, partnershipId: string) {
  return tx
    .select({ id: organisations.id, name: organisations.name })
    .from(organisations)
    .where(and(eq(organisations.partnershipId, partnershipId), isNull(organisations.archivedAt)))
}

/** The partnership's live actions by ref (an allocation may pay for one). */
export function actionRefs(tx: DbOrTx, partnershipId: string) {
  return tx
    .select({ id: actions.id, ref: actions.ref })
    .from(actions)
    .where(and(eq(actions.partnershipId, partnershipId), isNull(actions.archivedAt)))
}
