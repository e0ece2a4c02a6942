import fs from 'node:fs/promises'
import type { Command } from 'commander'
import { isAppError } from '../errors.ts'
import { systemActor } from '../modules/auth/actor.ts'
import { KINDS } from '../modules/reports/kinds/index.ts'
import { REPORT_FORMATS, REPORT_LEVELS, type ReportFormat } from '../modules/reports/reports.model.ts'
import { closePdfBrowser } from '../modules/reports/reports.pdf.ts'
import { reportRequest, type ReportRequest } from '../modules/reports/reports.schema.ts'
import type { Services } from '../services.ts'
import { withServices } from './with-services.ts'

interface ReportOptions {
  partnership: string
  period: string
  asAt?: string
  level?: string
  theme?: string
  format: string
  out: string
}

/** The flag each field of the request is given by, to name it in a one-line refusal. */
const FLAGS: Record<string, string> = {
  kind: 'KIND',
  period: '--period',
  asAt: '--as-at',
  level: '--level',
  themeKey: '--theme',
  definitionId: '--definition',
}

/** A refusal on one line, naming the command and what was wrong. */
const refuse = (message: string) => new Error(`report: ${message.replace(/\s*\n\s*/g, '; ')}`)

/** The theme by its reference in the current strategy (e.g. `1`), as its key. */
async function themeKeyOf(s: Services, pid: string, ref: string): Promise<string> {
  const themes = (await s.strategy.currentNodes(systemActor('cli'), pid)).filter((n) => n.kind === 'theme')
  const theme = themes.find((n) => n.ref.toLowerCase() === ref.trim().toLowerCase())
  if (!theme)
    throw refuse(
      `--theme: no theme '${ref}' in the current strategy` +
        (themes.length ? ` (${themes.map((t) => t.ref).join(', ')})` : ''),
    )
  return theme.key
}

/** `report KIND …`: build and render one report now, without storing it, and write the file. */
export function registerReportCommands(program: Command) {
  program
    .command('report')
    .description('Generate one report now and write it to a file (not stored); see /reports in the app')
    .argument('<kind>', KINDS.map((k) => k.kind).join(' | '))
    .requiredOption('--partnership <slug>', 'partnership slug')
    .requiredOption('--period <period>', 'the period reported, e.g. 2008/09 Q2 or 2008/09')
    .option('--as-at <moment>', 'a date (end of that day, UK time) or date-time; default now')
    .option('--level <level>', `${REPORT_LEVELS.join(' | ')} (default target)`)
    .option('--theme <ref>', 'cut to one theme, by its reference in the strategy (e.g. 1)')
    .requiredOption('--format <format>', REPORT_FORMATS.join(' | '))
    .requiredOption('--out <file>', 'the file to write')
    .action(async (kind: string, opts: ReportOptions) => {
      if (!KINDS.some((k) => k.kind === kind))
        throw refuse(`unknown kind '${kind}' (${KINDS.map((k) => k.kind).join(', ')})`)
      if (!REPORT_FORMATS.includes(opts.format as ReportFormat))
        throw refuse(`--format: '${opts.format}' is not a format (${REPORT_FORMATS.join(', ')})`)
      const format = opts.format as ReportFormat
      // Checked before the database is opened: a typo is refused at once.
      const parsed = reportRequest.safeParse({
        kind,
        period: opts.period,
        asAt: opts.asAt,
        level: opts.level,
      })
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!
        const field = String(issue.path[0] ?? '')
        throw refuse(`${FLAGS[field] ?? field}: ${issue.message}`)
      }
      try {
        await withServices(async (s) => {
          const p = await s.partnerships.findBySlug(opts.partnership)
          if (!p) throw refuse(`--partnership: no partnership with slug '${opts.partnership}'`)
          const input: ReportRequest = {
            ...parsed.data,
            themeKey: opts.theme ? await themeKeyOf(s, p.id, opts.theme) : null,
          }
          try {
            const file = await s.reports.render(systemActor('cli'), p.id, input, format)
            await fs.writeFile(opts.out, file.data)
            console.error(`Wrote ${opts.out} (${file.document.title}, ${file.data.length} bytes)`)
          } catch (err) {
            if (isAppError(err) && err.fields && Object.keys(err.fields).length) {
              const [field, message] = Object.entries(err.fields)[0]!
              throw refuse(`${FLAGS[field] ?? field}: ${message}`)
            }
            if (isAppError(err)) throw refuse(err.message)
            throw err
          }
        })
      } finally {
        await closePdfBrowser().catch(() => {})
      }
    })
}
