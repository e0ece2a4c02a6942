import { consultationPolicy } from '../consultation/consultation.policy.ts'
import { strategyPolicy } from '../strategy/strategy.policy.ts'

/**
 * Residents comment on a draft on the public site without signing in (no policy: the public
 * routes are `public: true`, rate-limited and confirmed by email). Those who respond to partners'
 * comments moderate residents' ones; those who may edit the strategy open a draft to the public.
 * Residents' email addresses are seen only by these roles.
 */
export const residentsPolicy = {
  moderate: consultationPolicy.respond,
  openToPublic: strategyPolicy.edit,
}
