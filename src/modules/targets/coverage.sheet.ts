import type { AgreementsService } from '../agreements/agreements.service.ts'
import type { StrategyService } from '../strategy/strategy.service.ts'
import { computeCoverage } from './coverage.ts'
import { outcomeKeysFor } from './outcomes.queries.ts'
import { targetPolicy } from './targets.policy.ts'
import { listTargets } from './targets.queries.ts'
import { numberCell, textCell } from '../../workbook/cells.ts'
import { column, type SheetSpec } from '../../workbook/sheets.ts'
import { defineSheet } from '../workbook/sheet.ts'

const columns = {
  ref: column(textCell(), 'The theme’s or outcome’s ref'),
  title: column(textCell({ max: 300 }), 'Its title'),
  kind: column(textCell(), 'theme, outcome or sub-outcome'),
  targets: column(numberCell(), 'Targets of the current agreement serving it or anything beneath it'),
  indicator_codes: column(textCell({ max: 4000 }), 'Their indicators, separated by ;'),
}

export const coverageSpec: SheetSpec<typeof columns> = {
  name: 'Coverage',
  description: 'Derived: how the current agreement’s targets cover the strategy. Exported only.',
  columns,
  exportOnly: true,
}

export interface CoverageSheetDeps {
  agreements: Pick<AgreementsService, 'findCurrent'>
  strategy: Pick<StrategyService, 'findCurrentNodes'>
}

export const coverageSheet = ({ agreements, strategy }: CoverageSheetDeps) =>
  defineSheet({
    ...coverageSpec,
    exportPolicy: targetPolicy.read,
    async *rows(db, partnershipId) {
      const agreement = await agreements.findCurrent(db, partnershipId)
      const nodes = await strategy.findCurrentNodes(db, partnershipId)
      const list = agreement ? await listTargets(db, partnershipId, agreement.id) : []
      const keys = await outcomeKeysFor(
        db,
        list.map((t) => t.target.id),
      )
      const c = computeCoverage(
        nodes,
        list.map((t) => ({
          id: t.target.id,
          code: t.indicator.code,
          title: t.indicator.title,
          kind: t.version.kind,
          status: t.version.status,
          outcomeKeys: keys.get(t.target.id) ?? [],
        })),
      )
      for (const n of c.nodes)
        yield {
          ref: n.ref,
          title: n.title,
          kind: n.kind === 'sub_outcome' ? 'sub-outcome' : n.kind,
          targets: n.targets.length,
          indicator_codes: n.targets.map((t) => t.code).join('; '),
        }
    },
  })
