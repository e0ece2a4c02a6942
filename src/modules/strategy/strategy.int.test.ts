import { expect, it } from 'vitest'
import { bearer, describeIntegration, seedPartnership, system } from '../../../test/helpers/app.ts'
import { currentNodes, currentVersion, findNodesByRefs } from './strategy.queries.ts'

describeIntegration('strategy versions and tree', (t) => {
  /** A partnership with version 1 holding two themes, outcomes and a sub-outcome. */
  async function setup() {
    const { app, services } = t()
    const seeded = await seedPartnership(services, ['admin', 'board_member', 'outcome_lead'])
    const h = bearer(seeded.users.admin!.token)
    const url = `/api/v1/partnerships/${seeded.slug}/strategy`
    const call = async (
      method: 'GET' | 'POST' | 'PUT' | 'DELETE',
      path: string,
      payload?: object,
      headers = h,
    ) => app.inject({ method, url: `${url}${path}`, headers, ...(payload ? { payload } : {}) })
    const v1 = await call('POST', '/versions', { title: 'Leicestershire Sustainable Community Strategy' })
    expect(v1.statusCode).toBe(201)
    const node = async (body: object) => {
      const res = await call('POST', '/versions/1/nodes', body)
      expect(res.statusCode, res.body).toBe(201)
      return res.json().data as { id: string; ref: string; key: string }
    }
    const healthier = await node({ kind: 'theme', title: 'Healthier Communities' })
    const older = await node({ kind: 'theme', title: 'Older People' })
    const independent = await node({
      kind: 'outcome',
      parentId: older.id,
      ref: '2.7',
      title: 'More older people are able to lead independent lives',
    })
    const carers = await node({
      kind: 'sub_outcome',
      parentId: independent.id,
      title: 'Carers are supported',
    })
    const falls = await node({ kind: 'outcome', parentId: healthier.id, title: 'Fewer falls' })
    return { ...seeded, app, services, call, healthier, older, independent, carers, falls }
  }

  it('numbers new nodes under their parent and serves the contract queries', async () => {
    const s = await setup()
    expect([s.healthier.ref, s.older.ref, s.independent.ref, s.carers.ref, s.falls.ref]).toEqual([
      '1',
      '2',
      '2.7',
      '2.7.1',
      '1.1',
    ])
    const db = t().database.db
    expect((await currentVersion(db, s.partnership.id))?.number).toBe(1)
    const nodes = await currentNodes(db, s.partnership.id)
    expect(nodes.map((n) => n.ref)).toEqual(['1', '1.1', '2', '2.7', '2.7.1'])
    expect(nodes.find((n) => n.ref === '2.7')).toMatchObject({
      key: s.independent.key,
      id: s.independent.id,
      kind: 'outcome',
      parentId: s.older.id,
    })
    const found = await findNodesByRefs(db, s.partnership.id, ['2.7', '9.9'])
    expect(found.map((n) => n.ref)).toEqual(['2.7'])
  })

  it('refuses a duplicate reference, a parent of a lower kind and a theme with a parent', async () => {
    const s = await setup()
    const dup = await s.call('POST', '/versions/1/nodes', {
      kind: 'outcome',
      parentId: s.older.id,
      ref: '2.7',
      title: 'X',
    })
    expect(dup.statusCode).toBe(422)
    expect(dup.json().error.fields).toEqual({ ref: 'Reference 2.7 is already used in this version' })
    const low = await s.call('POST', '/versions/1/nodes', {
      kind: 'outcome',
      parentId: s.carers.id,
      title: 'X',
    })
    expect(low.statusCode).toBe(422)
    expect(low.json().error.fields.parentId).toBe('Outcome cannot sit under a sub-outcome: choose a theme')
    const theme = await s.call('POST', '/versions/1/nodes', {
      kind: 'theme',
      parentId: s.older.id,
      title: 'X',
    })
    expect(theme.json().error.fields.parentId).toBe('A theme cannot have a parent')
    const orphan = await s.call('POST', '/versions/1/nodes', { kind: 'sub_outcome', title: 'X' })
    expect(orphan.json().error.fields.parentId).toBe('Sub-outcome must sit under an outcome or a sub-outcome')
    const bad = await s.call('POST', '/versions/1/nodes', {
      kind: 'outcome',
      parentId: s.older.id,
      ref: '2..1',
      title: '',
    })
    expect(Object.keys(bad.json().error.fields).sort()).toEqual(['ref', 'title'])
  })

  it('moves a subtree: refuses a cycle, renumbers beneath the new parent and keeps links', async () => {
    const s = await setup()
    const link = await s.call('POST', `/nodes/${s.carers.id}/links`, {
      toNodeId: s.falls.id,
      note: 'Falls prevention',
    })
    expect(link.statusCode, link.body).toBe(201)
    expect(link.json().data).toMatchObject({ fromRef: '2.7.1', toRef: '1.1' })

    const cycle = await s.call('POST', `/nodes/${s.independent.id}/move`, { parentId: s.carers.id })
    expect(cycle.statusCode).toBe(422)
    expect(cycle.json().error.fields.parentId).toMatch(/cannot move under itself/)

    const moved = await s.call('POST', `/nodes/${s.independent.id}/move`, { parentId: s.healthier.id })
    expect(moved.statusCode, moved.body).toBe(200)
    expect(moved.json().data.ref).toBe('1.2')
    const carers = await s.call('GET', `/nodes/${s.carers.id}`)
    expect(carers.json().data.ref).toBe('1.2.1')
    // Same theme now: the link still resolves, with the new references.
    const links = await s.call('GET', `/nodes/${s.falls.id}/links`)
    expect(links.json().data).toMatchObject([{ fromRef: '1.2.1', toRef: '1.1' }])

    const up = await s.call('POST', `/nodes/${s.independent.id}/reorder`, { direction: 'up' })
    expect(up.json().data.position).toBe(0)
    const list = await s.call('GET', '/versions/1/nodes')
    const children = list
      .json()
      .data.filter((n: { parentId: string }) => n.parentId === s.healthier.id)
      .sort((a: { position: number }, b: { position: number }) => a.position - b.position)
      .map((n: { ref: string }) => n.ref)
    expect(children).toEqual(['1.2', '1.1'])
  })

  it('refuses links within one theme and to themes', async () => {
    const s = await setup()
    const same = await s.call('POST', `/nodes/${s.carers.id}/links`, { toNodeId: s.independent.id })
    expect(same.json().error.fields.toNodeId).toBe('Choose an outcome in another theme')
    const theme = await s.call('POST', `/nodes/${s.carers.id}/links`, { toNodeId: s.healthier.id })
    expect(theme.json().error.fields.toNodeId).toBe('Link outcomes or sub-outcomes, not themes')
  })

  it('archives a subtree, keeping its history', async () => {
    const s = await setup()
    const res = await s.call('DELETE', `/nodes/${s.independent.id}`)
    expect(res.json().data.archivedAt).not.toBeNull()
    const list = await s.call('GET', '/versions/1/nodes')
    expect(
      list
        .json()
        .data.map((n: { ref: string }) => n.ref)
        .sort(),
    ).toEqual(['1', '1.1', '2'])
    const all = await s.call('GET', '/versions/1/nodes?includeArchived=true')
    expect(all.json().data).toHaveLength(5)
    // The reference is free again.
    const again = await s.call('POST', '/versions/1/nodes', {
      kind: 'outcome',
      parentId: s.older.id,
      ref: '2.7',
      title: 'New',
    })
    expect(again.statusCode).toBe(201)
    const { rows } = await s.services.audit.list(system, s.partnership.id, {
      entityType: 'strategy_node',
      entityId: s.carers.id,
      limit: 10,
      offset: 0,
    })
    expect(rows.map((r) => r.event.action)).toEqual(['archive', 'create'])
  })

  it('starts version 2 as a copy, compares it with version 1 exactly, and locks what is signed off', async () => {
    const s = await setup()
    const tag = await s.call('POST', '/tags', { name: 'Prevention' })
    await s.call('PUT', `/nodes/${s.falls.id}`, {
      ref: '1.1',
      title: 'Fewer falls',
      tagIds: [tag.json().data.id],
    })

    const v2 = await s.call('POST', '/versions', {})
    expect(v2.json().data).toMatchObject({ number: 2, status: 'draft_2', isCurrent: true, editable: true })
    const nodes2 = (await s.call('GET', '/versions/2/nodes')).json().data as {
      id: string
      key: string
      ref: string
    }[]
    expect(nodes2).toHaveLength(5)
    const ids = new Map(nodes2.map((n) => [n.ref, n.id]))
    const id2 = (ref: string) => ids.get(ref)!
    expect(nodes2.find((n) => n.ref === '2.7')!.key).toBe(s.independent.key)

    // Version 1 is superseded: edits are refused.
    const old = await s.call('PUT', `/nodes/${s.falls.id}`, { ref: '1.1', title: 'Changed' })
    expect(old.statusCode).toBe(409)

    await s.call('PUT', `/nodes/${id2('1.1')}`, {
      ref: '1.1',
      title: 'Fewer falls among older people',
      statement: 'Falls prevention',
      tagIds: [],
    })
    await s.call('PUT', `/nodes/${id2('2.7')}`, {
      ref: '2.1',
      title: 'More older people are able to lead independent lives',
    })
    await s.call('DELETE', `/nodes/${id2('2.7.1')}`)
    const added = await s.call('POST', '/versions/2/nodes', {
      kind: 'outcome',
      parentId: id2('2'),
      title: 'Income maximised',
    })

    const cmp = await s.call('GET', '/versions/2/compare?with=1')
    expect(cmp.statusCode, cmp.body).toBe(200)
    expect(cmp.json().data).toEqual({
      from: 1,
      to: 2,
      added: [{ key: added.json().data.key, ref: '2.2', title: 'Income maximised', kind: 'outcome' }],
      removed: [{ key: s.carers.key, ref: '2.7.1', title: 'Carers are supported', kind: 'sub_outcome' }],
      changed: [
        {
          key: s.falls.key,
          ref: '1.1',
          title: 'Fewer falls among older people',
          kind: 'outcome',
          changes: [
            { field: 'title', before: 'Fewer falls', after: 'Fewer falls among older people' },
            { field: 'statement', before: null, after: 'Falls prevention' },
            { field: 'tags', before: 'Prevention', after: null },
          ],
        },
        {
          key: s.independent.key,
          ref: '2.1',
          title: 'More older people are able to lead independent lives',
          kind: 'outcome',
          changes: [{ field: 'ref', before: '2.7', after: '2.1' }],
        },
      ],
    })

    // Forward only, then signed off: no more edits.
    const back = await s.call('POST', '/versions/2/status', { status: 'draft_1' })
    expect(back.statusCode).toBe(422)
    for (const status of ['penultimate', 'final', 'signed_off']) {
      const res = await s.call('POST', '/versions/2/status', { status })
      expect(res.statusCode, res.body).toBe(200)
    }
    const locked = await s.call('PUT', `/nodes/${id2('1.1')}`, { ref: '1.1', title: 'Again' })
    expect(locked.statusCode).toBe(409)
    expect(locked.json().error.message).toMatch(/signed off and cannot be changed. Start a new version/)
    const v3 = await s.call('POST', '/versions', {})
    expect(v3.json().data).toMatchObject({ number: 3, status: 'draft_1' })
  })

  it('lets members read but not change the strategy', async () => {
    const s = await setup()
    const h = bearer(s.users.board_member!.token)
    expect((await s.call('GET', '/versions/1/nodes', undefined, h)).statusCode).toBe(200)
    expect((await s.call('POST', '/versions/1/nodes', { kind: 'theme', title: 'X' }, h)).statusCode).toBe(403)
    expect((await s.call('POST', '/versions', {}, h)).statusCode).toBe(403)
  })

  it('lets an outcome lead change the wording of outcomes they lead, and nothing else', async () => {
    const s = await setup()
    const people = await s.services.people.list(system, s.partnership.id)
    const lead = people.find((p) => p.email === s.users.outcome_lead!.email)!
    await s.services.directory.set(system, s.partnership.id, s.independent.id, {
      leadPartnership: null,
      boardChampionId: null,
      executiveOfficerId: null,
      outcomeLeadId: lead.id,
    })
    const h = bearer(s.users.outcome_lead!.token)
    const title = 'More older people are able to lead independent lives'
    const ok = await s.call(
      'PUT',
      `/nodes/${s.independent.id}`,
      { ref: '2.7', title, statement: 'Choice and control' },
      h,
    )
    expect(ok.statusCode, ok.body).toBe(200)
    expect(ok.json().data.statement).toBe('Choice and control')
    expect((await s.call('PUT', `/nodes/${s.independent.id}`, { ref: '2.8', title }, h)).statusCode).toBe(403)
    expect(
      (await s.call('PUT', `/nodes/${s.falls.id}`, { ref: '1.1', title: 'Fewer falls' }, h)).statusCode,
    ).toBe(403)
  })
})
