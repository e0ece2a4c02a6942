import { member, roles } from '../auth/policy.ts'

/**
 * Outcome leads, performance officers and administrators escalate to the board; board members
 * (and administrators) record its decision. Whoever raised an escalation may withdraw it, as may
 * a performance officer or administrator: outcome leads are let in at the door and the service
 * checks they raised it. Every member reads the log.
 */
export const escalationPolicy = {
  read: member,
  raise: roles('admin', 'performance_officer', 'outcome_lead'),
  decide: roles('admin', 'board_member'),
  withdraw: roles('admin', 'performance_officer', 'outcome_lead'),
  /** Withdraw anyone's escalation, not only one's own. */
  withdrawAny: roles('admin', 'performance_officer'),
}
