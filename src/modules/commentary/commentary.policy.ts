import { manager, member, roles } from '../auth/policy.ts'

/**
 * Everyone in the partnership reads commentary and outcome progress. Performance officers and
 * administrators write any; an outcome lead writes those of the outcomes they lead in the
 * directory (the service decides record by record). Managers ask for commentary when a round
 * closes and send reminders.
 */
export const commentaryPolicy = {
  read: member,
  write: roles('admin', 'performance_officer', 'outcome_lead'),
  manage: manager,
}
