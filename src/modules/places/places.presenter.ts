import { iso } from '../partnerships/partnerships.presenter.ts'
import type { PlaceRow } from './places.queries.ts'
import type { PlaceType } from './places.schema.ts'

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
