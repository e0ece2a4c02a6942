import { manager, member } from '../auth/policy.ts'

export const agreementPolicy = {
  read: member,
  create: manager,
  update: manager,
  /** Record the sign-off (by the board and the government office, outside the system). */
  signOff: manager,
  archive: manager,
}
