import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { rateLimited, type FieldErrors } from '../../errors.ts'
import { idParams, orShowErrors, submitForm } from '../../lib/pages.ts'
import type { Services } from '../../services.ts'
import { MIN_PASSWORD_LENGTH } from './passwords.ts'
import { signInLinkPolicy } from './sign-in-links.policy.ts'
import { forgottenPasswordForm, setPasswordForm, setPasswordQuery } from './sign-in-links.schema.ts'
import {
  INVITATION_HOURS,
  isLinkRefused,
  RESET_HOURS,
  ukWhen,
  type LinkProblem,
} from './sign-in-links.service.ts'

/**
 * One-time links to set a password: the public pages ("Forgotten your password?" and the page a
 * link opens, where nobody is signed in and forms still carry the CSRF token of the visitor's
 * session), and an administrator sending a link from a member's page.
 */
export function signInLinkPages(
  fastify: FastifyInstance,
  { signInLinks, users }: Services,
  opts: { signInRateLimit: number },
): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>()
  const { mailConfigured } = signInLinks
  // A page carrying a working token is not kept by the browser or a proxy.
  const noStore = (reply: FastifyReply) => reply.header('cache-control', 'no-store')

  /** Expired links say so; unknown, used and replaced links get one and the same page. */
  const refused = (reply: FastifyReply, problem: LinkProblem) =>
    noStore(reply)
      .status(problem === 'expired' ? 410 : 404)
      .render('auth/views/link-problem.njk', {
        title: problem === 'expired' ? 'This link has expired' : 'This link is not valid',
        problem,
        mailConfigured,
        invitationDays: INVITATION_HOURS / 24,
        resetHours: RESET_HOURS,
      })

  const renderForm = (reply: FastifyReply, token: unknown, email: string, errors?: FieldErrors) =>
    noStore(reply).render('auth/views/set-password.njk', {
      title: 'Set your password',
      token,
      email,
      minLength: MIN_PASSWORD_LENGTH,
      errors,
    })

  app.get(
    '/set-password',
    { schema: { querystring: setPasswordQuery }, config: { public: true } },
    async (request, reply) => {
      const { token } = request.query
      const c = await signInLinks.check(token)
      if (!c.ok) return refused(reply, c.problem)
      return renderForm(reply, token, c.user.email)
    },
  )

  app.post('/set-password', { config: { public: true } }, async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>
    const c = await signInLinks.check(body.token)
    if (!c.ok) return refused(reply, c.problem)
    try {
      return await submitForm(reply, {
        schema: setPasswordForm,
        body,
        invalid: (errors) => renderForm(reply, body.token, c.user.email, errors),
        valid: async (f) => {
          await signInLinks.setPassword(body.token, f.newPassword, f.confirmPassword)
          // Whoever was signed in in this browser is not any more; the person signs in afresh,
          // which also proves they know the password they chose.
          await request.session.regenerate()
          request.flash(
            'success',
            'Your password has been set. Sign in with your email address and new password',
          )
          return reply.redirect('/sign-in')
        },
      })
    } catch (e) {
      // Used by a second submission a moment ago, or expired while the form was open.
      if (isLinkRefused(e)) return refused(reply, e.id === 'link_expired' ? 'expired' : 'invalid')
      throw e
    }
  })

  const renderForgotten = (reply: FastifyReply, values: Record<string, unknown>, errors?: FieldErrors) =>
    reply.render('auth/views/forgotten-password.njk', {
      title: 'Forgotten your password?',
      mailConfigured,
      values,
      errors,
    })

  app.get('/forgotten-password', { config: { public: true } }, async (_request, reply) =>
    renderForgotten(reply, {}),
  )

  app.post(
    '/forgotten-password',
    {
      config: {
        public: true,
        // As sign-in: each attempt could send an email.
        rateLimit: {
          max: opts.signInRateLimit,
          timeWindow: '1 minute',
          keyGenerator: (req: FastifyRequest) => req.ip,
          errorResponseBuilder: (_req, ctx) =>
            rateLimited(`Too many requests for a link. Wait ${ctx.after} and try again.`),
        },
      },
    },
    async (request, reply) => {
      // Without a mail server there is nothing to send: the page says whom to ask instead.
      if (!mailConfigured) return renderForgotten(reply, {})
      return submitForm(reply, {
        schema: forgottenPasswordForm,
        body: request.body,
        invalid: (errors) => renderForgotten(reply, (request.body ?? {}) as Record<string, unknown>, errors),
        valid: async ({ email }) => {
          // Not awaited: the answer, and the time it takes, are the same whether or not the
          // address has an account.
          void signInLinks
            .requestByEmail(email)
            .catch((err: unknown) => request.log.error({ err }, 'sending a link to set a password failed'))
          return reply.render('auth/views/forgotten-password-sent.njk', { title: 'Check your email', email })
        },
      })
    },
  )

  /** "Send a link to set a password", from a member's page (users/views/show.njk). */
  app.post(
    '/p/:slug/users/:id/sign-in-link',
    { schema: { params: idParams }, config: { policy: signInLinkPolicy.send } },
    async (request, reply) => {
      const partnership = request.partnership
      const { id } = request.params
      const member = await users.getMember(request.actor, partnership.id, id)
      return orShowErrors(
        reply,
        async () => {
          const sent = await signInLinks.sendToMember(request.actor, partnership.id, id)
          return reply.render('auth/views/link-sent.njk', {
            title:
              sent.delivery === 'emailed' ? `Link sent to ${member.name}` : `Link created for ${member.name}`,
            member,
            sent,
            until: ukWhen(sent.expiresAt),
          })
        },
        (errors) =>
          reply.render('users/views/show.njk', {
            title: member.name,
            member,
            isSelf: member.userId === request.actor.userId,
            errors,
          }),
      )
    },
  )
  // Routes are registered synchronously; the modules' index awaits every registrar alike.
  return Promise.resolve()
}
