import { manager, member } from '../auth/policy.ts'

/**
 * Everyone in the partnership reads the strategy; managers (admin, performance officer) shape it.
 * Outcome leads may also change the statement of outcomes they lead (checked per node in the
 * service, see `mayEditStatement`).
 */
export const strategyPolicy = {
  read: member,
  edit: manager,
}
