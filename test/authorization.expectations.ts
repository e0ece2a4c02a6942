import { roleNames, type Role } from '../src/modules/auth/roles.ts'

/**
 * Who may do what, written out by hand: one row per action, one column per role. The route walk
 * (authorization.int.test.ts) checks every route's answers against this table, and the policy
 * code against it, so neither the walk nor the table is derived from the code they check.
 *
 *   Y  allowed     -  refused (403)
 *   R  let in at the door; the service decides record by record (an outcome lead changes only
 *      the outcomes they lead), so the walk's placeholder record may be refused or not.
 *
 * Changing who may do something means changing this table as well as the policy.
 */
export const WHO_MAY = table(`
                                 admin  perf  lead  prov  fin  board  scrut  gov
  partnership.read                 Y     Y     Y     Y     Y     Y     Y     Y
  partnership.update               Y     -     -     -     -     -     -     -
  partnership.archive              Y     -     -     -     -     -     -     -
  partnership.createChild          Y     -     -     -     -     -     -     -
  organisations.read               Y     Y     Y     Y     Y     Y     Y     Y
  organisations.create             Y     Y     -     -     -     -     -     -
  organisations.update             Y     Y     -     -     -     -     -     -
  organisations.archive            Y     Y     -     -     -     -     -     -
  places.read                      Y     Y     Y     Y     Y     Y     Y     Y
  places.create                    Y     Y     -     -     -     -     -     -
  places.update                    Y     Y     -     -     -     -     -     -
  places.archive                   Y     Y     -     -     -     -     -     -
  people.read                      Y     Y     Y     Y     Y     Y     Y     Y
  people.create                    Y     Y     -     -     -     -     -     -
  people.update                    Y     Y     -     -     -     -     -     -
  people.archive                   Y     Y     -     -     -     -     -     -
  users.read                       Y     -     -     -     -     -     -     -
  users.create                     Y     -     -     -     -     -     -     -
  users.update                     Y     -     -     -     -     -     -     -
  users.archive                    Y     -     -     -     -     -     -     -
  users.sendSignInLink             Y     -     -     -     -     -     -     -
  indicators.read                  Y     Y     Y     Y     Y     Y     Y     Y
  indicators.create                Y     Y     -     -     -     -     -     -
  indicators.update                Y     Y     -     -     -     -     -     -
  indicators.archive               Y     Y     -     -     -     -     -     -
  indicators.national              -     -     -     -     -     -     -     -
  workbook.upload                  Y     Y     -     Y     Y     -     -     -
  workbook.import                  Y     Y     -     -     -     -     -     -
  workbook.export                  Y     Y     -     -     -     -     -     -
  strategy.read                    Y     Y     Y     Y     Y     Y     Y     Y
  strategy.edit                    Y     Y     -     -     -     -     -     -
  strategy.editStatement           Y     Y     R     -     -     -     -     -
  consultation.read                Y     Y     Y     Y     Y     Y     Y     Y
  consultation.comment             Y     Y     Y     Y     Y     Y     Y     Y
  consultation.commentOnBehalf     Y     Y     -     -     -     -     -     -
  consultation.respond             Y     Y     -     -     -     -     -     -
  residents.moderate               Y     Y     -     -     -     -     -     -
  residents.openToPublic           Y     Y     -     -     -     -     -     -
  directory.read                   Y     Y     Y     Y     Y     Y     Y     Y
  directory.edit                   Y     Y     -     -     -     -     -     -
  directory.editEntry              Y     Y     R     -     -     -     -     -
  timetable.read                   Y     Y     Y     Y     Y     Y     Y     Y
  timetable.edit                   Y     Y     -     -     -     -     -     -
  agreements.read                  Y     Y     Y     Y     Y     Y     Y     Y
  agreements.create                Y     Y     -     -     -     -     -     -
  agreements.update                Y     Y     -     -     -     -     -     -
  agreements.signOff               Y     Y     -     -     -     -     -     -
  agreements.archive               Y     Y     -     -     -     -     -     -
  targets.read                     Y     Y     Y     Y     Y     Y     Y     Y
  targets.edit                     Y     Y     -     -     -     -     -     -
  targets.comment                  Y     Y     -     -     -     -     -     Y
  targets.agree                    Y     -     -     -     -     -     -     Y
  targets.revise                   Y     Y     -     -     -     -     -     -
  targets.archive                  Y     Y     -     -     -     -     -     -
  values.read                      Y     Y     Y     Y     Y     Y     Y     Y
  values.enterSome                 Y     Y     -     Y     -     -     -     -
  values.enterOffTarget            Y     -     -     -     -     -     -     -
  values.approve                   Y     Y     -     -     -     -     -     -
  values.reopen                    Y     -     -     -     -     -     -     -
  rounds.read                      Y     Y     Y     Y     Y     Y     Y     Y
  rounds.manage                    Y     Y     -     -     -     -     -     -
  outbox.read                      Y     Y     -     -     -     -     -     -
  assessments.read                 Y     Y     Y     Y     Y     Y     Y     Y
  assessments.reassess             Y     Y     -     -     -     -     -     -
  audit.read                       Y     -     -     -     -     -     -     -
  improvement.read                 Y     Y     Y     Y     Y     Y     Y     Y
  improvement.edit                 Y     Y     R     -     -     -     -     -
  improvement.assign               Y     Y     -     -     -     -     -     -
  improvement.signOff              Y     Y     -     -     -     -     -     -
  delivery.read                    Y     Y     Y     Y     Y     Y     Y     Y
  delivery.edit                    Y     Y     R     -     -     -     -     -
  delivery.progress                Y     Y     R     R     R     R     R     R
  delivery.review                  Y     Y     R     R     R     R     R     R
  delivery.manageReviewers         Y     Y     -     -     -     -     -     -
  requests.read                    Y     Y     Y     Y     Y     Y     Y     Y
  requests.manage                  Y     Y     -     -     -     -     -     -
  requests.comment                 Y     -     -     -     -     -     -     Y
  requests.decide                  Y     -     -     -     -     -     -     Y
  escalations.read                 Y     Y     Y     Y     Y     Y     Y     Y
  escalations.raise                Y     Y     Y     -     -     -     -     -
  escalations.decide               Y     -     -     -     -     Y     -     -
  escalations.withdraw             Y     Y     R     -     -     -     -     -
  escalations.withdrawAny          Y     Y     -     -     -     -     -     -
  commentary.read                  Y     Y     Y     Y     Y     Y     Y     Y
  commentary.write                 Y     Y     R     -     -     -     -     -
  commentary.manage                Y     Y     -     -     -     -     -     -
  risks.read                       Y     Y     Y     Y     Y     Y     Y     Y
  risks.edit                       Y     Y     R     -     -     -     -     -
  risks.archive                    Y     Y     -     -     -     -     -     -
  risks.setAppetite                Y     Y     -     -     -     Y     -     -
  risks.workshops                  Y     Y     -     -     -     -     -     -
  reports.read                     Y     Y     Y     Y     Y     Y     Y     Y
  reports.generate                 Y     Y     Y     -     Y     -     -     -
  reports.manageDefinitions        Y     Y     Y     -     Y     -     -     -
  money.read                       Y     Y     Y     Y     Y     Y     Y     Y
  money.write                      Y     -     -     -     Y     -     -     -
  money.release                    Y     -     -     -     Y     -     -     -
  money.sign                       Y     -     -     R     Y     -     -     -
  money.enterSpend                 Y     -     -     R     Y     -     -     -
  money.approveSpend               Y     -     -     -     Y     -     -     -
`)

/** The roles an action's row lets in, and those let in only for the records the service allows. */
export interface Allowed {
  action: string
  may: Role[]
  perRecord: Role[]
}

function table(text: string): Map<string, Allowed> {
  const COLUMNS: Record<string, Role> = {
    admin: 'admin',
    perf: 'performance_officer',
    lead: 'outcome_lead',
    prov: 'data_provider',
    fin: 'finance_officer',
    board: 'board_member',
    scrut: 'scrutiny',
    gov: 'government_office',
  }
  const [head, ...rows] = text
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter((cells) => cells[0])
  const columns = head!.map((c) => COLUMNS[c]!)
  if (columns.length !== roleNames.length || !roleNames.every((r) => columns.includes(r)))
    throw new Error('WHO_MAY: one column per role')
  const actions = new Map<string, Allowed>()
  for (const [action, ...marks] of rows) {
    if (marks.length !== columns.length || marks.some((m) => !['Y', '-', 'R'].includes(m)))
      throw new Error(`WHO_MAY: ${action}: one Y, - or R per role`)
    if (actions.has(action!)) throw new Error(`WHO_MAY: ${action} twice`)
    actions.set(action!, {
      action: action!,
      may: columns.filter((_, i) => marks[i] !== '-'),
      perRecord: columns.filter((_, i) => marks[i] === 'R'),
    })
  }
  return actions
}

/** An action's row of the table. */
function may(action: string): Allowed {
  const allowed = WHO_MAY.get(action)
  if (!allowed) throw new Error(`WHO_MAY has no row ${action}`)
  return allowed
}

/**
 * Who may call each route. `public`: anyone, signed in or not. `signedIn`: any signed-in user
 * (what they may do is decided by the input, e.g. which partnership they name). Otherwise a row of
 * WHO_MAY: the roles it lets in, in the partnership named by `:slug`.
 */
export type Expectation = 'public' | 'signedIn' | Allowed

/** The same actions for a module's pages and its API. */
function crud(pages: string, api: string, module: string): Record<string, Expectation> {
  return {
    [`GET ${pages}`]: may(`${module}.read`),
    [`GET ${pages}/new`]: may(`${module}.create`),
    [`POST ${pages}`]: may(`${module}.create`),
    [`GET ${pages}/:id`]: may(`${module}.read`),
    [`GET ${pages}/:id/edit`]: may(`${module}.update`),
    [`POST ${pages}/:id`]: may(`${module}.update`),
    [`POST ${pages}/:id/archive`]: may(`${module}.archive`),
    [`GET ${api}`]: may(`${module}.read`),
    [`POST ${api}`]: may(`${module}.create`),
    [`GET ${api}/:id`]: may(`${module}.read`),
    [`PUT ${api}/:id`]: may(`${module}.update`),
    [`DELETE ${api}/:id`]: may(`${module}.archive`),
  }
}

const api = (name: string) => `/api/v1/partnerships/:slug/${name}`

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
  // Sign-in with the council's identity provider (OIDC): the way there and back, before signing in.
  'GET /auth/oidc/start': 'public',
  'GET /auth/oidc/callback': 'public',
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
  // The public site (#16): a partnership's published targets and approved figures, for anyone.
  'GET /public': 'public',
  'GET /public/:site([a-z0-9-]+)': 'public',
  'GET /public/:site([a-z0-9-]+)/outcomes': 'public',
  'GET /public/:site([a-z0-9-]+)/targets/:code': 'public',
  'GET /public/:site([a-z0-9-]+)/targets/:code/:period': 'public',
  // Open data (#16): the data dictionary and each download (targets.csv, values.json, …csv-metadata.json).
  'GET /public/:site([a-z0-9-]+)/data': 'public',
  'GET /public/:site([a-z0-9-]+)/data/:file': 'public',
  // Residents' comments on a draft strategy (#16 §6): without an account, confirmed by email.
  'GET /public/:site([a-z0-9-]+)/have-your-say': 'public',
  'POST /public/:site([a-z0-9-]+)/have-your-say': 'public',
  'GET /public/:site([a-z0-9-]+)/have-your-say/check-your-email': 'public',
  'GET /public/:site([a-z0-9-]+)/have-your-say/confirm/:token': 'public',
  'POST /public/:site([a-z0-9-]+)/have-your-say/confirm/:token': 'public',

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
  'GET /p/:slug': may('partnership.read'),
  'GET /p/:slug/settings': may('partnership.update'),
  'POST /p/:slug/settings': may('partnership.update'),
  'POST /p/:slug/archive': may('partnership.archive'),
  'GET /api/v1/partnerships/:slug': may('partnership.read'),
  'PUT /api/v1/partnerships/:slug': may('partnership.update'),
  'DELETE /api/v1/partnerships/:slug': may('partnership.archive'),
  // The partnership's logo: every member sees it; administrators set and remove it.
  'GET /p/:slug/logo': may('partnership.read'),
  'POST /p/:slug/settings/logo': may('partnership.update'),
  'POST /p/:slug/settings/logo/remove': may('partnership.update'),
  'POST /p/:slug/settings/public': may('partnership.update'),
  'GET /api/v1/partnerships/:slug/logo': may('partnership.read'),
  'PUT /api/v1/partnerships/:slug/logo': may('partnership.update'),
  'DELETE /api/v1/partnerships/:slug/logo': may('partnership.update'),

  ...crud('/p/:slug/organisations', api('organisations'), 'organisations'),
  ...crud('/p/:slug/places', api('places'), 'places'),
  ...crud('/p/:slug/people', api('people'), 'people'),
  // Users are taken off a partnership ("remove") rather than archived.
  ...Object.fromEntries(
    Object.entries(crud('/p/:slug/users', api('users'), 'users')).map(([route, rule]) => [
      route.replace(/\/archive$/, '/remove'),
      rule,
    ]),
  ),
  'POST /p/:slug/users/:id/sign-in-link': may('users.sendSignInLink'),
  // Adding a user is inviting them; the invited person answers as themselves.
  'POST /p/:slug/users/invitations/:id/withdraw': may('users.archive'),
  [`GET ${api('invitations')}`]: may('users.read'),
  [`POST ${api('invitations')}`]: may('users.create'),
  [`DELETE ${api('invitations')}/:id`]: may('users.archive'),
  'GET /invitations': 'signedIn',
  'POST /invitations/:id/accept': 'signedIn',
  'POST /invitations/:id/decline': 'signedIn',
  'GET /api/v1/invitations': 'signedIn',
  'POST /api/v1/invitations/:id/accept': 'signedIn',
  'POST /api/v1/invitations/:id/decline': 'signedIn',

  ...crud('/p/:slug/indicators', api('indicators'), 'indicators'),
  // National indicators: system administrators only (no partnership in the address).
  'GET /admin/indicators': may('indicators.national'),
  'GET /admin/indicators/:id/edit': may('indicators.national'),
  'POST /admin/indicators/:id': may('indicators.national'),
  'GET /api/v1/indicators': may('indicators.national'),
  'PUT /api/v1/indicators/:id': may('indicators.national'),

  // Data providers upload their returns too; each sheet then applies its own policy.
  'GET /p/:slug/workbook': may('workbook.upload'),
  'POST /p/:slug/workbook/import': may('workbook.upload'),
  'GET /p/:slug/workbook/imports/:id/progress': may('workbook.upload'),
  'GET /p/:slug/workbook/exports/:sheet': may('workbook.export'),
  'GET /p/:slug/workbook/template': may('workbook.export'),
  [`POST ${api('imports')}`]: may('workbook.upload'),
  [`GET ${api('exports')}/:sheet`]: may('workbook.export'),

  // The strategy: versions, nodes (outcomes, priorities, themes), tags, links, consultation.
  'GET /p/:slug/strategy': may('strategy.read'),
  'GET /p/:slug/strategy/versions': may('strategy.read'),
  'POST /p/:slug/strategy/versions': may('strategy.edit'),
  'GET /p/:slug/strategy/versions/:number': may('strategy.read'),
  'GET /p/:slug/strategy/versions/:number/edit': may('strategy.edit'),
  'POST /p/:slug/strategy/versions/:number': may('strategy.edit'),
  'GET /p/:slug/strategy/versions/:number/status': may('strategy.edit'),
  'POST /p/:slug/strategy/versions/:number/status': may('strategy.edit'),
  'GET /p/:slug/strategy/versions/:number/compare': may('strategy.read'),
  'GET /p/:slug/strategy/versions/:number/outline': may('strategy.read'),
  'GET /p/:slug/strategy/versions/:number/nodes/new': may('strategy.edit'),
  'POST /p/:slug/strategy/versions/:number/nodes': may('strategy.edit'),
  'GET /p/:slug/strategy/nodes/:id': may('strategy.read'),
  'GET /p/:slug/strategy/nodes/:id/edit': may('strategy.edit'),
  'POST /p/:slug/strategy/nodes/:id': may('strategy.edit'),
  'POST /p/:slug/strategy/nodes/:id/archive': may('strategy.edit'),
  'GET /p/:slug/strategy/nodes/:id/move': may('strategy.edit'),
  'POST /p/:slug/strategy/nodes/:id/move': may('strategy.edit'),
  'POST /p/:slug/strategy/nodes/:id/reorder': may('strategy.edit'),
  'POST /p/:slug/strategy/nodes/:id/links': may('strategy.edit'),
  'POST /p/:slug/strategy/links/:linkId/remove': may('strategy.edit'),
  // Outcome leads may change the statement of outcomes they lead (decided per node).
  'GET /p/:slug/strategy/nodes/:id/statement': may('strategy.editStatement'),
  'POST /p/:slug/strategy/nodes/:id/statement': may('strategy.editStatement'),
  'GET /p/:slug/strategy/tags': may('strategy.read'),
  'POST /p/:slug/strategy/tags': may('strategy.edit'),
  'POST /p/:slug/strategy/tags/:id/archive': may('strategy.edit'),
  [`GET ${api('strategy')}/versions`]: may('strategy.read'),
  [`POST ${api('strategy')}/versions`]: may('strategy.edit'),
  [`GET ${api('strategy')}/versions/:number`]: may('strategy.read'),
  [`PUT ${api('strategy')}/versions/:number`]: may('strategy.edit'),
  [`POST ${api('strategy')}/versions/:number/status`]: may('strategy.edit'),
  [`GET ${api('strategy')}/versions/:number/compare`]: may('strategy.read'),
  [`GET ${api('strategy')}/versions/:number/nodes`]: may('strategy.read'),
  [`POST ${api('strategy')}/versions/:number/nodes`]: may('strategy.edit'),
  [`GET ${api('strategy')}/nodes/:id`]: may('strategy.read'),
  [`PUT ${api('strategy')}/nodes/:id`]: may('strategy.editStatement'),
  [`DELETE ${api('strategy')}/nodes/:id`]: may('strategy.edit'),
  [`POST ${api('strategy')}/nodes/:id/move`]: may('strategy.edit'),
  [`POST ${api('strategy')}/nodes/:id/reorder`]: may('strategy.edit'),
  [`GET ${api('strategy')}/nodes/:id/links`]: may('strategy.read'),
  [`POST ${api('strategy')}/nodes/:id/links`]: may('strategy.edit'),
  [`DELETE ${api('strategy')}/links/:id`]: may('strategy.edit'),
  [`GET ${api('strategy')}/tags`]: may('strategy.read'),
  [`POST ${api('strategy')}/tags`]: may('strategy.edit'),
  [`PUT ${api('strategy')}/tags/:id`]: may('strategy.edit'),
  [`DELETE ${api('strategy')}/tags/:id`]: may('strategy.edit'),
  'GET /p/:slug/strategy/versions/:number/consultation': may('consultation.read'),
  'POST /p/:slug/strategy/versions/:number/consultation': may('consultation.comment'),
  'GET /p/:slug/consultation/:id/respond': may('consultation.respond'),
  'POST /p/:slug/consultation/:id/respond': may('consultation.respond'),
  [`GET ${api('strategy')}/versions/:number/comments`]: may('consultation.read'),
  [`POST ${api('strategy')}/versions/:number/comments`]: may('consultation.comment'),
  [`POST ${api('strategy')}/comments/:id/response`]: may('consultation.respond'),
  // Residents' comments: moderated, and a draft opened to the public, by the same managers.
  'GET /p/:slug/strategy/versions/:number/residents': may('residents.moderate'),
  'POST /p/:slug/strategy/versions/:number/residents/window': may('residents.openToPublic'),
  'GET /p/:slug/residents/:id': may('residents.moderate'),
  'POST /p/:slug/residents/:id': may('residents.moderate'),
  [`GET ${api('strategy')}/versions/:number/public-comments`]: may('residents.moderate'),
  [`PUT ${api('strategy')}/versions/:number/public-window`]: may('residents.openToPublic'),
  [`POST ${api('strategy')}/public-comments/:id/moderation`]: may('residents.moderate'),
  [`PUT ${api('strategy')}/public-comments/:id/response`]: may('residents.moderate'),

  // Who leads and delivers each outcome (outcome leads fill in their own rows, in the service).
  'GET /p/:slug/directory': may('directory.read'),
  'GET /p/:slug/directory.csv': may('directory.read'),
  'GET /p/:slug/directory.xlsx': may('directory.read'),
  'GET /p/:slug/directory/gaps': may('directory.read'),
  'GET /p/:slug/directory/:nodeId/edit': may('directory.editEntry'),
  'POST /p/:slug/directory/:nodeId': may('directory.editEntry'),
  [`GET ${api('directory')}`]: may('directory.read'),
  [`GET ${api('directory')}/gaps`]: may('directory.read'),
  [`PUT ${api('directory')}/:nodeId`]: may('directory.editEntry'),

  // The development timetable and its sign-offs.
  'GET /p/:slug/timetable': may('timetable.read'),
  'GET /p/:slug/timetable/stages/new': may('timetable.edit'),
  'POST /p/:slug/timetable/stages': may('timetable.edit'),
  'GET /p/:slug/timetable/stages/:id/edit': may('timetable.edit'),
  'POST /p/:slug/timetable/stages/:id': may('timetable.edit'),
  'POST /p/:slug/timetable/stages/:id/archive': may('timetable.edit'),
  'GET /p/:slug/timetable/signoffs/new': may('timetable.edit'),
  'POST /p/:slug/timetable/signoffs': may('timetable.edit'),
  'GET /p/:slug/timetable/signoffs/:id/edit': may('timetable.edit'),
  'POST /p/:slug/timetable/signoffs/:id': may('timetable.edit'),
  'POST /p/:slug/timetable/signoffs/:id/archive': may('timetable.edit'),
  'GET /p/:slug/timetable/signoffs/:id/sign': may('timetable.edit'),
  'POST /p/:slug/timetable/signoffs/:id/sign': may('timetable.edit'),
  [`GET ${api('timetable')}/stages`]: may('timetable.read'),
  [`POST ${api('timetable')}/stages`]: may('timetable.edit'),
  [`PUT ${api('timetable')}/stages/:id`]: may('timetable.edit'),
  [`DELETE ${api('timetable')}/stages/:id`]: may('timetable.edit'),
  [`GET ${api('timetable')}/signoffs`]: may('timetable.read'),
  [`POST ${api('timetable')}/signoffs`]: may('timetable.edit'),
  [`PUT ${api('timetable')}/signoffs/:id`]: may('timetable.edit'),
  [`POST ${api('timetable')}/signoffs/:id/sign`]: may('timetable.edit'),
  [`DELETE ${api('timetable')}/signoffs/:id`]: may('timetable.edit'),

  // The Local Area Agreement and its targets.
  'GET /p/:slug/agreements': may('agreements.read'),
  'GET /p/:slug/agreements/new': may('agreements.create'),
  'POST /p/:slug/agreements': may('agreements.create'),
  'GET /p/:slug/agreements/:id': may('agreements.read'),
  'GET /p/:slug/agreements/:id/edit': may('agreements.update'),
  'POST /p/:slug/agreements/:id': may('agreements.update'),
  'POST /p/:slug/agreements/:id/status': may('agreements.update'),
  'POST /p/:slug/agreements/:id/new-draft': may('agreements.update'),
  'GET /p/:slug/agreements/:id/sign-off': may('agreements.signOff'),
  'POST /p/:slug/agreements/:id/sign-off': may('agreements.signOff'),
  'POST /p/:slug/agreements/:id/archive': may('agreements.archive'),
  'GET /p/:slug/agreements/:id/targets/new': may('targets.edit'),
  'POST /p/:slug/agreements/:id/targets': may('targets.edit'),
  'GET /p/:slug/targets/:id': may('targets.read'),
  'GET /p/:slug/targets/:id/edit': may('targets.edit'),
  'POST /p/:slug/targets/:id': may('targets.edit'),
  'GET /p/:slug/targets/:id/trajectory': may('targets.edit'),
  'POST /p/:slug/targets/:id/trajectory': may('targets.edit'),
  'POST /p/:slug/targets/:id/comments': may('targets.comment'),
  'POST /p/:slug/targets/:id/agree': may('targets.agree'),
  'GET /p/:slug/targets/:id/revise': may('targets.revise'),
  'POST /p/:slug/targets/:id/revise': may('targets.revise'),
  'POST /p/:slug/targets/:id/archive': may('targets.archive'),
  'POST /p/:slug/targets/:id/published': may('targets.edit'),
  'GET /p/:slug/coverage': may('targets.read'),
  [`GET ${api('agreements')}`]: may('agreements.read'),
  [`POST ${api('agreements')}`]: may('agreements.create'),
  [`GET ${api('agreements')}/:id`]: may('agreements.read'),
  [`PUT ${api('agreements')}/:id`]: may('agreements.update'),
  [`DELETE ${api('agreements')}/:id`]: may('agreements.archive'),
  [`POST ${api('agreements')}/:id/new-draft`]: may('agreements.update'),
  [`POST ${api('agreements')}/:id/sign-off`]: may('agreements.signOff'),
  [`POST ${api('agreements')}/:id/status`]: may('agreements.update'),
  [`GET ${api('agreements')}/:id/coverage`]: may('targets.read'),
  [`GET ${api('agreements')}/:id/targets`]: may('targets.read'),
  [`POST ${api('agreements')}/:id/targets`]: may('targets.edit'),
  [`GET ${api('targets')}/:id`]: may('targets.read'),
  [`PUT ${api('targets')}/:id`]: may('targets.edit'),
  [`DELETE ${api('targets')}/:id`]: may('targets.archive'),
  [`GET ${api('targets')}/:id/trajectory`]: may('targets.read'),
  [`PUT ${api('targets')}/:id/trajectory`]: may('targets.edit'),
  [`GET ${api('targets')}/:id/comments`]: may('targets.read'),
  [`POST ${api('targets')}/:id/comments`]: may('targets.comment'),
  [`POST ${api('targets')}/:id/agree`]: may('targets.agree'),
  [`GET ${api('targets')}/:id/revisions`]: may('targets.read'),
  [`POST ${api('targets')}/:id/revisions`]: may('targets.revise'),

  // Quarterly values, collection rounds, returns and reminders.
  'GET /p/:slug/returns': may('values.enterSome'),
  'GET /p/:slug/values/enter': may('values.enterSome'),
  'POST /p/:slug/values/enter': may('values.enterSome'),
  'GET /p/:slug/values/:id': may('values.read'),
  'POST /p/:slug/values/:id/submit': may('values.enterSome'),
  'POST /p/:slug/values/:id/approve': may('values.approve'),
  'POST /p/:slug/values/:id/return': may('values.approve'),
  'POST /p/:slug/values/:id/reopen': may('values.reopen'),
  [`GET ${api('values')}`]: may('values.read'),
  [`GET ${api('values')}/:id`]: may('values.read'),
  [`PUT ${api('values')}`]: may('values.enterSome'),
  [`PUT ${api('values')}/:id`]: may('values.enterSome'),
  [`POST ${api('values')}/:id/submit`]: may('values.enterSome'),
  [`POST ${api('values')}/:id/approve`]: may('values.approve'),
  [`POST ${api('values')}/:id/return`]: may('values.approve'),
  [`POST ${api('values')}/:id/reopen`]: may('values.reopen'),
  [`GET ${api('returns')}`]: may('values.enterSome'),
  'GET /p/:slug/rounds': may('rounds.read'),
  'POST /p/:slug/rounds/generate': may('rounds.manage'),
  'GET /p/:slug/rounds/:id': may('rounds.read'),
  'POST /p/:slug/rounds/:id': may('rounds.manage'),
  'POST /p/:slug/rounds/:id/exceptions': may('rounds.manage'),
  'POST /p/:slug/rounds/:id/approve': may('values.approve'),
  'POST /p/:slug/rounds/:id/exceptions/:exceptionId/revoke': may('rounds.manage'),
  [`GET ${api('rounds')}`]: may('rounds.read'),
  [`POST ${api('rounds')}`]: may('rounds.manage'),
  [`POST ${api('rounds')}/generate`]: may('rounds.manage'),
  [`GET ${api('rounds')}/:id`]: may('rounds.read'),
  [`PUT ${api('rounds')}/:id`]: may('rounds.manage'),
  [`GET ${api('rounds')}/:id/completeness`]: may('rounds.read'),
  [`POST ${api('rounds')}/:id/exceptions`]: may('rounds.manage'),
  'GET /p/:slug/outbox': may('outbox.read'),
  'POST /p/:slug/outbox/reminders': may('outbox.read'),

  // Computed status: the dashboard and the assessments behind it.
  'GET /p/:slug/dashboard': may('assessments.read'),
  'GET /p/:slug/dashboard/targets': may('assessments.read'),
  'GET /p/:slug/dashboard/targets/:id': may('assessments.read'),
  'GET /p/:slug/dashboard/targets/:id/places': may('assessments.read'),
  [`GET ${api('assessments')}`]: may('assessments.read'),
  [`GET ${api('changes')}`]: may('assessments.read'),

  // Freedoms and flexibilities requests.
  'GET /p/:slug/requests': may('requests.read'),
  'GET /p/:slug/requests/new': may('requests.manage'),
  'POST /p/:slug/requests': may('requests.manage'),
  'GET /p/:slug/requests/:id': may('requests.read'),
  'GET /p/:slug/requests/:id/edit': may('requests.manage'),
  'POST /p/:slug/requests/:id': may('requests.manage'),
  'POST /p/:slug/requests/:id/submit': may('requests.manage'),
  'POST /p/:slug/requests/:id/withdraw': may('requests.manage'),
  'GET /p/:slug/requests/:id/decide': may('requests.decide'),
  'POST /p/:slug/requests/:id/decide': may('requests.decide'),
  'GET /p/:slug/requests/:id/comments': may('requests.comment'),
  'POST /p/:slug/requests/:id/comments': may('requests.comment'),
  [`GET ${api('requests')}`]: may('requests.read'),
  [`POST ${api('requests')}`]: may('requests.manage'),
  [`GET ${api('requests')}/:id`]: may('requests.read'),
  [`PUT ${api('requests')}/:id`]: may('requests.manage'),
  [`POST ${api('requests')}/:id/submit`]: may('requests.manage'),
  [`POST ${api('requests')}/:id/withdraw`]: may('requests.manage'),
  [`POST ${api('requests')}/:id/decision`]: may('requests.decide'),
  [`PUT ${api('requests')}/:id/comments`]: may('requests.comment'),

  // Escalations to the board and the escalation log.
  'GET /p/:slug/escalations': may('escalations.read'),
  'GET /p/:slug/escalations.csv': may('escalations.read'),
  'GET /p/:slug/escalations/new': may('escalations.raise'),
  'POST /p/:slug/escalations': may('escalations.raise'),
  'GET /p/:slug/escalations/:id': may('escalations.read'),
  'GET /p/:slug/escalations/:id/decide': may('escalations.decide'),
  'POST /p/:slug/escalations/:id/decide': may('escalations.decide'),
  'POST /p/:slug/escalations/:id/withdraw': may('escalations.withdraw'),
  [`GET ${api('escalations')}`]: may('escalations.read'),
  [`POST ${api('escalations')}`]: may('escalations.raise'),
  [`GET ${api('escalations')}/:id`]: may('escalations.read'),
  [`POST ${api('escalations')}/:id/decision`]: may('escalations.decide'),
  [`POST ${api('escalations')}/:id/withdraw`]: may('escalations.withdraw'),

  // The risk register: heat map, high risks, overdue reviews, appetite and workshops.
  // Commentary each period, outcome progress and gaps, and the requests sent when rounds close.
  'GET /p/:slug/commentary': may('commentary.read'),
  'GET /p/:slug/commentary/asked': may('commentary.read'),
  'GET /p/:slug/commentary/targets/:id': may('commentary.read'),
  'POST /p/:slug/commentary/targets/:id': may('commentary.write'),
  'GET /p/:slug/commentary/outcomes': may('commentary.read'),
  'GET /p/:slug/commentary/outcomes/:id': may('commentary.read'),
  'POST /p/:slug/commentary/outcomes/:id': may('commentary.write'),
  'GET /p/:slug/commentary/requests': may('commentary.manage'),
  'POST /p/:slug/commentary/requests': may('commentary.manage'),
  'POST /p/:slug/commentary/requests/send': may('commentary.manage'),
  [`GET ${api('commentaries')}`]: may('commentary.read'),
  [`PUT ${api('commentaries')}`]: may('commentary.write'),
  [`GET ${api('outcome-progress')}`]: may('commentary.read'),
  [`PUT ${api('outcome-progress')}`]: may('commentary.write'),
  [`GET ${api('commentary-requests')}`]: may('commentary.read'),
  [`POST ${api('commentary-requests')}`]: may('commentary.manage'),
  'GET /p/:slug/risks': may('risks.read'),
  'GET /p/:slug/risks/heat-map': may('risks.read'),
  'GET /p/:slug/risks/high': may('risks.read'),
  'GET /p/:slug/risks/overdue': may('risks.read'),
  'GET /p/:slug/risks/new': may('risks.edit'),
  'POST /p/:slug/risks': may('risks.edit'),
  'GET /p/:slug/risks/:id': may('risks.read'),
  'GET /p/:slug/risks/:id/edit': may('risks.edit'),
  'POST /p/:slug/risks/:id': may('risks.edit'),
  'GET /p/:slug/risks/:id/review': may('risks.edit'),
  'POST /p/:slug/risks/:id/review': may('risks.edit'),
  'POST /p/:slug/risks/:id/archive': may('risks.archive'),
  'GET /p/:slug/risks/appetite': may('risks.read'),
  'POST /p/:slug/risks/appetite': may('risks.setAppetite'),
  'POST /p/:slug/risks/appetite/:id/remove': may('risks.setAppetite'),
  'GET /p/:slug/risks/workshops': may('risks.read'),
  'GET /p/:slug/risks/workshops/new': may('risks.workshops'),
  'POST /p/:slug/risks/workshops': may('risks.workshops'),
  'GET /p/:slug/risks/workshops/:id': may('risks.read'),
  'POST /p/:slug/risks/workshops/:id/sources': may('risks.workshops'),
  [`GET ${api('risks')}`]: may('risks.read'),
  [`POST ${api('risks')}`]: may('risks.edit'),
  [`GET ${api('risks')}/heat-map`]: may('risks.read'),
  [`GET ${api('risks')}/high`]: may('risks.read'),
  [`GET ${api('risks')}/overdue`]: may('risks.read'),
  [`GET ${api('risks')}/:id`]: may('risks.read'),
  [`PUT ${api('risks')}/:id`]: may('risks.edit'),
  [`DELETE ${api('risks')}/:id`]: may('risks.archive'),
  [`POST ${api('risks')}/:id/reviews`]: may('risks.edit'),
  [`GET ${api('risk-appetites')}`]: may('risks.read'),
  [`PUT ${api('risk-appetites')}`]: may('risks.setAppetite'),
  [`DELETE ${api('risk-appetites')}/:id`]: may('risks.setAppetite'),
  [`GET ${api('risk-workshops')}`]: may('risks.read'),
  [`POST ${api('risk-workshops')}`]: may('risks.workshops'),
  [`GET ${api('risk-workshops')}/:id`]: may('risks.read'),
  [`POST ${api('risk-workshops')}/:id/sources`]: may('risks.workshops'),

  // Improvement plans: opened and closed by the system; owners edit, managers sign off.
  'GET /p/:slug/improvement-plans': may('improvement.read'),
  'GET /p/:slug/improvement-plans/:id': may('improvement.read'),
  'GET /p/:slug/improvement-plans/:id/edit': may('improvement.edit'),
  'POST /p/:slug/improvement-plans/:id/edit': may('improvement.edit'),
  'POST /p/:slug/improvement-plans/:id/sign-off': may('improvement.signOff'),
  [`GET ${api('improvement-plans')}`]: may('improvement.read'),
  [`GET ${api('improvement-plans')}/:id`]: may('improvement.read'),
  [`PATCH ${api('improvement-plans')}/:id`]: may('improvement.edit'),
  [`POST ${api('improvement-plans')}/:id/sign-off`]: may('improvement.signOff'),

  // Delivery plans and their actions: outcome leads change their own plans (decided per plan),
  // an action's owner records its progress, and the challenge group (managers and named
  // reviewers, decided in the service) reviews plans in challenge.
  'GET /p/:slug/delivery': may('delivery.read'),
  'GET /p/:slug/delivery/plans': may('delivery.read'),
  'GET /p/:slug/delivery/plans/new': may('delivery.edit'),
  'POST /p/:slug/delivery/plans': may('delivery.edit'),
  'GET /p/:slug/delivery/plans/:id': may('delivery.read'),
  'GET /p/:slug/delivery/plans/:id/edit': may('delivery.edit'),
  'POST /p/:slug/delivery/plans/:id': may('delivery.edit'),
  'POST /p/:slug/delivery/plans/:id/submit': may('delivery.edit'),
  'POST /p/:slug/delivery/plans/:id/issues': may('delivery.review'),
  'POST /p/:slug/delivery/plans/:id/revision': may('delivery.review'),
  'POST /p/:slug/delivery/plans/:id/accept': may('delivery.review'),
  'POST /p/:slug/delivery/issues/:id/response': may('delivery.edit'),
  'GET /p/:slug/delivery/plans/:id/actions/new': may('delivery.edit'),
  'POST /p/:slug/delivery/plans/:id/actions': may('delivery.edit'),
  'GET /p/:slug/delivery/actions/overdue': may('delivery.read'),
  'GET /p/:slug/delivery/actions/:id': may('delivery.read'),
  'GET /p/:slug/delivery/actions/:id/edit': may('delivery.edit'),
  'POST /p/:slug/delivery/actions/:id': may('delivery.edit'),
  'POST /p/:slug/delivery/actions/:id/progress': may('delivery.progress'),
  'POST /p/:slug/delivery/actions/:id/archive': may('delivery.edit'),
  'GET /p/:slug/delivery/reviewers': may('delivery.read'),
  'POST /p/:slug/delivery/reviewers': may('delivery.manageReviewers'),
  'POST /p/:slug/delivery/reviewers/:id/remove': may('delivery.manageReviewers'),
  [`GET ${api('delivery-plans')}`]: may('delivery.read'),
  [`POST ${api('delivery-plans')}`]: may('delivery.edit'),
  [`GET ${api('delivery-plans')}/:id`]: may('delivery.read'),
  [`PUT ${api('delivery-plans')}/:id`]: may('delivery.edit'),
  [`POST ${api('delivery-plans')}/:id/actions`]: may('delivery.edit'),
  [`POST ${api('delivery-plans')}/:id/submissions`]: may('delivery.edit'),
  [`POST ${api('delivery-plans')}/:id/issues`]: may('delivery.review'),
  [`POST ${api('delivery-plans')}/:id/revision`]: may('delivery.review'),
  [`POST ${api('delivery-plans')}/:id/acceptance`]: may('delivery.review'),
  [`POST ${api('challenge-issues')}/:id/response`]: may('delivery.edit'),
  [`GET ${api('actions')}/overdue`]: may('delivery.read'),
  [`GET ${api('actions')}/:id`]: may('delivery.read'),
  [`PUT ${api('actions')}/:id`]: may('delivery.edit'),
  [`POST ${api('actions')}/:id/progress`]: may('delivery.progress'),
  [`DELETE ${api('actions')}/:id`]: may('delivery.edit'),
  [`GET ${api('challenge-reviewers')}`]: may('delivery.read'),
  [`POST ${api('challenge-reviewers')}`]: may('delivery.manageReviewers'),
  [`DELETE ${api('challenge-reviewers')}/:id`]: may('delivery.manageReviewers'),

  // Money: funding streams, budgets, allocations and the financial protocol.
  'GET /p/:slug/money': may('money.read'),
  'GET /p/:slug/money/streams': may('money.read'),
  'GET /p/:slug/money/streams/new': may('money.write'),
  'POST /p/:slug/money/streams': may('money.write'),
  'GET /p/:slug/money/streams/:id': may('money.read'),
  'GET /p/:slug/money/streams/:id/edit': may('money.write'),
  'POST /p/:slug/money/streams/:id': may('money.write'),
  'POST /p/:slug/money/streams/:id/archive': may('money.write'),
  'POST /p/:slug/money/streams/:id/budgets': may('money.write'),
  'GET /p/:slug/money/streams/:id/allocations/new': may('money.write'),
  'POST /p/:slug/money/streams/:id/allocations': may('money.write'),
  'GET /p/:slug/money/allocations': may('money.read'),
  'GET /p/:slug/money/allocations/:id': may('money.read'),
  'GET /p/:slug/money/allocations/:id/edit': may('money.write'),
  'POST /p/:slug/money/allocations/:id': may('money.write'),
  'POST /p/:slug/money/allocations/:id/archive': may('money.write'),
  'POST /p/:slug/money/allocations/:id/release': may('money.release'),
  'GET /p/:slug/money/protocol': may('money.read'),
  'POST /p/:slug/money/protocol': may('money.write'),
  'POST /p/:slug/money/protocol/signatures': may('money.sign'),

  // Reports: read by every member, generated and defined by those who run the performance.
  'GET /p/:slug/reports': may('reports.read'),
  'GET /p/:slug/reports/new': may('reports.generate'),
  'POST /p/:slug/reports': may('reports.generate'),
  'GET /p/:slug/reports/:id': may('reports.read'),
  'GET /p/:slug/reports/:id/view': may('reports.read'),
  'GET /p/:slug/reports/:id/files/:format': may('reports.read'),
  'POST /p/:slug/reports/:id/retry': may('reports.generate'),
  'GET /p/:slug/reports/definitions': may('reports.read'),
  'GET /p/:slug/reports/definitions/new': may('reports.manageDefinitions'),
  'POST /p/:slug/reports/definitions': may('reports.manageDefinitions'),
  'GET /p/:slug/reports/definitions/:id/edit': may('reports.manageDefinitions'),
  'POST /p/:slug/reports/definitions/:id': may('reports.manageDefinitions'),
  'POST /p/:slug/reports/definitions/:id/archive': may('reports.manageDefinitions'),
  'POST /p/:slug/reports/definitions/:id/generate': may('reports.generate'),
  'GET /api/v1/report-kinds': 'signedIn',
  [`GET ${api('reports')}`]: may('reports.read'),
  [`POST ${api('reports')}`]: may('reports.generate'),
  [`GET ${api('reports')}/:id`]: may('reports.read'),
  [`GET ${api('reports')}/:id/files/:format`]: may('reports.read'),
  [`GET ${api('report-definitions')}`]: may('reports.read'),
  [`POST ${api('report-definitions')}`]: may('reports.manageDefinitions'),
  [`GET ${api('report-definitions')}/:id`]: may('reports.read'),
  [`PUT ${api('report-definitions')}/:id`]: may('reports.manageDefinitions'),
  [`DELETE ${api('report-definitions')}/:id`]: may('reports.manageDefinitions'),

  // Money: spend returns (recipients enter their own; finance officers approve), variance,
  // commissioning decisions and value for money.
  'GET /p/:slug/money/spend': may('money.read'),
  'GET /p/:slug/money/spend/new': may('money.enterSpend'),
  'POST /p/:slug/money/spend': may('money.enterSpend'),
  'GET /p/:slug/money/spend/:id': may('money.read'),
  'POST /p/:slug/money/spend/:id/submit': may('money.enterSpend'),
  'POST /p/:slug/money/spend/:id/approve': may('money.approveSpend'),
  'POST /p/:slug/money/spend/:id/return': may('money.approveSpend'),
  'POST /p/:slug/money/spend/:id/decision': may('money.approveSpend'),
  'GET /p/:slug/money/variance': may('money.read'),
  'GET /p/:slug/money/variance.csv': may('money.read'),
  'POST /p/:slug/money/variance/thresholds': may('money.write'),
  'GET /p/:slug/money/commissioning': may('money.read'),
  'GET /p/:slug/money/commissioning/new': may('money.write'),
  'POST /p/:slug/money/commissioning': may('money.write'),
  'GET /p/:slug/money/commissioning/:service': may('money.read'),
  'POST /p/:slug/money/commissioning/:id/archive': may('money.write'),
  'GET /p/:slug/money/value': may('money.read'),
  'GET /p/:slug/money/360giving.csv': may('money.read'),
  'GET /p/:slug/money/360giving.json': may('money.read'),
  // Money over the API (#15): streams, budgets, allocations, protocol, spend, variance, commissioning.
  [`GET ${api('funding-streams')}`]: may('money.read'),
  [`POST ${api('funding-streams')}`]: may('money.write'),
  [`GET ${api('funding-streams')}/:id`]: may('money.read'),
  [`PATCH ${api('funding-streams')}/:id`]: may('money.write'),
  [`DELETE ${api('funding-streams')}/:id`]: may('money.write'),
  [`GET ${api('funding-streams')}/:id/budgets`]: may('money.read'),
  [`PUT ${api('funding-streams')}/:id/budgets`]: may('money.write'),
  [`GET ${api('allocations')}`]: may('money.read'),
  [`GET ${api('allocations')}/360giving.json`]: may('money.read'),
  [`GET ${api('allocations')}/360giving.csv`]: may('money.read'),
  [`POST ${api('allocations')}`]: may('money.write'),
  [`GET ${api('allocations')}/:id`]: may('money.read'),
  [`PATCH ${api('allocations')}/:id`]: may('money.write'),
  [`DELETE ${api('allocations')}/:id`]: may('money.write'),
  [`POST ${api('allocations')}/:id/release`]: may('money.release'),
  [`GET ${api('financial-protocol')}`]: may('money.read'),
  [`POST ${api('financial-protocol')}`]: may('money.write'),
  [`GET ${api('protocol-signatures')}`]: may('money.read'),
  [`POST ${api('protocol-signatures')}`]: may('money.sign'),
  [`GET ${api('spend-returns')}`]: may('money.read'),
  [`POST ${api('spend-returns')}`]: may('money.enterSpend'),
  [`GET ${api('spend-returns')}/:id`]: may('money.read'),
  [`POST ${api('spend-returns')}/:id/submit`]: may('money.enterSpend'),
  [`POST ${api('spend-returns')}/:id/approve`]: may('money.approveSpend'),
  [`POST ${api('spend-returns')}/:id/return`]: may('money.approveSpend'),
  [`POST ${api('spend-returns')}/:id/decision`]: may('money.approveSpend'),
  [`GET ${api('variance')}`]: may('money.read'),
  [`GET ${api('finance-thresholds')}`]: may('money.read'),
  [`PUT ${api('finance-thresholds')}`]: may('money.write'),
  [`GET ${api('commissioning-decisions')}`]: may('money.read'),
  [`POST ${api('commissioning-decisions')}`]: may('money.write'),
  [`DELETE ${api('commissioning-decisions')}/:id`]: may('money.write'),
  [`GET ${api('value-for-money')}`]: may('money.read'),

  'GET /p/:slug/audit': may('audit.read'),
  [`GET ${api('audit')}`]: may('audit.read'),
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
