import type { Command } from 'commander'
import fs from 'node:fs'
import path from 'node:path'
import { pipeline } from 'node:stream/promises'
import { systemActor } from '../modules/auth/actor.ts'
import { valueExportFilters } from '../modules/values/values.export.ts'
import type { Services } from '../services.ts'
import { exportFormats, type ExportFormat } from '../workbook/write.ts'
import { withServices } from './with-services.ts'

async function partnershipId(s: Services, slug: string) {
  const p = await s.partnerships.findBySlug(slug)
  if (!p) throw new Error(`--partnership: no partnership with slug ${slug}`)
  return p.id
}

interface ExportOptions {
  partnership: string
  sheet: string
  format?: string
  output?: string
  period?: string
  place?: string
  indicator?: string
  status?: string
  asAt?: string
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`

/** `import` and `export` of workbook sheets. */
export function registerWorkbookCommands(program: Command) {
  program
    .command('import')
    .description(
      'Import an .xlsx workbook or a CSV file named after its sheet (Places.csv), all or nothing: ' +
        'on any problem nothing is written and every problem is listed',
    )
    .argument('<file>', 'the .xlsx or .csv file')
    .requiredOption('--partnership <slug>', 'partnership slug')
    .option(
      '--sheet <name>',
      'the sheet a CSV file holds, when its name does not say (for .xlsx: import only this sheet)',
    )
    .option('--approve', 'approve imported values at once (otherwise they are submitted for approval)')
    .action(async (file: string, opts: { partnership: string; sheet?: string; approve?: boolean }) => {
      if (!fs.existsSync(file)) throw new Error(`${file}: no such file`)
      await withServices(async (s) => {
        const pid = await partnershipId(s, opts.partnership)
        const words = { reading: 'Read', checking: 'Checking', writing: 'Writing', done: 'Done:' }
        const progress = process.stderr.isTTY
          ? (rows: number, phase: keyof typeof words) =>
              process.stderr.write(`\r${words[phase]} ${rows} rows…`.padEnd(40))
          : undefined
        const result = await s.workbook.import(
          systemActor('cli'),
          pid,
          {
            kind: 'file',
            stream: fs.createReadStream(file),
            filename: path.basename(file),
            sheet: opts.sheet,
          },
          { onProgress: progress, approve: opts.approve },
        )
        if (progress) process.stderr.write('\n')
        for (const [sheet, c] of Object.entries(result.sheets))
          console.log(`${sheet}: ${c.created} created, ${c.updated} updated, ${c.unchanged} unchanged`)
        if (result.warnings.length) {
          console.log(`${plural(result.warnings.length, 'warning')}:`)
          for (const w of result.warnings) console.log(`  ${w}`)
        }
      })
    })

  program
    .command('export')
    .description('Export a sheet (or "workbook" for every sheet) as CSV, XLSX or JSON, to stdout by default')
    .requiredOption('--partnership <slug>', 'partnership slug')
    .requiredOption('--sheet <name>', 'the sheet, like Places, or workbook')
    .option('--format <format>', `${exportFormats.join(' | ')} (default: from --output, else csv)`)
    .option('--output <file>', 'write to this file instead of stdout')
    .option('--period <period>', `Values only: ${valueExportFilters.period}`)
    .option('--place <gss>', `Values only: ${valueExportFilters.place}`)
    .option('--indicator <code>', `Values only: ${valueExportFilters.indicator}`)
    .option('--status <status>', `Values only: ${valueExportFilters.status}`)
    .option('--as-at <date>', 'Assessments only: as known at a date (end of that day, UK time) or date-time')
    .action(async (opts: ExportOptions) => {
      const fromName = opts.output ? path.extname(opts.output).slice(1).toLowerCase() : ''
      const format = (opts.format ??
        (exportFormats.includes(fromName as ExportFormat) ? fromName : 'csv')) as ExportFormat
      if (!exportFormats.includes(format))
        throw new Error(`--format: ${opts.format} is not a format; use one of ${exportFormats.join(', ')}`)
      if (!opts.output && format === 'xlsx' && process.stdout.isTTY)
        throw new Error('--output: an .xlsx file cannot be shown in a terminal; give a file to write')
      await withServices(async (s) => {
        const pid = await partnershipId(s, opts.partnership)
        const { period, place, indicator, status, asAt } = opts
        const file = await s.workbook.export(systemActor('cli'), pid, opts.sheet, format, {
          period,
          place,
          indicator,
          status,
          'as-at': asAt,
        })
        if (opts.output) {
          await pipeline(file.stream, fs.createWriteStream(opts.output))
          console.error(`Wrote ${opts.output}`)
        } else {
          await pipeline(file.stream, process.stdout, { end: false })
        }
      })
    })
}
