import { Command, CommanderError } from 'commander'
import { registerCommands } from './cli/commands.ts'

/** `goldthread` — the command line. Every command exits non-zero with a one-line reason on bad input. */
const program = new Command()
program
  .name('goldthread')
  .description('Goldthread: performance management for Local Strategic Partnerships')
  .showHelpAfterError('(run with --help for usage)')
  .exitOverride()

registerCommands(program)

try {
  await program.parseAsync(process.argv)
} catch (err) {
  if (err instanceof CommanderError) process.exit(err.exitCode)
  const message = err instanceof Error ? err.message : String(err)
  console.error(`goldthread: ${message.split('\n').join('\n  ')}`)
  process.exit(1)
}
