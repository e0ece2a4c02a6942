import type { Tx } from '../../db/client.ts'
import { audit } from '../audit/audit.ts'
import { roleNames, type Role } from '../auth/roles.ts'
import type { OrganisationsService } from '../organisations/organisations.service.ts'
import { personPolicy } from './people.policy.ts'
import { insertPerson, listPeople, updatePerson } from './people.queries.ts'
import type { UsersService } from '../users/users.service.ts'
import { CellProblem, cellParser, enumCell, textCell } from '../../workbook/cells.ts'
import { column, type Counts, type RecordOf, type SheetSpec } from '../../workbook/sheets.ts'
import { defineSheet, type ImportEnv } from '../workbook/sheet.ts'

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/

const emailCell = cellParser<string | null>((v) => {
  if (v === undefined) return null
  const email = v.trim().toLowerCase()
  if (email.length > 254 || !EMAIL.test(email))
    return new CellProblem(`must be an email address, like name@example.org (found "${v}")`)
  return email
})

const columns = {
  name: column(textCell({ required: true }), 'The person’s name', { required: true }),
  email: column(
    emailCell,
    'Their email address. A person already known by this email (or, without one, by this name) is updated',
  ),
  organisation: column(
    textCell({ max: 300 }),
    'Their organisation, by name: one of the Organisations sheet or already in the partnership',
  ),
  job_title: column(textCell(), 'Their job title'),
  role: column(
    enumCell(roleNames),
    `For those who will sign in: ${roleNames.join(', ')}. Needs an email address; they set a password from the sign-in page’s reset or an administrator sets one`,
  ),
}

type PersonRecord = RecordOf<typeof columns>

export const peopleSpec: SheetSpec<typeof columns> = {
  name: 'People',
  description:
    'Officers and members known to the partnership: directory entries, owners, contacts and users.',
  columns,
}

function peopleImport({ users, organisations }: PeopleSheetDeps, env: ImportEnv) {
  const sheet = peopleSpec.name
  const rows: { row: number; rec: PersonRecord }[] = []
  const seen = new Map<string, number>()
  const problem = (row: number, col: string, message: string) =>
    env.report.problem({ sheet, row, column: col, message })

  return {
    add(row: number, rec: PersonRecord) {
      const key = rec.email ?? `name:${rec.name.toLowerCase()}`
      const first = seen.get(key)
      if (first !== undefined)
        return problem(
          row,
          rec.email ? 'email' : 'name',
          `${rec.email ?? rec.name} appears more than once in this sheet (first at row ${first})`,
        )
      seen.set(key, row)
      if (rec.role && !rec.email)
        return problem(row, 'email', 'enter an email address for someone who will sign in')
      rows.push({ row, rec })
    },

    /** Without an email a person is found by name, which must then be unambiguous. */
    async check(tx: Tx) {
      const people = await listPeople(tx, env.partnershipId)
      for (const { row, rec } of rows) {
        if (rec.email) continue
        const same = people.filter((p) => p.name.toLowerCase() === rec.name.toLowerCase())
        if (same.length > 1)
          problem(
            row,
            'email',
            `${same.length} people are called ${rec.name} here: add the email address of the one you mean`,
          )
      }
    },

    /** Organisations resolve once the Organisations sheet (above this one) is written. */
    async apply(tx: Tx): Promise<Counts> {
      const counts = { created: 0, updated: 0, unchanged: 0 }
      const orgs = new Map(
        (await organisations.findAll(tx, env.partnershipId)).map((o) => [o.name.toLowerCase(), o.id]),
      )
      const people = await listPeople(tx, env.partnershipId)
      for (const { row, rec } of rows) {
        const organisationId = rec.organisation ? orgs.get(rec.organisation.toLowerCase()) : null
        if (organisationId === undefined) {
          problem(
            row,
            'organisation',
            `${rec.organisation} is not an organisation of the partnership or on the Organisations sheet`,
          )
          continue
        }
        const existing = rec.email
          ? people.find((p) => p.email?.toLowerCase() === rec.email)
          : people.find((p) => p.name.toLowerCase() === rec.name.toLowerCase())
        const values = {
          name: rec.name,
          email: rec.email ?? existing?.email ?? null,
          organisationId: rec.organisation ? organisationId : (existing?.organisationId ?? null),
          jobTitle: rec.job_title ?? existing?.jobTitle ?? null,
        }
        if (!existing) {
          const created = await insertPerson(tx, { partnershipId: env.partnershipId, ...values })
          await audit(tx, env.actor, {
            partnershipId: env.partnershipId,
            entityType: 'person',
            entityId: created.id,
            action: 'create',
            after: created,
          })
          counts.created++
        } else if (
          existing.name !== values.name ||
          existing.email !== values.email ||
          existing.organisationId !== values.organisationId ||
          existing.jobTitle !== values.jobTitle
        ) {
          const updated = await updatePerson(tx, existing.id, values)
          await audit(tx, env.actor, {
            partnershipId: env.partnershipId,
            entityType: 'person',
            entityId: existing.id,
            action: 'update',
            before: existing,
            after: updated,
          })
          counts.updated++
        } else counts.unchanged++
        if (rec.role && rec.email)
          await giveRole(tx, row, rec.role, rec.email, rec.name, values.organisationId)
      }
      if (env.report.failed) throw env.report.error([sheet])
      return counts
    },
  }

  /** A role for someone who has none here; a different existing role is left for the Users page. */
  async function giveRole(
    tx: Tx,
    row: number,
    role: Role,
    email: string,
    name: string,
    organisationId: string | null,
  ) {
    const current = await users.findRole(tx, env.partnershipId, email)
    if (!current) {
      await users.addMemberIn(tx, env.actor, env.partnershipId, {
        email,
        name,
        role,
        organisationId,
        password: undefined,
      })
      return
    }
    if (current !== role)
      env.report.warn({
        sheet,
        row,
        column: 'role',
        message: `${email} already has the role ${current} here: change roles on the Users page`,
      })
  }
}

export interface PeopleSheetDeps {
  /** Those who will sign in get a role (or an invitation) through the Users module. */
  users: Pick<UsersService, 'addMemberIn' | 'findRole' | 'findMembers'>
  /** A person's organisation is one of the partnership's, by name. */
  organisations: Pick<OrganisationsService, 'findAll'>
}

export const peopleSheet = (deps: PeopleSheetDeps) =>
  defineSheet({
    ...peopleSpec,
    importPolicy: personPolicy.create,
    exportPolicy: personPolicy.read,
    importer: (env) => peopleImport(deps, env),
    async *rows(db, partnershipId) {
      const roles = new Map(
        (await deps.users.findMembers(db, partnershipId)).map((m) => [m.email.toLowerCase(), m.role]),
      )
      for (const p of await listPeople(db, partnershipId))
        yield {
          name: p.name,
          email: p.email,
          organisation: p.organisationName,
          job_title: p.jobTitle,
          role: (p.email && roles.get(p.email.toLowerCase())) || null,
        }
    },
  })
