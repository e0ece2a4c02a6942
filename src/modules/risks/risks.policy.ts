import { manager, member, roles } from '../auth/policy.ts'

/**
 * The risk register. Everyone in the partnership reads it (scrutiny and the government office
 * included). Managers keep every risk; an outcome lead is let in at the door and the service
 * decides record by record: the risks they own, or of the outcomes (and those outcomes' targets)
 * they lead. The board sets the appetite per category: board members, and managers recording it
 * for the board. Workshops (the area-based risk assessment) are kept by managers.
 */
export const riskPolicy = {
  read: member,
  edit: roles('admin', 'performance_officer', 'outcome_lead'),
  archive: manager,
  setAppetite: roles('admin', 'performance_officer', 'board_member'),
  workshops: manager,
}
