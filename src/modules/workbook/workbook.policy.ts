import { manager, roles } from '../auth/policy.ts'

/**
 * The workbook loads and extracts a partnership's data: its managers' job. Data providers may
 * upload too, but only sheets that let them (Values, of their own organisation's indicators; Spend,
 * of their own organisation), and finance officers the money sheets.
 */
export const workbookPolicy = {
  import: manager,
  export: manager,
  /** Open the upload page and send a file at all; each sheet then applies its own policy. */
  upload: roles('admin', 'performance_officer', 'data_provider', 'finance_officer'),
}
