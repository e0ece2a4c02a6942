import { manager, member } from '../auth/policy.ts'

/** Anyone in the partnership reads the catalogue; its managers keep it. */
export const indicatorPolicy = {
  read: member,
  create: manager,
  update: manager,
  archive: manager,
  seed: manager,
}
