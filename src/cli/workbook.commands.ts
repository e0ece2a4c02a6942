import type { Command } from 'commander'

/** `import` and `export` of workbook sheets. */
export function registerWorkbookCommands(_program: Command) {}
