import { manager, member } from '../auth/policy.ts'

export const assessmentPolicy = {
  read: member,
  /** Rebuild the stored assessments from the data. */
  reassess: manager,
}
