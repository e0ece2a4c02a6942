/**
 * The one clock. Every service takes it from `createServices` (tests fix it); nothing else in
 * `src/modules` calls `new Date()` for "now".
 */
export type Clock = () => Date

export const systemClock: Clock = () => new Date()

const ukDay = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
})

/** The calendar date in England at that instant, as YYYY-MM-DD (23:30 UTC on 30 June is 1 July in summer). */
export const ukDate = (at: Date): string => ukDay.format(at)
