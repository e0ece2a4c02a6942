import type { Tx } from '../../db/client.ts'
import { audit } from '../audit/audit.ts'
import type { Actor } from '../auth/actor.ts'
import * as q from './organisations.queries.ts'
import { organisationTypes, type OrganisationInput } from './organisations.schema.ts'
import { enumCell, textCell, yesNoCell } from '../../workbook/cells.ts'
import { column, type Counts, type RecordOf, type SheetSpec } from '../../workbook/sheets.ts'
import { defineSheet, type ImportEnv } from '../workbook/sheet.ts'

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

const entityType = 'organisation'

/**
 * Create or update by name inside the importer's transaction (it has authorised the sheet),
 * audited. Returns the action taken, or null when nothing changed.
 */
async function upsertByName(tx: Tx, actor: Actor, partnershipId: string, input: OrganisationInput) {
  const existing = await q.findOrganisationByName(tx, partnershipId, input.name)
  if (!existing) {
    const row = await q.insertOrganisation(tx, { partnershipId, ...input })
    await audit(tx, actor, { partnershipId, entityType, entityId: row.id, action: 'create', after: row })
    return 'created' as const
  }
  if (existing.type === input.type && existing.dutyToCooperate === input.dutyToCooperate) return null
  const row = await q.updateOrganisation(tx, existing.id, {
    type: input.type,
    dutyToCooperate: input.dutyToCooperate,
  })
  await audit(tx, actor, {
    partnershipId,
    entityType,
    entityId: row.id,
    action: 'update',
    before: existing,
    after: row,
  })
  return 'updated' as const
}

function organisationsImport(env: ImportEnv) {
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
        const done = await upsertByName(tx, env.actor, env.partnershipId, {
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

export const organisationsSheet = () =>
  defineSheet({
    ...organisationsSpec,
    importer: (env) => organisationsImport(env),
    async *rows(db, partnershipId) {
      for (const o of await q.listOrganisations(db, partnershipId))
        yield { name: o.name, type: o.type, duty_to_cooperate: o.dutyToCooperate }
    },
  })
