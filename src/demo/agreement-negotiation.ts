/**
 * The demo agreement's negotiation with the government office (GOEM) and its March 2009 refresh:
 * illustrative comments and figures, as in agreement.data.ts.
 */
import { years } from './agreement.data.ts'

/** The negotiation log: [code, who ('go' or 'officer'), text, evidence address]. */
export const demoComments: [string, 'go' | 'officer', string, string?][] = [
  [
    'NI 19',
    'officer',
    'We propose to stretch the national 5% reduction in re-offending to 6%, building on the youth crime prevention work with reprimanded first-time offenders.',
  ],
  [
    'NI 19',
    'go',
    'GOEM supports the stretch. Please confirm the baseline cohort the Youth Offending Service will measure against.',
  ],
  [
    'NI 19',
    'officer',
    'The baseline is 21.6%, the 2000-02 cohort re-offending rate; the YOS will report the same cohort definition each year.',
    'https://example.org/leicestershire-yos-reoffending-baseline',
  ],
  ['NI 17', 'go', 'Agreed in principle; the baseline and targets follow the 2008 Place Survey results.'],
  [
    'NI 32',
    'officer',
    'MARAC referral data gives a better baseline than police incident data; we will propose restating it at the refresh.',
  ],
  [
    'NI 39',
    'go',
    'A reduction in the rate of increase is acceptable for now, but GOEM would like to see the trajectory flatten by 2010/11.',
  ],
]

/** NI 32's LAA refresh (March 2009): the baseline restated from MARAC data. */
export const demoRevision = {
  code: 'NI 32',
  reason:
    'LAA refresh: the baseline restated from MARAC referral data (2007/08: 26%), trajectory re-profiled.',
  agreedOn: '2009-03-31',
  baseline: ['2007/08', 26] as [string, number],
  trajectory: years(25, 24, 22),
}
