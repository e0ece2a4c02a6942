import { z } from 'zod'
import { requiredText } from '../../lib/fields.ts'

/** A new version of the financial protocol: its whole text. */
export const protocolPublish = z.object({
  text: requiredText('Enter the text of the financial protocol', 100_000),
})
export type ProtocolPublish = z.output<typeof protocolPublish>

/**
 * A signature: the organisation (a first-level funding recipient of the partnership), the name
 * of who signed for it, and the version signed (blank: the current one; any other is refused).
 */
export const protocolSign = z.object({
  organisationId: z.uuid({ error: 'Choose the organisation signing' }),
  signedByName: requiredText('Enter the name of who signed for the organisation', 200),
  version: z
    .preprocess(
      (v) => (v === '' || v === undefined || v === null ? null : typeof v === 'string' ? Number(v) : v),
      z
        .number({ error: 'The version must be a whole number' })
        .int('The version must be a whole number')
        .nullable(),
    )
    .default(null),
})
export type ProtocolSign = z.output<typeof protocolSign>
export type ProtocolPublishInput = z.input<typeof protocolPublish>
export type ProtocolSignInput = z.input<typeof protocolSign>
