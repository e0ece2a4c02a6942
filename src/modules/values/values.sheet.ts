import { roles } from '../auth/policy.ts'
import { valueExportFilters, valuesForExport } from './values.export.ts'
import { valuePolicy } from './values.policy.ts'
import { createValuesImport, type ValuesImportDeps } from './values.import.ts'
import { gssCell, numberCell, textCell } from '../../workbook/cells.ts'
import { column, type SheetSpec } from '../../workbook/sheets.ts'
import { defineSheet } from '../workbook/sheet.ts'

const columns = {
  indicator_code: column(textCell({ required: true, max: 30 }), 'The indicator’s code, like NI 135', {
    required: true,
  }),
  place_gss: column(gssCell(), 'The place’s GSS code; blank means the partnership’s area'),
  period: column(
    textCell({ required: true, max: 20 }),
    'The period the value is for, matching the indicator’s frequency: 2008/09, 2008/09 Q1 or 2008-04',
    { required: true },
  ),
  value: column(
    numberCell(),
    'The value, in the indicator’s unit (45.2 for 45.2%). Or leave it blank and give the numerator and denominator; given beside them, it must match them at the precision shown (35.83 for 22931 / 640000 per 1,000)',
  ),
  numerator: column(
    numberCell(),
    'For percentages, rates and ratios: the numerator, from which the value is worked out',
  ),
  denominator: column(numberCell(), 'With the numerator: the denominator (more than 0)'),
  commentary: column(textCell({ max: 4000 }), 'What explains the figure (shown beside it in reports)'),
}

export const valuesSpec: SheetSpec<typeof columns> = {
  name: 'Values',
  description:
    'Performance data: one value per indicator, place and period. Imported values are submitted for approval; a value already approved cannot be changed by an import.',
  columns,
}

/** Data providers import values of their own organisation’s indicators (checked per row). */
const importers = roles('admin', 'performance_officer', 'data_provider')

export const valuesSheet = (deps: ValuesImportDeps) =>
  defineSheet({
    ...valuesSpec,
    importPolicy: importers,
    exportPolicy: valuePolicy.read,
    filters: valueExportFilters,
    importer: (env) => createValuesImport(env, deps),
    rows: (db, partnershipId, filters) => valuesForExport(db, partnershipId, filters),
  })
