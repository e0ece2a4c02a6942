import { manager, member, roles } from '../auth/policy.ts'

/**
 * Everyone in the partnership reads the strategy; managers (admin, performance officer) shape it.
 * Outcome leads may also change the statement of outcomes they lead (checked per node in the
 * service, see `mayEditStatement`).
 */
export const strategyPolicy = {
  read: member,
  edit: manager,
  /**
   * At the door of a node's wording: managers, and outcome leads, whom the service then lets change
   * only the statement and rationale of the outcomes they lead (`mayEditStatement`).
   */
  editStatement: roles('admin', 'performance_officer', 'outcome_lead'),
}
