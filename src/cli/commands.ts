import { createInterface } from 'node:readline/promises'
import type { Command } from 'commander'
import { loadConfig } from '../config.ts'
import { loadDemo } from '../demo/demo.ts'
import { demoPasswordText } from '../demo/sign-in-message.ts'
import { systemActor } from '../modules/auth/actor.ts'
import { ukWhen } from '../modules/auth/sign-in-links.service.ts'
import { isRole, roleNames } from '../modules/auth/roles.ts'
import { partnershipCreate } from '../modules/partnerships/partnerships.schema.ts'
import { formatPeriod, tryParsePeriod } from '../periods/index.ts'
import { emailField } from '../modules/people/people.schema.ts'
import { serve } from '../server.ts'
import { registerReportCommands } from './report.commands.ts'
import { registerWorkbookCommands } from './workbook.commands.ts'
import { withServices } from './with-services.ts'

async function promptPassword(): Promise<string> {
  if (!process.stdin.isTTY)
    throw new Error('set GOLDTHREAD_PASSWORD, or run in a terminal to be asked for the password')
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true })
  try {
    return await rl.question('Password: ')
  } finally {
    rl.close()
  }
}

export function registerCommands(program: Command) {
  program
    .command('serve')
    .description(
      'Serve the web app and API (PORT, default 3000); loads the demo on first start unless DEMO=false',
    )
    .action(async () => {
      await serve(loadConfig())
    })

  program
    .command('migrate')
    .description('Apply database migrations and exit')
    .action(async () => {
      await withServices((s) => console.log(`Migrations applied (${s.engine}).`))
    })

  program
    .command('demo')
    .description('Load the demo partnership "Leicestershire Together" (idempotent)')
    .action(async () => {
      const config = loadConfig()
      await withServices(async (services) => {
        const r = await loadDemo(services, { password: config.demoPassword })
        console.log(`Demo partnership ${r.slug} is loaded.`)
        if (r.adminCreated) console.log(`Sign in as ${r.email} with password ${demoPasswordText(r)}`)
        else console.log(`Sign in as ${r.email} (existing password unchanged).`)
      })
    })

  const partnerships = program.command('partnerships').description('Manage partnerships')
  partnerships
    .command('add')
    .description('Create a partnership')
    .requiredOption('--slug <slug>', 'short name for web addresses, e.g. rutland-together')
    .requiredOption('--name <name>', 'full name')
    .option('--kind <kind>', 'county | district | unitary | thematic | other', 'county')
    .option('--parent <slug>', 'parent partnership (for district or thematic partnerships)')
    .action(async (opts: { slug: string; name: string; kind: string; parent?: string }) => {
      await withServices(async (s) => {
        const parent = opts.parent ? await s.partnerships.findBySlug(opts.parent) : undefined
        if (opts.parent && !parent) throw new Error(`--parent: no partnership with slug ${opts.parent}`)
        const input = partnershipCreate.safeParse({
          slug: opts.slug,
          name: opts.name,
          kind: opts.kind,
          parentId: parent?.id ?? '',
        })
        if (!input.success)
          throw new Error(input.error.issues.map((i) => `--${String(i.path[0])}: ${i.message}`).join('; '))
        const row = await s.partnerships.create(systemActor('cli'), input.data)
        console.log(`Created partnership ${row.slug} (${row.name}).`)
      })
    })

  const users = program.command('users').description('Manage users')
  users
    .command('add')
    .description('Create a user (or reuse one by email) and give them a role in a partnership')
    .requiredOption('--email <email>', 'email address (the sign-in name)')
    .requiredOption('--name <name>', 'full name')
    .requiredOption('--role <role>', roleNames.join(' | '))
    .requiredOption('--partnership <slug>', 'partnership slug')
    .option('--system-admin', 'may also create top-level partnerships')
    .action(
      async (opts: {
        email: string
        name: string
        role: string
        partnership: string
        systemAdmin?: boolean
      }) => {
        if (!isRole(opts.role))
          throw new Error(`--role: ${opts.role} is not a role; use one of ${roleNames.join(', ')}`)
        const email = emailField.safeParse(opts.email)
        if (!email.success) throw new Error(`--email: ${email.error.issues[0]?.message}`)
        await withServices(async (s) => {
          const p = await s.partnerships.findBySlug(opts.partnership)
          if (!p) throw new Error(`--partnership: no partnership with slug ${opts.partnership}`)
          const existing = await s.users.findByEmail(email.data)
          const password = existing
            ? undefined
            : (process.env.GOLDTHREAD_PASSWORD ?? (await promptPassword()))
          const actor = systemActor('cli')
          await s.users.addMember(actor, p.id, {
            email: email.data,
            name: opts.name,
            role: opts.role,
            organisationId: null,
            password,
          })
          if (opts.systemAdmin) await s.users.makeSystemAdmin(actor, email.data)
          console.log(
            `${email.data} is now ${opts.role} in ${p.slug}${existing ? ' (existing account; password unchanged)' : ''}.`,
          )
        })
      },
    )

  users
    .command('link')
    .description(
      'Print a one-time link to set a password, to pass on yourself (3 days for an account without a password, else 1 hour); earlier links stop working',
    )
    .argument('<email>', 'the user’s email address')
    .action(async (email: string) => {
      await withServices(async (s) => {
        const user = await s.users.findByEmail(email.trim())
        if (!user) throw new Error(`no user with email ${email}`)
        const link = await s.signInLinks.createForEmail(systemActor('cli'), user.email)
        console.log(link.url)
        console.error(`Works once, until ${ukWhen(link.expiresAt)} (UK time), for ${link.email}.`)
      })
    })

  const tokens = program.command('tokens').description('Manage API tokens')
  tokens
    .command('create')
    .description('Create an API token for a user and print it once')
    .requiredOption('--email <email>', 'the user the token acts as')
    .option('--name <name>', 'what the token is for', 'command line')
    .option('--partnership <slug>', 'reach this partnership only (default: every one of the user’s)')
    .option('--read-only', 'refuse every change (default: read and write)')
    .option(
      '--expires <date>',
      'the last day it works, YYYY-MM-DD, at most a year on (default: 90 days when scoped, else until revoked)',
    )
    .action(
      async (opts: {
        email: string
        name: string
        partnership?: string
        readOnly?: boolean
        expires?: string
      }) => {
        await withServices(async (s) => {
          const user = await s.users.findByEmail(opts.email)
          if (!user) throw new Error(`--email: no user with email ${opts.email}`)
          const cli = systemActor('cli')
          const scoped = opts.partnership !== undefined || opts.readOnly || opts.expires !== undefined
          const scope = scoped
            ? {
                partnershipId: opts.partnership
                  ? (await s.partnerships.resolve(cli, opts.partnership)).partnership.id
                  : null,
                access: opts.readOnly ? 'read' : 'write',
                expiresOn: opts.expires ?? s.auth.defaultTokenExpiry(),
              }
            : undefined
          const { secret } = await s.auth.createToken(cli, user.id, opts.name, scope).catch((e: unknown) => {
            const fields = (e as { fields?: Record<string, string> }).fields
            const flag = { partnershipId: '--partnership', access: '--read-only', expiresOn: '--expires' }
            if (!fields) throw e
            throw new Error(
              Object.entries(fields)
                .map(([k, m]) => `${flag[k as keyof typeof flag] ?? `--${k}`}: ${m}`)
                .join('; '),
            )
          })
          console.log(secret)
        })
      },
    )

  const reminders = program.command('reminders').description('Reminders for collection rounds')
  reminders
    .command('send')
    .description(
      'Record (and, with SMTP_URL, email) the reminders due now: a week before each due date and once overdue; never twice',
    )
    .action(async () => {
      await withServices(async (s) => {
        const r = await s.rounds.sendDueReminders()
        console.log(
          `${r.recorded} reminder${r.recorded === 1 ? '' : 's'} recorded; ${r.sent} sent${r.failed ? `, ${r.failed} failed (see the outbox page)` : ''}${s.outbox.mailConfigured ? '' : ' (no SMTP_URL: kept in the outbox)'}.`,
        )
        const c = await s.commentary.sendDue()
        console.log(
          `Commentary: ${c.requested} request${c.requested === 1 ? '' : 's'} and ${c.reminded} reminder${c.reminded === 1 ? '' : 's'} recorded; ${c.sent} sent.`,
        )
      })
    })

  program
    .command('reassess')
    .description('Rebuild the stored assessments of a partnership (or of all) from its values and targets')
    .option('--partnership <slug>', 'partnership slug')
    .option('--all', 'every partnership, one after another')
    .action(async (opts: { partnership?: string; all?: boolean }) => {
      if (Boolean(opts.partnership) === Boolean(opts.all))
        throw new Error('give either --partnership <slug> or --all')
      await withServices(async (s) => {
        const actor = systemActor('cli')
        if (opts.all) {
          const r = await s.assessments.reassessAll(actor)
          console.log(
            `Reassessed ${r.targets} targets in ${r.partnerships} partnerships: ${r.changed} rows changed, ${r.closed} closed.`,
          )
          return
        }
        const p = await s.partnerships.findBySlug(opts.partnership!)
        if (!p) throw new Error(`--partnership: no partnership with slug ${opts.partnership}`)
        const r = await s.assessments.reassess(actor, p.id)
        console.log(`Reassessed ${r.targets} targets: ${r.changed} rows changed, ${r.closed} closed.`)
      })
    })

  program
    .command('commentary')
    .description('Commentary from outcome leads')
    .command('request')
    .description(
      'Ask each target’s outcome lead for the commentary of a closed round (through the outbox); asking again adds only what is missing',
    )
    .requiredOption('--partnership <slug>', 'partnership slug')
    .requiredOption('--period <period>', 'the round’s period, e.g. 2008/09 Q2')
    .action(async (opts: { partnership: string; period: string }) => {
      await withServices(async (s) => {
        const actor = systemActor('cli')
        const p = await s.partnerships.findBySlug(opts.partnership)
        if (!p) throw new Error(`--partnership: no partnership with slug ${opts.partnership}`)
        const parsed = tryParsePeriod(opts.period)
        if (!parsed.ok) throw new Error(`--period: ${parsed.error}`)
        const period = formatPeriod(parsed.period)
        const round = (await s.rounds.list(actor, p.id)).find((r) => r.period === period)
        if (!round) throw new Error(`--period: ${p.name} has no collection round for ${period}`)
        const r = await s.commentary.requestForRound(actor, p.id, round.id)
        console.log(
          `Commentary for ${r.period}: ${r.requests} request${r.requests === 1 ? '' : 's'} to ${r.people} outcome lead${r.people === 1 ? '' : 's'}, ${r.messages} message${r.messages === 1 ? '' : 's'} recorded.`,
        )
      })
    })

  registerWorkbookCommands(program)
  registerReportCommands(program)
}
