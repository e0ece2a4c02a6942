import { manager, member } from '../auth/policy.ts'

/** Anyone in the partnership reads the catalogue; its managers keep its local entries and what it records of national ones. */
export const indicatorPolicy = {
  read: member,
  create: manager,
  update: manager,
  archive: manager,
}
