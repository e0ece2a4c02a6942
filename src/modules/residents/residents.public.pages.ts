import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { rateLimited, type FieldErrors } from '../../errors.ts'
import { submitForm } from '../../lib/pages.ts'
import type { Services } from '../../services.ts'
import { publicPaths, SITE_PARAM } from '../public/public.addresses.ts'
import { dataPaths } from '../public/public.data.pages.ts'
import { presentOutline } from './residents.presenter.ts'
import { residentCommentForm, siteParams, tokenParams } from './residents.schema.ts'
import { CONFIRM_DAYS, type LinkProblem } from './residents.service.ts'

/** Comments one address (IP) may send in the window below. */
export const COMMENT_RATE_LIMIT = { max: 5, timeWindow: '10 minutes' }

/** The public site's "Have your say" pages: `/public/:site/have-your-say/…`. */
export const haveYourSayPaths = {
  page: (site: string) => `/public/${site}/have-your-say`,
  sent: (site: string) => `/public/${site}/have-your-say/check-your-email`,
  confirm: (site: string, token: string) => `/public/${site}/have-your-say/confirm/${token}`,
}

type Site = { slug: string; name: string; publicContact: string | null; updatedAt: Date }

const ukDay = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'UTC',
})
/** `2026-12-31` → `31 December 2026`. */
const dayText = (d: string | null) => (d ? ukDay.format(new Date(`${d}T00:00:00Z`)) : '')

/**
 * Residents comment on a draft strategy without signing in (#16 §6). Forms carry the CSRF token
 * of the visitor's anonymous cookie, as the sign-in form does. The comment form is rate-limited
 * per address; a confirmation link opens a page with a button (a GET changes nothing: mail
 * scanners open links).
 */
export function residentsPublicPages(fastify: FastifyInstance, { residents }: Services): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>()
  const base = `/public/${SITE_PARAM}/have-your-say`
  const noStore = (reply: FastifyReply) => reply.header('cache-control', 'no-store')
  const siteOf = (p: Site) => ({
    slug: p.slug,
    name: p.name,
    contact: p.publicContact,
    paths: {
      home: publicPaths.home(p.slug),
      outcomes: publicPaths.outcomes(p.slug),
      data: dataPaths.page(p.slug),
    },
  })
  const common = (p: Site) => ({
    site: siteOf(p),
    section: 'have-your-say',
    lastUpdated: ukDay.format(p.updatedAt),
  })

  async function renderPage(
    reply: FastifyReply,
    slug: string,
    values: Record<string, unknown>,
    errors?: FieldErrors,
  ) {
    const d = await residents.openDraft(slug)
    if (!d.version)
      return reply.status(errors ? 409 : 200).render('residents/views/closed.njk', {
        title: 'Have your say on the draft strategy',
        ...common(d.partnership),
      })
    const outline = presentOutline(d.nodes, d.comments)
    const items = [
      { value: '', text: 'The draft as a whole' },
      ...outline.themes.flatMap((t) =>
        t.outcomes.map((o) => ({
          value: o.id,
          text: `${o.ref} ${o.title}`,
          selected: o.id === values.nodeId,
        })),
      ),
    ]
    return reply.render('residents/views/have-your-say.njk', {
      title: 'Have your say on the draft strategy',
      ...common(d.partnership),
      version: { title: d.version.title, vision: d.version.vision },
      closesOn: dayText(d.version.publicClosesOn),
      outline,
      nodeItems: items,
      action: haveYourSayPaths.page(d.partnership.slug),
      values,
      errors,
    })
  }

  app.get(base, { schema: { params: siteParams }, config: { public: true } }, async (request, reply) =>
    renderPage(reply, request.params.site, { nodeId: (request.query as Record<string, unknown>)?.outcome }),
  )

  app.post(
    base,
    {
      schema: { params: siteParams },
      config: {
        public: true,
        rateLimit: {
          ...COMMENT_RATE_LIMIT,
          keyGenerator: (req: FastifyRequest) => req.ip,
          errorResponseBuilder: (_req, ctx) =>
            rateLimited(`You have sent a lot of comments in a short time. Wait ${ctx.after} and try again.`),
        },
      },
    },
    async (request, reply) => {
      const slug = request.params.site
      const body = (request.body ?? {}) as Record<string, unknown>
      const d = await residents.openDraft(slug)
      if (!d.version) return renderPage(reply, slug, body, {})
      return submitForm(reply, {
        schema: residentCommentForm,
        body,
        invalid: (errors) => renderPage(reply, slug, body, errors),
        valid: async (input) => {
          const made = await residents.submit(slug, input)
          return reply.redirect(haveYourSayPaths.sent(made.partnership.slug), 303)
        },
      })
    },
  )

  app.get(
    `${base}/check-your-email`,
    { schema: { params: siteParams }, config: { public: true } },
    async (request, reply) => {
      const d = await residents.openDraft(request.params.site)
      return reply.render('residents/views/check-your-email.njk', {
        title: 'Check your email',
        ...common(d.partnership),
        days: CONFIRM_DAYS,
        back: haveYourSayPaths.page(d.partnership.slug),
      })
    },
  )

  const problemPage = (reply: FastifyReply, p: Site, problem: LinkProblem) =>
    noStore(reply)
      .status(problem === 'expired' ? 410 : 404)
      .render('residents/views/link-problem.njk', {
        title: problem === 'expired' ? 'This link has expired' : 'This link does not work',
        ...common(p),
        problem,
        days: CONFIRM_DAYS,
        back: haveYourSayPaths.page(p.slug),
      })

  app.get(
    `${base}/confirm/:token`,
    { schema: { params: tokenParams }, config: { public: true } },
    async (request, reply) => {
      const { site, token } = request.params
      const c = await residents.checkLink(site, token)
      if (!c.ok) return problemPage(reply, c.partnership, c.problem)
      return noStore(reply).render('residents/views/confirm.njk', {
        title: 'Confirm your comment',
        ...common(c.partnership),
        body: c.comment.body,
        action: haveYourSayPaths.confirm(c.partnership.slug, token),
      })
    },
  )

  app.post(
    `${base}/confirm/:token`,
    { schema: { params: tokenParams }, config: { public: true } },
    async (request, reply) => {
      const { site, token } = request.params
      const c = await residents.confirm(site, token)
      if (!c.ok) return problemPage(reply, c.partnership, c.problem)
      return noStore(reply).render('residents/views/confirmed.njk', {
        title: 'Your comment is confirmed',
        ...common(c.partnership),
        back: haveYourSayPaths.page(c.partnership.slug),
      })
    },
  )
  // Routes are registered synchronously; the modules' index awaits every registrar alike.
  return Promise.resolve()
}
