import type { Tx } from '../../db/client.ts'
import { listOrganisations } from '../../modules/organisations/organisations.queries.ts'
import { organisationTypes } from '../../modules/organisations/organisations.schema.ts'
import type { OrganisationsService } from '../../modules/organisations/organisations.service.ts'
import { enumCell, textCell, yesNoCell } from '../cells.ts'
import { column, defineSheet, type Counts, type ImportEnv, type RecordOf, type SheetSpec } from '../sheets.ts'

const columns = {
  name: column(
    textCell({ required: true }),
    'The organisation’s name. A name already in the partnership (whatever its case) updates it',
    { required: true },
  ),
  type: column(enumCell(organisationTypes, { required: true }), `One of ${organisationTypes.join(', ')}`, {
    required: true,
  }),
  duty_to_cooperate: column(
    yesNoCell(),
    'yes if it is a named partner under the statutory duty to co-operate (blank means no)',
  ),
}

type OrganisationRecord = RecordOf<typeof columns>

export const organisationsSpec: SheetSpec<typeof columns> = {
  name: 'Organisations',
  description: 'The partnership’s partner organisations, matched by name.',
  columns,
}

function organisationsImport(organisations: OrganisationsService, env: ImportEnv) {
  const sheet = organisationsSpec.name
  const rows: { row: number; rec: OrganisationRecord }[] = []
  const byName = new Map<string, number>()
  return {
    add(row: number, rec: OrganisationRecord) {
      const key = rec.name.toLowerCase()
      const first = byName.get(key)
      if (first !== undefined) {
        env.report.problem({
          sheet,
          row,
          column: 'name',
          message: `${rec.name} appears more than once in this sheet (first at row ${first})`,
        })
        return
      }
      byName.set(key, row)
      rows.push({ row, rec })
    },

    async check() {},

    async apply(tx: Tx): Promise<Counts> {
      const counts = { created: 0, updated: 0, unchanged: 0 }
      for (const { rec } of rows) {
        const done = await organisations.upsertByName(tx, env.actor, env.partnershipId, {
          name: rec.name,
          type: rec.type,
          dutyToCooperate: rec.duty_to_cooperate,
        })
        counts[done ?? 'unchanged']++
      }
      return counts
    },
  }
}

export const organisationsSheet = (organisations: OrganisationsService) =>
  defineSheet({
    ...organisationsSpec,
    importer: (env) => organisationsImport(organisations, env),
    async *rows(db, partnershipId) {
      for (const o of await listOrganisations(db, partnershipId))
        yield { name: o.name, type: o.type, duty_to_cooperate: o.dutyToCooperate }
    },
  })
