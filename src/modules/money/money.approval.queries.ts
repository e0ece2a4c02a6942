import { eq } from 'drizzle-orm'
import type { DbOrTx } from '../../db/client.ts'
import { partnerships } from '../../db/schema/index.ts'

/** Whether the partnership lets whoever submitted a return approve it too (its settings; as for values). */
export async function allowsSelfApproval(db: DbOrTx, partnershipId: string) {
  const [row] = await db
    .select({ allow: partnerships.allowSelfApproval })
    .from(partnerships)
    .where(eq(partnerships.id, partnershipId))
  return row?.allow ?? false
}
