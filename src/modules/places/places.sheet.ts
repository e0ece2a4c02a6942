import type { Tx } from '../../db/client.ts'
import { partnershipsUsingPlace, type PlaceRow } from './places.queries.ts'
import { aPlaceType, parentKindsOf, placeRank, placeTypes } from './places.schema.ts'
import type { PartnershipsService } from '../partnerships/partnerships.service.ts'
import { insertChecked, mayChangeShared, sharedPlaceReason, updateChecked } from './places.service.ts'
import { enumCell, gssCell, textCell, yesNoCell } from '../../workbook/cells.ts'
import { column, type Counts, type RecordOf, type SheetSpec } from '../../workbook/sheets.ts'
import { defineSheet, type ImportEnv } from '../workbook/sheet.ts'
import { childrenOfPlaces, placeByGss, placesByGss, placesForExport } from './places.bulk.queries.ts'

const columns = {
  gss_code: column(gssCell({ required: true }), 'ONS GSS code: a letter and 8 digits, like E10000018', {
    required: true,
  }),
  name: column(textCell({ required: true }), 'The place’s name, like Leicestershire', { required: true }),
  type: column(enumCell(placeTypes, { required: true }), `One of ${placeTypes.join(', ')}`, {
    required: true,
  }),
  parent_gss_code: column(
    gssCell(),
    'The GSS code of the place it is inside: a place already known, or one anywhere on this sheet. Blank for an area',
  ),
  priority: column(yesNoCell(), 'yes if it is flagged for geographic targeting (blank means no)'),
}

type PlaceRecord = RecordOf<typeof columns>
interface Staged {
  row: number
  rec: PlaceRecord
}

export const placesSpec: SheetSpec<typeof columns> = {
  name: 'Places',
  description:
    'Shared geography: areas (counties), districts and neighbourhoods. A row whose GSS code is already known updates that place.',
  columns,
}

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1)

/** How a known place stands, in the sheet's terms: `Charnwood, district, inside E10000018, priority no`. */
function describe(p: PlaceRow, known: Map<string, PlaceRow>) {
  const parent = p.parentId ? [...known.values()].find((k) => k.id === p.parentId) : undefined
  const inside = parent ? `inside ${parent.gssCode}` : p.parentId ? 'inside its parent' : 'no parent'
  return `${p.name}, ${p.type}, ${inside}, priority ${p.priority ? 'yes' : 'no'}`
}

/**
 * Places are checked as a whole sheet: a parent may come later in the file, so parents, kinds
 * and loops are judged once every row is in, against the file and the places already known.
 */
function placesImport({ partnerships }: PlacesSheetDeps, { actor, partnershipId, report }: ImportEnv) {
  const sheet = placesSpec.name
  const rows: Staged[] = []
  const byGss = new Map<string, Staged>()
  const unchanged = new Set<string>()
  const problem = (row: number, column: keyof PlaceRecord, message: string) =>
    report.problem({ sheet, row, column, message })

  /** Rows whose parent chain within the file comes back to themselves. */
  function loops(): Map<string, string[]> {
    const inLoop = new Map<string, string[]>()
    const done = new Set<string>()
    for (const start of byGss.keys()) {
      const path: string[] = []
      let code: string | null | undefined = start
      while (code && byGss.has(code) && !done.has(code)) {
        const at = path.indexOf(code)
        if (at >= 0) {
          const loop = path.slice(at)
          for (const c of loop)
            inLoop.set(c, [...loop.slice(loop.indexOf(c)), ...loop.slice(0, loop.indexOf(c)), c])
          break
        }
        path.push(code)
        code = byGss.get(code)!.rec.parent_gss_code
      }
      path.forEach((c) => done.add(c))
    }
    return inLoop
  }

  return {
    add(row: number, rec: PlaceRecord) {
      const first = byGss.get(rec.gss_code)
      if (first) {
        problem(
          row,
          'gss_code',
          `${rec.gss_code} appears more than once in this sheet (first at row ${first.row})`,
        )
        return
      }
      const staged = { row, rec }
      rows.push(staged)
      byGss.set(rec.gss_code, staged)
    },

    async check(tx: Tx) {
      const codes = rows.flatMap((r) => [r.rec.gss_code, r.rec.parent_gss_code ?? []].flat())
      const known = new Map((await placesByGss(tx, codes)).map((p) => [p.gssCode, p]))
      const typeOf = (code: string) => byGss.get(code)?.rec.type ?? known.get(code)?.type
      const inLoop = loops()

      for (const { row, rec } of rows) {
        const existing = known.get(rec.gss_code)
        if (existing?.archivedAt)
          problem(
            row,
            'gss_code',
            `${rec.gss_code} (${existing.name}) is archived: restore it on the Places page before importing it`,
          )
        const p = rec.parent_gss_code
        const loop = inLoop.get(rec.gss_code)
        if (loop) {
          problem(
            row,
            'parent_gss_code',
            loop.length === 2
              ? 'a place cannot be inside itself'
              : `${loop.join(' → ')} makes a loop: a place cannot be inside itself`,
          )
          continue
        }
        if (!p) {
          if (rec.type === 'neighbourhood')
            problem(
              row,
              'parent_gss_code',
              'enter the GSS code of the area or district this neighbourhood is in',
            )
          continue
        }
        const parent = known.get(p)
        if (!byGss.has(p) && parent?.archivedAt) {
          problem(row, 'parent_gss_code', `${p} (${parent.name}) is archived`)
          continue
        }
        if (!byGss.has(p) && !parent) {
          problem(row, 'parent_gss_code', `no place with GSS code ${p} in this file or already known`)
          continue
        }
        const parentType = typeOf(p)!
        if (rec.type === 'area')
          problem(row, 'parent_gss_code', 'an area is the top of the hierarchy: leave parent_gss_code blank')
        else if (placeRank(parentType) >= placeRank(rec.type))
          problem(
            row,
            'parent_gss_code',
            `${cap(aPlaceType(rec.type))} cannot be inside ${aPlaceType(parentType)} (${p}): choose ${parentKindsOf(rec.type)}`,
          )
      }

      // A known place whose kind changes must still be above the places inside it that stay.
      const retyped = rows.filter((r) => {
        const e = known.get(r.rec.gss_code)
        return e && !e.archivedAt && e.type !== r.rec.type
      })
      if (retyped.length) {
        const children = await childrenOfPlaces(
          tx,
          retyped.map((r) => known.get(r.rec.gss_code)!.id),
        )
        for (const r of retyped) {
          const id = known.get(r.rec.gss_code)!.id
          const blocking = children.find(
            (c) => c.parentId === id && !byGss.has(c.gssCode) && placeRank(c.type) <= placeRank(r.rec.type),
          )
          if (blocking)
            problem(
              r.row,
              'type',
              `${blocking.name} (${blocking.gssCode}, ${blocking.type}) is inside this place, so it cannot be ${aPlaceType(r.rec.type)}: move it first`,
            )
        }
      }

      // Rows that would change nothing are known now, before any write moves paths about.
      for (const { rec } of rows) {
        const e = known.get(rec.gss_code)
        const parentId = rec.parent_gss_code ? known.get(rec.parent_gss_code)?.id : null
        if (
          e &&
          !e.archivedAt &&
          e.name === rec.name &&
          e.type === rec.type &&
          e.priority === rec.priority &&
          parentId !== undefined &&
          e.parentId === parentId
        )
          unchanged.add(rec.gss_code)
      }

      // A place another partnership uses is read-only here (only a system administrator may
      // change it): a row that would change one is refused; one that matches it is fine.
      if (!mayChangeShared(actor))
        for (const { row, rec } of rows) {
          const e = known.get(rec.gss_code)
          if (!e || e.archivedAt || unchanged.has(rec.gss_code)) continue
          const others = await partnershipsUsingPlace(tx, e, partnershipId)
          if (!others.length) continue
          const parentId = rec.parent_gss_code ? known.get(rec.parent_gss_code)?.id : null
          const column: keyof PlaceRecord =
            e.name !== rec.name
              ? 'name'
              : e.type !== rec.type
                ? 'type'
                : e.parentId !== parentId
                  ? 'parent_gss_code'
                  : 'priority'
          problem(
            row,
            column,
            `${sharedPlaceReason(e, others)}: leave the row as the place stands (${describe(e, known)})`,
          )
        }
    },

    async apply(tx: Tx): Promise<Counts> {
      const counts = { created: 0, updated: 0, unchanged: unchanged.size }
      // Parents first: a row's depth within the file (loops were refused by check).
      const depth = new Map<string, number>()
      const depthOf = (code: string): number => {
        const seen = depth.get(code)
        if (seen !== undefined) return seen
        const p = byGss.get(code)?.rec.parent_gss_code
        const d = p && byGss.has(p) ? depthOf(p) + 1 : 0
        depth.set(code, d)
        return d
      }
      const ordered = [...rows].sort((a, b) => depthOf(a.rec.gss_code) - depthOf(b.rec.gss_code))
      for (const { rec } of ordered) {
        if (unchanged.has(rec.gss_code)) continue
        // Read afresh: an earlier row may have moved this place's ancestors, and so its path.
        const existing = await placeByGss(tx, rec.gss_code)
        const parent: PlaceRow | undefined = rec.parent_gss_code
          ? await placeByGss(tx, rec.parent_gss_code)
          : undefined
        const input = {
          gssCode: rec.gss_code,
          name: rec.name,
          type: rec.type,
          parentId: parent?.id ?? null,
          priority: rec.priority,
        }
        if (existing) {
          await updateChecked(tx, actor, partnershipId, existing, input, parent)
          counts.updated++
        } else {
          await insertChecked(tx, actor, partnershipId, input, parent)
          counts.created++
        }
      }
      // A partnership's area is the one `area` place it imports while it has none (workbook.md).
      const areas = rows.filter((r) => r.rec.type === 'area')
      if (areas.length === 1) {
        const area = await placeByGss(tx, areas[0]!.rec.gss_code)
        if (area) await partnerships.adoptArea(tx, actor, partnershipId, area.id)
      } else if (areas.length > 1 && !(await partnerships.areaOf(tx, partnershipId))) {
        report.warn({
          sheet,
          row: areas[0]!.row,
          column: 'type',
          message: `the sheet has ${areas.length} area places, so the partnership’s area was not set: choose it on the partnership’s settings page`,
        })
      }
      return counts
    },
  }
}

export interface PlacesSheetDeps {
  /** The one area place an import brings becomes the partnership's area (workbook.md). */
  partnerships: Pick<PartnershipsService, 'adoptArea' | 'areaOf'>
}

export const placesSheet = (deps: PlacesSheetDeps) =>
  defineSheet({
    ...placesSpec,
    importer: (env) => placesImport(deps, env),
    async *rows(db) {
      for await (const p of placesForExport(db))
        yield {
          gss_code: p.gssCode,
          name: p.name,
          type: p.type,
          parent_gss_code: p.parentGss,
          priority: p.priority,
        }
    },
  })
