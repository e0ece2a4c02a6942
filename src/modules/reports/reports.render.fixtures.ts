/** Report documents for the renderers' tests: every block type, and a big one (61 targets). */
import type { Cell, ReportDocument, ReportStatus, Section } from './reports.model.ts'

export const generation = { generatedBy: 'Pat Officer', generatedAt: '2026-12-03T14:05:00.000Z' }

const base = {
  kind: 'steering' as const,
  period: '2008/09 Q2',
  asAt: '2008-11-14T17:30:00.000Z',
  level: 'target' as const,
  themeKey: 'safer',
  title: 'Steering group report: 2008/09 Q2',
  partnership: { name: 'Leicestershire Together', slug: 'leics' },
  themeTitle: 'Safer communities',
  audience: 'Steering group, each quarter',
}

/** Every block type, every status, numbers in three forms, text that tries to be HTML. */
export const everyBlock: ReportDocument = {
  ...base,
  sections: [
    {
      id: 'summary',
      title: 'Summary',
      intro: 'Where the targets stand this quarter.',
      blocks: [
        {
          type: 'summary',
          items: [
            { label: 'Targets', value: '7' },
            { label: 'Overall', value: { status: 'amber' } },
          ],
        },
        {
          type: 'chart',
          title: 'Targets by status and theme',
          description: 'Each theme’s targets by status.',
          spec: {
            chart: 'status-bars',
            bars: [
              { label: 'Safer communities', counts: { green: 3, amber: 1, red: 1 } },
              { label: 'Children and young people', counts: { green: 1, 'no-data': 1 } },
            ],
          },
          table: {
            type: 'table',
            caption: 'Targets by status and theme',
            columns: [
              { label: 'Theme' },
              { label: 'Green', numeric: true },
              { label: 'Amber', numeric: true },
              { label: 'Red', numeric: true },
              { label: 'No data', numeric: true },
            ],
            rows: [
              ['Safer communities', 3, 1, 1, 0],
              ['Children and young people', 1, 0, 0, 1],
            ],
          },
        },
      ],
    },
    {
      id: 'targets',
      title: 'Targets: value against target',
      intro: 'Every target, its latest value and status.',
      blocks: [
        { type: 'heading', text: 'Safer communities', level: 3 },
        {
          type: 'table',
          caption: 'Safer communities targets',
          columns: [
            { label: 'Target' },
            { label: 'Value', numeric: true },
            { label: 'Target value', numeric: true },
            { label: 'Grant payable', numeric: true },
            { label: 'Status' },
          ],
          rows: [
            [
              'NI 16 Serious acquisitive crime',
              14.2,
              { text: '13.4', value: 13.4 },
              '1234.50',
              { status: 'red' },
            ],
            [
              'NI 20 Assault with injury',
              { text: '6.1 per 1,000', value: 6.1 },
              6.5,
              null,
              { status: 'green' },
            ],
            ['NI 32 Repeat domestic violence', null, 28, null, { status: 'no-data' }],
            ['NI 195 Street cleanliness', 9, null, null, { status: 'no-target' }],
            ['NI 17 Perceptions of anti-social behaviour', 21.5, null, null, { status: 'n/a' }],
            ['NI 30 Re-offending', 0.91, 0.9, null, { status: 'amber', text: 'Amber (forecast)' }],
          ],
        },
        { type: 'heading', text: 'NI 16 Serious acquisitive crime', level: 4 },
        {
          type: 'text',
          text: 'Burglary rose in August.<script>alert("x")</script>\n\nA second paragraph\nwith a line break & an ampersand.',
          attribution: 'Sam Lead, 10 November 2008',
        },
        {
          type: 'chart',
          title: 'NI 16 trend',
          description: 'NI 16 per quarter against its target.',
          spec: {
            chart: 'trend',
            points: [
              { period: '2008/09 Q1', actual: 3.4, target: 3.35 },
              { period: '2008/09 Q2', actual: 7.1, target: 6.7 },
              { period: '2008/09 Q3', actual: null, target: 10.05 },
            ],
          },
          table: {
            type: 'table',
            caption: 'NI 16 by quarter',
            columns: [
              { label: 'Period' },
              { label: 'Actual', numeric: true },
              { label: 'Target', numeric: true },
            ],
            rows: [
              ['2008/09 Q1', 3.4, 3.35],
              ['2008/09 Q2', 7.1, 6.7],
              ['2008/09 Q3', null, 10.05],
            ],
          },
        },
        {
          type: 'table',
          caption: 'Overdue returns',
          columns: [{ label: 'Indicator' }, { label: 'Due' }],
          rows: [],
          empty: 'No returns are overdue.',
        },
        {
          type: 'table',
          caption: 'Changes since last quarter',
          rowHeaders: false,
          columns: [{ label: 'What changed' }, { label: 'Count', numeric: true }],
          rows: [
            ['Slipped', 2],
            ['Improved', 1],
          ],
        },
      ],
    },
    {
      id: 'risks',
      title: 'Risks: heat map [current] / scored',
      blocks: [
        {
          type: 'chart',
          title: 'Open risks by likelihood and impact',
          description: 'The open risks on the 5 by 5 matrix.',
          spec: {
            chart: 'heatmap',
            cells: [
              { likelihood: 4, impact: 4, count: 2 },
              { likelihood: 2, impact: 3, count: 1 },
            ],
          },
          table: {
            type: 'table',
            caption: 'Open risks by likelihood and impact',
            columns: [
              { label: 'Likelihood', numeric: true },
              { label: 'Impact', numeric: true },
              { label: 'Score', numeric: true },
              { label: 'Risks', numeric: true },
            ],
            rows: [
              [4, 4, 16, 2],
              [2, 3, 6, 1],
            ],
          },
        },
      ],
    },
  ],
}

const STATUSES: ReportStatus[] = ['green', 'amber', 'red', 'no-data', 'green', 'green', 'amber']

/** A LAA2-sized steering report: 61 targets in 6 themes, their table, and a trend chart each. */
export function bigDocument(targets = 61): ReportDocument {
  const themes = ['Safer', 'Stronger', 'Children', 'Health', 'Economy', 'Environment']
  const rows: Cell[][] = Array.from({ length: targets }, (_, i) => [
    `NI ${i + 1} A national indicator with a long descriptive title number ${i + 1}`,
    themes[i % themes.length]!,
    { text: `${(10 + i * 0.7).toFixed(1)}%`, value: Number((10 + i * 0.7).toFixed(1)) },
    Number((11 + i * 0.5).toFixed(1)),
    { status: STATUSES[i % STATUSES.length]! },
    'Improving',
  ])
  const trends: Section = {
    id: 'trends',
    title: 'Trends',
    blocks: rows.map((r, i) => ({
      type: 'chart' as const,
      title: `NI ${i + 1} trend`,
      description: `NI ${i + 1} per quarter against its target.`,
      spec: {
        chart: 'trend' as const,
        points: ['2007/08 Q4', '2008/09 Q1', '2008/09 Q2'].map((period, q) => ({
          period,
          actual: 10 + i + q,
          target: 11 + i + q * 0.5,
        })),
      },
      table: {
        type: 'table' as const,
        caption: `NI ${i + 1} by quarter`,
        columns: [
          { label: 'Period' },
          { label: 'Actual', numeric: true },
          { label: 'Target', numeric: true },
        ],
        rows: ['2007/08 Q4', '2008/09 Q1', '2008/09 Q2'].map((p, q) => [p, 10 + i + q, 11 + i + q * 0.5]),
      },
    })),
  }
  return {
    ...base,
    themeKey: null,
    themeTitle: null,
    sections: [
      {
        id: 'by-theme',
        title: 'Targets by theme',
        blocks: [
          {
            type: 'chart',
            title: 'Targets by status and theme',
            description: 'Each theme’s targets by status.',
            spec: {
              chart: 'status-bars',
              bars: themes.map((label) => ({ label, counts: { green: 5, amber: 3, red: 2 } })),
            },
            table: {
              type: 'table',
              caption: 'Targets by status and theme',
              columns: [
                { label: 'Theme' },
                { label: 'Green', numeric: true },
                { label: 'Amber', numeric: true },
              ],
              rows: themes.map((t) => [t, 5, 3]),
            },
          },
        ],
      },
      {
        id: 'targets',
        title: 'Every target',
        blocks: [
          {
            type: 'table',
            caption: 'Targets: value against target',
            columns: [
              { label: 'Target' },
              { label: 'Theme' },
              { label: 'Value', numeric: true },
              { label: 'Target', numeric: true },
              { label: 'Status' },
              { label: 'Direction' },
            ],
            rows,
          },
        ],
      },
      trends,
    ],
  }
}
