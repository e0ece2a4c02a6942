import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { rateLimited, validationError } from '../../errors.ts'
import { submitForm } from '../../lib/pages.ts'
import { RETURN_COOKIE, returnToOf } from '../../plugins/context.ts'
import type { Services } from '../../services.ts'
import { changePasswordForm, signInForm, tokenForm, tokenParams } from './auth.schema.ts'

export const SESSION_COOKIE = 'goldthread.sid'

/** Only same-site paths may be returned to after sign-in. */
const safeReturn = (p: string | undefined) => (p && p.startsWith('/') && !p.startsWith('//') ? p : '/')

export function authPages(
  fastify: FastifyInstance,
  services: Services,
  opts: { signInRateLimit: number; oidcName?: string | undefined },
): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>()
  const { auth } = services
  // "Sign in with <the council>" on the sign-in page, when OIDC_* is configured (oidc.pages).
  const oidcName = opts.oidcName

  app.get('/sign-in', { config: { public: true } }, async (request, reply) => {
    if (request.actor.kind === 'user') return reply.redirect('/')
    return reply.render('auth/views/sign-in.njk', { title: 'Sign in', values: {}, oidcName })
  })

  app.post(
    '/sign-in',
    {
      config: {
        public: true,
        rateLimit: {
          max: opts.signInRateLimit,
          timeWindow: '1 minute',
          keyGenerator: (req) => req.ip,
          // An AppError, so the error plugin renders a GOV.UK page (or JSON) naming the wait.
          errorResponseBuilder: (_req, ctx) =>
            rateLimited(`Too many sign-in attempts. Wait ${ctx.after} and try again.`),
        },
      },
    },
    async (request, reply) => {
      const invalid = (errors: Record<string, string>) =>
        reply.render('auth/views/sign-in.njk', {
          title: 'Sign in',
          values: { email: (request.body as Record<string, string>)?.email },
          oidcName,
          errors,
        })
      return submitForm(reply, {
        schema: signInForm,
        body: request.body,
        invalid,
        valid: async ({ email, password }) => {
          const userId = await auth.verifyCredentials(email, password)
          if (!userId)
            throw validationError({ email: 'The email address or password is wrong' }, 'Sign-in failed')
          const returnTo = safeReturn(returnToOf(request))
          reply.clearCookie(RETURN_COOKIE, { path: '/' })
          // A new session id on sign-in prevents session fixation.
          await request.session.regenerate()
          request.session.set('userId', userId)
          const actor = await auth.actorForUser(userId, request.id)
          if (actor) await auth.recordSignIn(actor)
          // Someone invited to a partnership sees the invitation first (unless they were going somewhere).
          if (returnTo === '/' && actor && (await services.invitations.listMine(actor)).length)
            return reply.redirect('/invitations')
          return reply.redirect(returnTo)
        },
      })
    },
  )

  app.post('/sign-out', { config: { public: true } }, async (request, reply) => {
    await request.session.destroy()
    reply.clearCookie(SESSION_COOKIE, { path: '/' })
    return reply.redirect('/sign-in')
  })

  const renderAccount = async (request: FastifyRequest, extra: Record<string, unknown> = {}) => {
    const userId = request.actor.userId!
    const mine = (await auth.signedInUser(userId))?.memberOf ?? []
    return {
      title: 'Your account',
      tokens: (await auth.listTokensWithScope(userId)).map(({ token, partnership, expired }) => ({
        ...token,
        scope: partnership?.name ?? (token.partnershipId ? 'A partnership' : 'All your partnerships'),
        expired,
      })),
      partnerships: mine.map((m) => ({ id: m.partnership.id, name: m.partnership.name })),
      values: { access: 'read', expiresOn: auth.defaultTokenExpiry(), partnershipId: '' },
      ...extra,
    }
  }

  app.get('/account', async (request, reply) =>
    reply.render('auth/views/account.njk', await renderAccount(request)),
  )

  app.get('/account/password', async (_request, reply) =>
    reply.render('auth/views/password.njk', { title: 'Change your password' }),
  )

  app.post('/account/password', async (request, reply) =>
    submitForm(reply, {
      schema: changePasswordForm,
      body: request.body,
      invalid: (errors) => reply.render('auth/views/password.njk', { title: 'Change your password', errors }),
      valid: async (f) => {
        await auth.changePassword(request.actor, f.currentPassword, f.newPassword, f.confirmPassword)
        // Changing the password signs out every session, this one included; start a fresh one.
        await request.session.regenerate()
        request.session.set('userId', request.actor.userId!)
        request.flash('success', 'Your password has been changed')
        return reply.redirect('/account')
      },
    }),
  )

  app.post('/account/tokens', async (request, reply) =>
    submitForm(reply, {
      schema: tokenForm,
      body: request.body,
      invalid: async (errors) =>
        reply.render(
          'auth/views/account.njk',
          await renderAccount(request, { errors, values: request.body as Record<string, string> }),
        ),
      valid: async ({ name, partnershipId, access, expiresOn }) => {
        const { secret, token } = await auth.createToken(request.actor, request.actor.userId!, name, {
          partnershipId: partnershipId || null,
          access,
          expiresOn: expiresOn ?? auth.defaultTokenExpiry(),
        })
        return reply.render(
          'auth/views/account.njk',
          await renderAccount(request, { newToken: { secret, name: token.name } }),
        )
      },
    }),
  )

  app.post('/account/tokens/:id/revoke', { schema: { params: tokenParams } }, async (request, reply) => {
    if (await auth.revokeToken(request.actor, request.params.id))
      request.flash('success', 'The token has been revoked')
    return reply.redirect('/account')
  })
  // Routes are registered synchronously; the modules' index awaits every registrar alike.
  return Promise.resolve()
}
