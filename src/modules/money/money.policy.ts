import { member, roles } from '../auth/policy.ts'

/**
 * Money (002 §24). Finance officers and administrators keep the streams, budgets, allocations and
 * the financial protocol, and release funds. A recipient signs the protocol: finance officers and
 * administrators record a signature for any organisation, a data provider for the organisation
 * they act for (the service checks which). Recipients enter their own organisation's spend (data
 * providers, checked record by record); finance officers and administrators approve it. Everyone
 * in the partnership reads.
 */
export const moneyPolicy = {
  read: member,
  write: roles('admin', 'finance_officer'),
  release: roles('admin', 'finance_officer'),
  sign: roles('admin', 'finance_officer', 'data_provider'),
  enterSpend: roles('admin', 'finance_officer', 'data_provider'),
  approveSpend: roles('admin', 'finance_officer'),
}

/** Who records a protocol signature or spend for any organisation (others only for their own). */
export const financeOfficer = roles('admin', 'finance_officer')
