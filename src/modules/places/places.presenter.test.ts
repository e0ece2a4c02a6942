import { describe, expect, it } from 'vitest'
import { flattenTree, parentOptions, placeTree } from './places.presenter.ts'
import type { PlaceRow } from './places.queries.ts'

const at = new Date('2008-04-01T00:00:00Z')
function place(
  id: string,
  name: string,
  type: string,
  parent?: PlaceRow,
  extra: Partial<PlaceRow> = {},
): PlaceRow {
  return {
    id,
    gssCode: `E0${id.padStart(7, '0')}`,
    name,
    type,
    parentId: parent?.id ?? null,
    path: `${parent?.path ?? '/'}${id}/`,
    depth: parent ? parent.depth + 1 : 0,
    priority: false,
    createdAt: at,
    updatedAt: at,
    archivedAt: null,
    ...extra,
  }
}

const leics = place('1', 'Leicestershire', 'area')
const melton = place('2', 'Melton', 'district', leics)
const charnwood = place('3', 'Charnwood', 'district', leics)
const loughborough = place('4', 'Loughborough East', 'neighbourhood', charnwood)
const rutland = place('5', 'Rutland', 'area')

describe('placeTree', () => {
  it('nests children under parents, sorted by name at every level', () => {
    const tree = placeTree([loughborough, melton, rutland, charnwood, leics])
    expect(tree.map((n) => n.place.name)).toEqual(['Leicestershire', 'Rutland'])
    expect(tree[0]!.children.map((n) => n.place.name)).toEqual(['Charnwood', 'Melton'])
    expect(tree[0]!.children[0]!.children.map((n) => n.place.name)).toEqual(['Loughborough East'])
    expect(tree[1]!.children).toEqual([])
  })

  it('makes a place whose parent is not in the list a root', () => {
    const tree = placeTree([loughborough, melton])
    expect(tree.map((n) => n.place.name)).toEqual(['Loughborough East', 'Melton'])
  })

  it('returns an empty forest for no places', () => {
    expect(placeTree([])).toEqual([])
  })

  it('flattens depth first with depths', () => {
    const flat = flattenTree(placeTree([leics, melton, charnwood, loughborough]))
    expect(flat.map((f) => [f.place.name, f.depth])).toEqual([
      ['Leicestershire', 0],
      ['Charnwood', 1],
      ['Loughborough East', 2],
      ['Melton', 1],
    ])
  })
})

describe('parentOptions', () => {
  it('offers areas and districts in tree order, indented, without archived places', () => {
    const archived = place('6', 'Old District', 'district', leics, { archivedAt: at })
    const options = parentOptions([leics, melton, charnwood, loughborough, archived])
    expect(options.map((o) => o.text)).toEqual([
      'Leicestershire (Area, E00000001)',
      '— Charnwood (District, E00000003)',
      '— Melton (District, E00000002)',
    ])
  })

  it('leaves out the place being changed and everything inside it', () => {
    const options = parentOptions([leics, melton, charnwood, loughborough], charnwood.id)
    expect(options.map((o) => o.value)).toEqual([leics.id, melton.id])
  })
})
