import { manager, type Rule } from '../src/modules/auth/policy.ts'
import type { Role } from '../src/modules/auth/roles.ts'
import { agreementPolicy } from '../src/modules/agreements/agreements.policy.ts'
import { assessmentPolicy } from '../src/modules/assessments/assessments.policy.ts'
import { auditPolicy } from '../src/modules/audit/audit.policy.ts'
import { consultationPolicy } from '../src/modules/consultation/consultation.policy.ts'
import { directoryPolicy } from '../src/modules/directory/directory.policy.ts'
import { nationalRule } from '../src/modules/indicators/indicators.national.ts'
import { indicatorPolicy } from '../src/modules/indicators/indicators.policy.ts'
import { signInLinkPolicy } from '../src/modules/auth/sign-in-links.policy.ts'
import { memberPolicy } from '../src/modules/users/users.policy.ts'
import { organisationPolicy } from '../src/modules/organisations/organisations.policy.ts'
import { outboxPolicy } from '../src/modules/outbox/outbox.policy.ts'
import { partnershipPolicy } from '../src/modules/partnerships/partnerships.policy.ts'
import { personPolicy } from '../src/modules/people/people.policy.ts'
import { placePolicy } from '../src/modules/places/places.policy.ts'
import { roundPolicy } from '../src/modules/rounds/rounds.policy.ts'
import { valuePolicy } from '../src/modules/values/values.policy.ts'
import { strategyPolicy } from '../src/modules/strategy/strategy.policy.ts'
import { targetPolicy } from '../src/modules/targets/targets.policy.ts'
import { timetablePolicy } from '../src/modules/timetable/timetable.policy.ts'
import { workbookPolicy } from '../src/workbook/workbook.service.ts'

/**
 * Who may call each route. `public`: anyone, signed in or not. `signedIn`: any signed-in user
 * (what they may do is decided by the input, e.g. which partnership they name). A rule: the
 * partnership named by `:slug` must allow the user's role, taken from the module's policy.
 */
export type Expectation = 'public' | 'signedIn' | Rule | PerRecord

/**
 * A rule at the door, and roles the service decides for record by record (an outcome lead edits
 * the outcomes they lead): for those roles the walk's placeholder record may be refused or not.
 */
export interface PerRecord {
  rule: Rule
  perRecord: Role[]
}
const perRecord = (rule: Rule, ...roles: Role[]): PerRecord => ({ rule, perRecord: roles })

/** The same policy for a module's pages and its API. */
function crud(
  pages: string,
  api: string,
  policy: { read: Rule; create: Rule; update: Rule; archive: Rule },
): Record<string, Expectation> {
  return {
    [`GET ${pages}`]: policy.read,
    [`GET ${pages}/new`]: policy.create,
    [`POST ${pages}`]: policy.create,
    [`GET ${pages}/:id`]: policy.read,
    [`GET ${pages}/:id/edit`]: policy.update,
    [`POST ${pages}/:id`]: policy.update,
    [`POST ${pages}/:id/archive`]: policy.archive,
    [`GET ${api}`]: policy.read,
    [`POST ${api}`]: policy.create,
    [`GET ${api}/:id`]: policy.read,
    [`PUT ${api}/:id`]: policy.update,
    [`DELETE ${api}/:id`]: policy.archive,
  }
}

const api = (name: string) => `/api/v1/partnerships/:slug/${name}`

/** Managers, and outcome leads for the outcomes they lead (the service decides per record). */
const OUTCOME_EDITORS = perRecord(manager, 'outcome_lead')

/** Every route must be here: a route added without an expectation fails the walk. */
export const EXPECTED: Record<string, Expectation> = {
  // Public: sign-in, health, the API's description, assets.
  'GET /': 'public',
  'GET /sign-in': 'public',
  'POST /sign-in': 'public',
  'POST /sign-out': 'public',
  // One-time links to set a password: asked for, and used, without signing in.
  'GET /forgotten-password': 'public',
  'POST /forgotten-password': 'public',
  'GET /set-password': 'public',
  'POST /set-password': 'public',
  'GET /healthz': 'public',
  'GET /api/v1/openapi.json': 'public',
  'GET /api/v1/docs': 'public',
  'GET /help/assessment-rules': 'public',
  // The footer's pages: read before signing in, by anyone.
  'GET /accessibility': 'public',
  'GET /privacy': 'public',
  'GET /cookies': 'public',
  'GET /assets/*': 'public',
  'GET /govuk/*': 'public',
  'GET /moj/*': 'public',
  'GET /public/*': 'public',

  // One's own account, and the partnerships one belongs to.
  'GET /account': 'signedIn',
  'GET /account/password': 'signedIn',
  'POST /account/password': 'signedIn',
  'POST /account/tokens': 'signedIn',
  'POST /account/tokens/:id/revoke': 'signedIn',
  'GET /switch': 'signedIn',
  'GET /partnerships': 'signedIn',
  'GET /partnerships/new': 'signedIn',
  'POST /partnerships': 'signedIn',
  'GET /api/v1/partnerships': 'signedIn',
  'POST /api/v1/partnerships': 'signedIn',

  // A partnership itself.
  'GET /p/:slug': partnershipPolicy.read,
  'GET /p/:slug/settings': partnershipPolicy.update,
  'POST /p/:slug/settings': partnershipPolicy.update,
  'POST /p/:slug/archive': partnershipPolicy.archive,
  'GET /api/v1/partnerships/:slug': partnershipPolicy.read,
  'PUT /api/v1/partnerships/:slug': partnershipPolicy.update,
  'DELETE /api/v1/partnerships/:slug': partnershipPolicy.archive,

  ...crud('/p/:slug/organisations', api('organisations'), organisationPolicy),
  ...crud('/p/:slug/places', api('places'), placePolicy),
  ...crud('/p/:slug/people', api('people'), personPolicy),
  // Users are taken off a partnership ("remove") rather than archived.
  ...Object.fromEntries(
    Object.entries(crud('/p/:slug/users', api('users'), memberPolicy)).map(([route, rule]) => [
      route.replace(/\/archive$/, '/remove'),
      rule,
    ]),
  ),
  'POST /p/:slug/users/:id/sign-in-link': signInLinkPolicy.send,
  // Adding a user is inviting them; the invited person answers as themselves.
  'POST /p/:slug/users/invitations/:id/withdraw': memberPolicy.archive,
  [`GET ${api('invitations')}`]: memberPolicy.read,
  [`POST ${api('invitations')}`]: memberPolicy.create,
  [`DELETE ${api('invitations')}/:id`]: memberPolicy.archive,
  'GET /invitations': 'signedIn',
  'POST /invitations/:id/accept': 'signedIn',
  'POST /invitations/:id/decline': 'signedIn',
  'GET /api/v1/invitations': 'signedIn',
  'POST /api/v1/invitations/:id/accept': 'signedIn',
  'POST /api/v1/invitations/:id/decline': 'signedIn',

  ...crud('/p/:slug/indicators', api('indicators'), indicatorPolicy),
  // National indicators: system administrators only (no partnership in the address).
  'GET /admin/indicators': nationalRule,
  'GET /admin/indicators/:id/edit': nationalRule,
  'POST /admin/indicators/:id': nationalRule,
  'GET /api/v1/indicators': nationalRule,
  'PUT /api/v1/indicators/:id': nationalRule,

  // Data providers upload their returns too; each sheet then applies its own policy.
  'GET /p/:slug/workbook': workbookPolicy.upload,
  'POST /p/:slug/workbook/import': workbookPolicy.upload,
  'GET /p/:slug/workbook/imports/:id/progress': workbookPolicy.upload,
  'GET /p/:slug/workbook/exports/:sheet': workbookPolicy.export,
  'GET /p/:slug/workbook/template': workbookPolicy.export,
  [`POST ${api('imports')}`]: workbookPolicy.upload,
  [`GET ${api('exports')}/:sheet`]: workbookPolicy.export,

  // The strategy: versions, nodes (outcomes, priorities, themes), tags, links, consultation.
  'GET /p/:slug/strategy': strategyPolicy.read,
  'GET /p/:slug/strategy/versions': strategyPolicy.read,
  'POST /p/:slug/strategy/versions': strategyPolicy.edit,
  'GET /p/:slug/strategy/versions/:number': strategyPolicy.read,
  'GET /p/:slug/strategy/versions/:number/edit': strategyPolicy.edit,
  'POST /p/:slug/strategy/versions/:number': strategyPolicy.edit,
  'GET /p/:slug/strategy/versions/:number/status': strategyPolicy.edit,
  'POST /p/:slug/strategy/versions/:number/status': strategyPolicy.edit,
  'GET /p/:slug/strategy/versions/:number/compare': strategyPolicy.read,
  'GET /p/:slug/strategy/versions/:number/outline': strategyPolicy.read,
  'GET /p/:slug/strategy/versions/:number/nodes/new': strategyPolicy.edit,
  'POST /p/:slug/strategy/versions/:number/nodes': strategyPolicy.edit,
  'GET /p/:slug/strategy/nodes/:id': strategyPolicy.read,
  'GET /p/:slug/strategy/nodes/:id/edit': strategyPolicy.edit,
  'POST /p/:slug/strategy/nodes/:id': strategyPolicy.edit,
  'POST /p/:slug/strategy/nodes/:id/archive': strategyPolicy.edit,
  'GET /p/:slug/strategy/nodes/:id/move': strategyPolicy.edit,
  'POST /p/:slug/strategy/nodes/:id/move': strategyPolicy.edit,
  'POST /p/:slug/strategy/nodes/:id/reorder': strategyPolicy.edit,
  'POST /p/:slug/strategy/nodes/:id/links': strategyPolicy.edit,
  'POST /p/:slug/strategy/links/:linkId/remove': strategyPolicy.edit,
  // Outcome leads may change the statement of outcomes they lead (decided per node).
  'GET /p/:slug/strategy/nodes/:id/statement': OUTCOME_EDITORS,
  'POST /p/:slug/strategy/nodes/:id/statement': OUTCOME_EDITORS,
  'GET /p/:slug/strategy/tags': strategyPolicy.read,
  'POST /p/:slug/strategy/tags': strategyPolicy.edit,
  'POST /p/:slug/strategy/tags/:id/archive': strategyPolicy.edit,
  [`GET ${api('strategy')}/versions`]: strategyPolicy.read,
  [`POST ${api('strategy')}/versions`]: strategyPolicy.edit,
  [`GET ${api('strategy')}/versions/:number`]: strategyPolicy.read,
  [`PUT ${api('strategy')}/versions/:number`]: strategyPolicy.edit,
  [`POST ${api('strategy')}/versions/:number/status`]: strategyPolicy.edit,
  [`GET ${api('strategy')}/versions/:number/compare`]: strategyPolicy.read,
  [`GET ${api('strategy')}/versions/:number/nodes`]: strategyPolicy.read,
  [`POST ${api('strategy')}/versions/:number/nodes`]: strategyPolicy.edit,
  [`GET ${api('strategy')}/nodes/:id`]: strategyPolicy.read,
  [`PUT ${api('strategy')}/nodes/:id`]: OUTCOME_EDITORS,
  [`DELETE ${api('strategy')}/nodes/:id`]: strategyPolicy.edit,
  [`POST ${api('strategy')}/nodes/:id/move`]: strategyPolicy.edit,
  [`POST ${api('strategy')}/nodes/:id/reorder`]: strategyPolicy.edit,
  [`GET ${api('strategy')}/nodes/:id/links`]: strategyPolicy.read,
  [`POST ${api('strategy')}/nodes/:id/links`]: strategyPolicy.edit,
  [`DELETE ${api('strategy')}/links/:id`]: strategyPolicy.edit,
  [`GET ${api('strategy')}/tags`]: strategyPolicy.read,
  [`POST ${api('strategy')}/tags`]: strategyPolicy.edit,
  [`PUT ${api('strategy')}/tags/:id`]: strategyPolicy.edit,
  [`DELETE ${api('strategy')}/tags/:id`]: strategyPolicy.edit,
  'GET /p/:slug/strategy/versions/:number/consultation': consultationPolicy.read,
  'POST /p/:slug/strategy/versions/:number/consultation': consultationPolicy.comment,
  'GET /p/:slug/consultation/:id/respond': consultationPolicy.respond,
  'POST /p/:slug/consultation/:id/respond': consultationPolicy.respond,
  [`GET ${api('strategy')}/versions/:number/comments`]: consultationPolicy.read,
  [`POST ${api('strategy')}/versions/:number/comments`]: consultationPolicy.comment,
  [`POST ${api('strategy')}/comments/:id/response`]: consultationPolicy.respond,

  // Who leads and delivers each outcome (outcome leads fill in their own rows, in the service).
  'GET /p/:slug/directory': directoryPolicy.read,
  'GET /p/:slug/directory.csv': directoryPolicy.read,
  'GET /p/:slug/directory.xlsx': directoryPolicy.read,
  'GET /p/:slug/directory/gaps': directoryPolicy.read,
  'GET /p/:slug/directory/:nodeId/edit': OUTCOME_EDITORS,
  'POST /p/:slug/directory/:nodeId': OUTCOME_EDITORS,
  [`GET ${api('directory')}`]: directoryPolicy.read,
  [`GET ${api('directory')}/gaps`]: directoryPolicy.read,
  [`PUT ${api('directory')}/:nodeId`]: OUTCOME_EDITORS,

  // The development timetable and its sign-offs.
  'GET /p/:slug/timetable': timetablePolicy.read,
  'GET /p/:slug/timetable/stages/new': timetablePolicy.edit,
  'POST /p/:slug/timetable/stages': timetablePolicy.edit,
  'GET /p/:slug/timetable/stages/:id/edit': timetablePolicy.edit,
  'POST /p/:slug/timetable/stages/:id': timetablePolicy.edit,
  'POST /p/:slug/timetable/stages/:id/archive': timetablePolicy.edit,
  'GET /p/:slug/timetable/signoffs/new': timetablePolicy.edit,
  'POST /p/:slug/timetable/signoffs': timetablePolicy.edit,
  'GET /p/:slug/timetable/signoffs/:id/edit': timetablePolicy.edit,
  'POST /p/:slug/timetable/signoffs/:id': timetablePolicy.edit,
  'POST /p/:slug/timetable/signoffs/:id/archive': timetablePolicy.edit,
  'GET /p/:slug/timetable/signoffs/:id/sign': timetablePolicy.edit,
  'POST /p/:slug/timetable/signoffs/:id/sign': timetablePolicy.edit,
  [`GET ${api('timetable')}/stages`]: timetablePolicy.read,
  [`POST ${api('timetable')}/stages`]: timetablePolicy.edit,
  [`PUT ${api('timetable')}/stages/:id`]: timetablePolicy.edit,
  [`DELETE ${api('timetable')}/stages/:id`]: timetablePolicy.edit,
  [`GET ${api('timetable')}/signoffs`]: timetablePolicy.read,
  [`POST ${api('timetable')}/signoffs`]: timetablePolicy.edit,
  [`PUT ${api('timetable')}/signoffs/:id`]: timetablePolicy.edit,
  [`POST ${api('timetable')}/signoffs/:id/sign`]: timetablePolicy.edit,
  [`DELETE ${api('timetable')}/signoffs/:id`]: timetablePolicy.edit,

  // The Local Area Agreement and its targets.
  'GET /p/:slug/agreements': agreementPolicy.read,
  'GET /p/:slug/agreements/new': agreementPolicy.create,
  'POST /p/:slug/agreements': agreementPolicy.create,
  'GET /p/:slug/agreements/:id': agreementPolicy.read,
  'GET /p/:slug/agreements/:id/edit': agreementPolicy.update,
  'POST /p/:slug/agreements/:id': agreementPolicy.update,
  'POST /p/:slug/agreements/:id/status': agreementPolicy.update,
  'POST /p/:slug/agreements/:id/new-draft': agreementPolicy.update,
  'GET /p/:slug/agreements/:id/sign-off': agreementPolicy.signOff,
  'POST /p/:slug/agreements/:id/sign-off': agreementPolicy.signOff,
  'POST /p/:slug/agreements/:id/archive': agreementPolicy.archive,
  'GET /p/:slug/agreements/:id/targets/new': targetPolicy.edit,
  'POST /p/:slug/agreements/:id/targets': targetPolicy.edit,
  'GET /p/:slug/targets/:id': targetPolicy.read,
  'GET /p/:slug/targets/:id/edit': targetPolicy.edit,
  'POST /p/:slug/targets/:id': targetPolicy.edit,
  'GET /p/:slug/targets/:id/trajectory': targetPolicy.edit,
  'POST /p/:slug/targets/:id/trajectory': targetPolicy.edit,
  'POST /p/:slug/targets/:id/comments': targetPolicy.comment,
  'POST /p/:slug/targets/:id/agree': targetPolicy.agree,
  'GET /p/:slug/targets/:id/revise': targetPolicy.revise,
  'POST /p/:slug/targets/:id/revise': targetPolicy.revise,
  'POST /p/:slug/targets/:id/archive': targetPolicy.archive,
  'GET /p/:slug/coverage': targetPolicy.read,
  [`GET ${api('agreements')}`]: agreementPolicy.read,
  [`POST ${api('agreements')}`]: agreementPolicy.create,
  [`GET ${api('agreements')}/:id`]: agreementPolicy.read,
  [`PUT ${api('agreements')}/:id`]: agreementPolicy.update,
  [`DELETE ${api('agreements')}/:id`]: agreementPolicy.archive,
  [`POST ${api('agreements')}/:id/new-draft`]: agreementPolicy.update,
  [`POST ${api('agreements')}/:id/sign-off`]: agreementPolicy.signOff,
  [`POST ${api('agreements')}/:id/status`]: agreementPolicy.update,
  [`GET ${api('agreements')}/:id/coverage`]: targetPolicy.read,
  [`GET ${api('agreements')}/:id/targets`]: targetPolicy.read,
  [`POST ${api('agreements')}/:id/targets`]: targetPolicy.edit,
  [`GET ${api('targets')}/:id`]: targetPolicy.read,
  [`PUT ${api('targets')}/:id`]: targetPolicy.edit,
  [`DELETE ${api('targets')}/:id`]: targetPolicy.archive,
  [`GET ${api('targets')}/:id/trajectory`]: targetPolicy.read,
  [`PUT ${api('targets')}/:id/trajectory`]: targetPolicy.edit,
  [`GET ${api('targets')}/:id/comments`]: targetPolicy.read,
  [`POST ${api('targets')}/:id/comments`]: targetPolicy.comment,
  [`POST ${api('targets')}/:id/agree`]: targetPolicy.agree,
  [`GET ${api('targets')}/:id/revisions`]: targetPolicy.read,
  [`POST ${api('targets')}/:id/revisions`]: targetPolicy.revise,

  // Quarterly values, collection rounds, returns and reminders.
  'GET /p/:slug/returns': valuePolicy.enterSome,
  'GET /p/:slug/values/enter': valuePolicy.enterSome,
  'POST /p/:slug/values/enter': valuePolicy.enterSome,
  'GET /p/:slug/values/:id': valuePolicy.read,
  'POST /p/:slug/values/:id/submit': valuePolicy.enterSome,
  'POST /p/:slug/values/:id/approve': valuePolicy.approve,
  'POST /p/:slug/values/:id/return': valuePolicy.approve,
  'POST /p/:slug/values/:id/reopen': valuePolicy.reopen,
  [`GET ${api('values')}`]: valuePolicy.read,
  [`GET ${api('values')}/:id`]: valuePolicy.read,
  [`PUT ${api('values')}`]: valuePolicy.enterSome,
  [`PUT ${api('values')}/:id`]: valuePolicy.enterSome,
  [`POST ${api('values')}/:id/submit`]: valuePolicy.enterSome,
  [`POST ${api('values')}/:id/approve`]: valuePolicy.approve,
  [`POST ${api('values')}/:id/return`]: valuePolicy.approve,
  [`POST ${api('values')}/:id/reopen`]: valuePolicy.reopen,
  [`GET ${api('returns')}`]: valuePolicy.enterSome,
  'GET /p/:slug/rounds': roundPolicy.read,
  'POST /p/:slug/rounds/generate': roundPolicy.manage,
  'GET /p/:slug/rounds/:id': roundPolicy.read,
  'POST /p/:slug/rounds/:id': roundPolicy.manage,
  'POST /p/:slug/rounds/:id/exceptions': roundPolicy.manage,
  'POST /p/:slug/rounds/:id/approve': valuePolicy.approve,
  'POST /p/:slug/rounds/:id/exceptions/:exceptionId/revoke': roundPolicy.manage,
  [`GET ${api('rounds')}`]: roundPolicy.read,
  [`POST ${api('rounds')}`]: roundPolicy.manage,
  [`POST ${api('rounds')}/generate`]: roundPolicy.manage,
  [`GET ${api('rounds')}/:id`]: roundPolicy.read,
  [`PUT ${api('rounds')}/:id`]: roundPolicy.manage,
  [`GET ${api('rounds')}/:id/completeness`]: roundPolicy.read,
  [`POST ${api('rounds')}/:id/exceptions`]: roundPolicy.manage,
  'GET /p/:slug/outbox': outboxPolicy.read,
  'POST /p/:slug/outbox/reminders': outboxPolicy.read,

  // Computed status: the dashboard and the assessments behind it.
  'GET /p/:slug/dashboard': assessmentPolicy.read,
  'GET /p/:slug/dashboard/targets': assessmentPolicy.read,
  'GET /p/:slug/dashboard/targets/:id': assessmentPolicy.read,
  'GET /p/:slug/dashboard/targets/:id/places': assessmentPolicy.read,
  [`GET ${api('assessments')}`]: assessmentPolicy.read,

  'GET /p/:slug/audit': auditPolicy.read,
  [`GET ${api('audit')}`]: auditPolicy.read,
}

/**
 * Routes that check their policy only in the service, after the input has been validated or the
 * record loaded, so a refused role sees 422 or 404 for the walk's empty input instead of 403.
 * They are still required to refuse (4xx, never success). Give such a route
 * `config: { policy: ... }` (checked before validation) and take it off this list; the walk
 * fails when a listed route already answers 403 to every refused role. Empty: every route that
 * was here declares its policy now, and a new route refused only in its service fails the walk.
 */
export const SERVICE_ONLY = new Set<string>([])
