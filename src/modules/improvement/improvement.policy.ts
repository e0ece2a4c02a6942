import { manager, member, roles } from '../auth/policy.ts'

/**
 * Everyone in the partnership reads improvement plans (002 §23: a clear process for addressing
 * failure). Managers edit any; an outcome lead edits the plans they own or whose target is linked
 * to an outcome they lead (decided record by record in the service). Performance officers and
 * administrators sign a plan off. Plans are opened and closed by the system, never by hand.
 */
export const improvementPolicy = {
  read: member,
  edit: roles('admin', 'performance_officer', 'outcome_lead'),
  /** Choose who owns a plan. */
  assign: manager,
  signOff: manager,
}
