import { expect, it } from 'vitest'
import { Agent, bearer, describeIntegration, seedPartnership, system } from '../../../test/helpers/app.ts'

describeIntegration('consultation on drafts', (t) => {
  async function setup() {
    const { app, services } = t()
    const seeded = await seedPartnership(services, ['admin', 'board_member', 'government_office'])
    const pid = seeded.partnership.id
    await services.strategy.startVersion(system, pid, { title: 'Strategy' })
    const theme = await services.strategyNodes.createNode(system, pid, 1, {
      kind: 'theme',
      title: 'Safer Communities',
      tagIds: [],
    })
    const goem = await services.organisations.create(system, pid, {
      name: 'GOEM',
      type: 'government',
      dutyToCooperate: false,
    })
    const call = (method: 'GET' | 'POST', path: string, token: string, payload?: object) =>
      app.inject({
        method,
        url: `/api/v1/partnerships/${seeded.slug}/strategy${path}`,
        headers: bearer(token),
        ...(payload ? { payload } : {}),
      })
    return { ...seeded, app, services, pid, theme, goem, call }
  }

  it('takes comments from members on the whole draft or a node, and managers respond', async () => {
    const s = await setup()
    const go = s.users.government_office!.token
    const whole = await s.call('POST', '/versions/1/comments', go, { body: 'Tell the story better.' })
    expect(whole.statusCode, whole.body).toBe(201)
    expect(whole.json().data).toMatchObject({
      nodeRef: null,
      authorName: 'government_office user',
      status: 'open',
    })
    const onNode = await s.call('POST', '/versions/1/comments', s.users.board_member!.token, {
      nodeId: s.theme.id,
      body: 'Add domestic violence.',
    })
    expect(onNode.json().data).toMatchObject({ nodeRef: '1', nodeTitle: 'Safer Communities' })
    // A manager records a letter on a partner's behalf.
    const letter = await s.call('POST', '/versions/1/comments', s.users.admin!.token, {
      body: 'Letter',
      authorName: 'Jan Sensier',
      organisationId: s.goem.id,
    })
    expect(letter.json().data).toMatchObject({ authorName: 'Jan Sensier', organisationName: 'GOEM' })
    // Others cannot speak for someone else: the name is theirs.
    const spoof = await s.call('POST', '/versions/1/comments', go, { body: 'X', authorName: 'Someone else' })
    expect(spoof.json().data.authorName).toBe('government_office user')

    expect(
      (await s.call('POST', `/comments/${whole.json().data.id}/response`, go, { status: 'accepted' }))
        .statusCode,
    ).toBe(403)
    const noReason = await s.call(
      'POST',
      `/comments/${whole.json().data.id}/response`,
      s.users.admin!.token,
      { status: 'rejected' },
    )
    expect(noReason.json().error.fields).toEqual({ response: 'Explain the response to the comment' })
    const answered = await s.call(
      'POST',
      `/comments/${whole.json().data.id}/response`,
      s.users.admin!.token,
      {
        status: 'accepted',
        response: 'Rewritten in draft 2',
      },
    )
    expect(answered.json().data).toMatchObject({ status: 'accepted', respondedBy: 'admin user' })
    const open = await s.call('GET', '/versions/1/comments?status=open', go)
    expect(open.json().data).toHaveLength(3)
  })

  it('closes a draft to comments once superseded or signed off, and refuses bad input', async () => {
    const s = await setup()
    const admin = s.users.admin!.token
    const bad = await s.call('POST', '/versions/1/comments', admin, { body: '', nodeId: 'x' })
    expect(Object.keys(bad.json().error.fields).sort()).toEqual(['body', 'nodeId'])
    await s.services.strategy.startVersion(system, s.pid, {})
    const old = await s.call('POST', '/versions/1/comments', admin, { body: 'Late' })
    expect(old.statusCode).toBe(409)
    expect(old.json().error.message).toBe('Version 1 (Draft 1) has been superseded: comment on version 2.')
    // A node of version 1 is not part of version 2.
    const wrong = await s.call('POST', '/versions/2/comments', admin, { body: 'X', nodeId: s.theme.id })
    expect(wrong.json().error.fields).toEqual({ nodeId: 'Choose the part of the strategy from the list' })
  })

  it('shows the consultation page and takes comments from the node page', async () => {
    const s = await setup()
    const agent = new Agent(s.app)
    await agent.signIn(s.users.board_member!.email, s.users.board_member!.password)
    const res = await agent.submit(
      `/p/${s.slug}/strategy/nodes/${s.theme.id}`,
      `/p/${s.slug}/strategy/versions/1/consultation`,
      {
        nodeId: s.theme.id,
        body: 'Include the probation service.',
        returnTo: 'node',
      },
    )
    expect(res.statusCode).toBe(302)
    expect(res.headers.location).toBe(`/p/${s.slug}/strategy/nodes/${s.theme.id}#comments`)
    const page = await agent.get(`/p/${s.slug}/strategy/versions/1/consultation`)
    expect(page.body).toContain('Include the probation service.')
    expect(page.body).toContain('1 comment: 1 awaiting a response')
    const empty = await agent.submit(
      `/p/${s.slug}/strategy/versions/1/consultation`,
      `/p/${s.slug}/strategy/versions/1/consultation`,
      { body: '' },
    )
    expect(empty.statusCode).toBe(422)
    expect(empty.body).toContain('Enter your comment')
  })
})
