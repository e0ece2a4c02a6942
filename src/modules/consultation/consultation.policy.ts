import { manager, member } from '../auth/policy.ts'

/**
 * Partners comment on drafts; the partnership's managers respond. Only members comment: the
 * public (who never sign in) see published progress, not drafts.
 */
export const consultationPolicy = {
  read: member,
  comment: member,
  /** Record a comment on someone's behalf (e.g. a letter from the Government Office). */
  commentOnBehalf: manager,
  respond: manager,
}
