import { member, roles } from '../auth/policy.ts'

/**
 * Reports. Everyone in the partnership reads its reports (board, scrutiny and the government
 * office included: they are who reports are for). Those who run the partnership's performance
 * generate them and keep its saved definitions: administrators, performance officers, outcome
 * leads and finance officers.
 */
const producers = roles('admin', 'performance_officer', 'outcome_lead', 'finance_officer')

export const reportPolicy = {
  read: member,
  generate: producers,
  manageDefinitions: producers,
}
