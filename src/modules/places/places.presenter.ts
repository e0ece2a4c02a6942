import { iso } from '../partnerships/partnerships.presenter.ts'
import type { PlaceRow } from './places.service.ts'
import { placeRank, placeTypeNames, type PlaceType } from './places.schema.ts'

export function presentPlace(p: PlaceRow) {
  return {
    id: p.id,
    gssCode: p.gssCode,
    name: p.name,
    type: p.type as PlaceType,
    parentId: p.parentId,
    depth: p.depth,
    priority: p.priority,
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
    archivedAt: iso(p.archivedAt),
  }
}

export interface PlaceTreeNode {
  place: PlaceRow
  children: PlaceTreeNode[]
}

/** Nest a flat list into a forest; places whose parent is missing become roots. */
export function placeTree(rows: PlaceRow[]): PlaceTreeNode[] {
  const nodes = new Map(rows.map((p) => [p.id, { place: p, children: [] as PlaceTreeNode[] }]))
  const roots: PlaceTreeNode[] = []
  for (const node of nodes.values()) {
    const parent = node.place.parentId ? nodes.get(node.place.parentId) : undefined
    if (parent) parent.children.push(node)
    else roots.push(node)
  }
  const sort = (list: PlaceTreeNode[]) => {
    list.sort((a, b) => a.place.name.localeCompare(b.place.name))
    list.forEach((n) => sort(n.children))
  }
  sort(roots)
  return roots
}

/** Depth-first walk of a forest: each place with its depth in the tree (0 for roots). */
export function flattenTree(nodes: PlaceTreeNode[], depth = 0): { place: PlaceRow; depth: number }[] {
  return nodes.flatMap((n) => [{ place: n.place, depth }, ...flattenTree(n.children, depth + 1)])
}

/**
 * The places that can hold others (areas and districts), in tree order, for a parent select.
 * `excludeId` leaves out a place and everything inside it: a place cannot move under itself.
 */
export function parentOptions(rows: PlaceRow[], excludeId?: string) {
  const candidates = rows.filter(
    (p) =>
      !p.archivedAt &&
      placeRank(p.type) < placeRank('neighbourhood') &&
      !(excludeId && p.path.includes(`/${excludeId}/`)),
  )
  return flattenTree(placeTree(candidates)).map(({ place, depth }) => ({
    value: place.id,
    // Options cannot be styled, so depth shows as leading dashes.
    text: `${'— '.repeat(depth)}${place.name} (${placeTypeNames[place.type as PlaceType] ?? place.type}, ${place.gssCode})`,
  }))
}
