import { z } from 'zod'
import { idParams } from '../../lib/pages.ts'

/**
 * The dashboard pages' addresses. Query fields are free text, as the pages have always read them
 * (a repeated one is ignored rather than an error page); the as-at date is checked by the
 * assessments service, which says what is wrong with it.
 */
const text = z.string().optional().catch(undefined)

export const asAtQuery = z.object({ 'as-at': text })

/** The targets list: filters and sort. Unknown values filter nothing out or sort by code. */
export const targetsQuery = asAtQuery.extend({
  place: text,
  theme: text,
  kind: text,
  status: text,
  sort: text,
})

/** One target's assessment, and its places in a period. */
export const targetParams = idParams
export const placesQuery = asAtQuery.extend({ period: text })
