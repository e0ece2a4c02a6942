import { expect } from 'vitest'
import type { Agent } from '../../../test/helpers/app.ts'
import { system, unique } from '../../../test/helpers/app.ts'
import type { Services } from '../../services.ts'

/** The page without what differs per request (CSRF token, CSP nonce). */
export const stable = (html: string) =>
  html.replace(/name="_csrf" value="[^"]+"/g, '').replace(/nonce="[^"]+"/g, '')
export const tokenIn = (text: string) => /\/set-password\?token=([A-Za-z0-9_-]+)/.exec(text)?.[1]
export const NEW_PASSWORD = 'a-fresh-long-password'

/** Someone added to the partnership without a password, as a People import or a blank password does. */
export async function addWithoutPassword(
  services: Services,
  partnershipId: string,
  role = 'board_member' as const,
) {
  const email = `${unique('nopass')}@example.org`
  const { membership, user } = await services.users.addMember(system, partnershipId, {
    email,
    name: 'Robin Ashby',
    role,
    organisationId: null,
  })
  expect(user.passwordHash).toBeNull()
  return { email, membershipId: membership.id, userId: user.id }
}

/** Admin sends a link from the member's page; returns the page and the token read from the outbox page. */
export async function sendLink(admin: Agent, slug: string, membershipId: string) {
  const page = `/p/${slug}/users/${membershipId}`
  const sent = await admin.submit(page, `${page}/sign-in-link`, {})
  const outboxPage = await admin.get(`/p/${slug}/outbox`)
  return { sent, outboxPage, token: tokenIn(outboxPage.body) }
}

export const setPassword = (agent: Agent, token: string, fields: Record<string, string>) =>
  agent.submit(`/set-password?token=${token}`, '/set-password', { token, ...fields })
