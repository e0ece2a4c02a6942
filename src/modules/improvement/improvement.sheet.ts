import { ukDate } from '../../lib/clock.ts'
import { listCell, textCell } from '../../workbook/cells.ts'
import { asyncRows, column, type SheetSpec } from '../../workbook/sheets.ts'
import { defineSheet } from '../workbook/sheet.ts'
import { improvementPolicy } from './improvement.policy.ts'
import { actionRefsOfPlans, listPlans } from './improvement.queries.ts'

const columns = {
  indicator_code: column(textCell(), 'The indicator of the flagged target'),
  place_gss: column(textCell(), 'The target’s place (GSS code)'),
  opened: column(textCell(), 'The date the plan opened (UK), like 2008-11-14'),
  status: column(textCell(), 'open or closed'),
  review_date: column(textCell(), 'The next review, like 2009-03-31'),
  owner: column(textCell(), 'The owner (usually the outcome lead), by name'),
  actions: column(listCell(), 'The refs of its actions, separated by ;'),
}

export const improvementPlansSpec: SheetSpec<typeof columns> = {
  name: 'ImprovementPlans',
  description:
    'Derived: the improvement plans opened for targets red two periods running, newest first. Exported only.',
  columns,
  exportOnly: true,
}

export const improvementPlansSheet = () =>
  defineSheet({
    ...improvementPlansSpec,
    exportPolicy: improvementPolicy.read,
    async rows(db, partnershipId) {
      const [plans, refs] = [await listPlans(db, partnershipId), await actionRefsOfPlans(db, partnershipId)]
      return asyncRows(
        (function* () {
          for (const p of plans)
            yield {
              indicator_code: p.indicatorCode,
              place_gss: p.placeGss,
              opened: ukDate(p.plan.openedAt),
              status: p.plan.status,
              review_date: p.plan.reviewOn,
              owner: p.ownerName,
              actions: (refs.get(p.plan.id) ?? []).join('; '),
            }
        })(),
      )
    },
  })
