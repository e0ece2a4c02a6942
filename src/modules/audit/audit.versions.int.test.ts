import { expect, it } from 'vitest'
import { describeIntegration, seedPartnership, system } from '../../../test/helpers/app.ts'
import { audit } from './audit.ts'
import { auditVersionsOf } from './audit.queries.ts'
import { mutate } from './mutation.ts'

describeIntegration('audit versions: what a partnership’s data is at', (t) => {
  const version = (partnershipId: string) => t().services.audit.versionOf(partnershipId)
  const change = (partnershipId: string | null) =>
    mutate(t().database.db, system, { partnershipId }, () =>
      Promise.resolve({ result: null, audit: { entityType: 'test', entityId: 'x', action: 'update' } }),
    )

  it('moves when an audited change in the partnership commits, and only then', async () => {
    const a = await seedPartnership(t().services)
    const b = await seedPartnership(t().services)
    const [a0, b0] = [await version(a.partnership.id), await version(b.partnership.id)]
    await t().services.organisations.create(system, a.partnership.id, {
      name: 'Police',
      type: 'police',
      dutyToCooperate: true,
    })
    const a1 = await version(a.partnership.id)
    expect(a1).not.toBe(a0)
    expect(await version(b.partnership.id)).toBe(b0)

    // Inside the transaction nothing has moved yet (counted at commit); a change rolled back
    // leaves it where it was.
    await expect(
      t().database.db.transaction(async (tx) => {
        await audit(tx, system, {
          partnershipId: a.partnership.id,
          entityType: 'test',
          entityId: 'x',
          action: 'x',
        })
        const inside = await auditVersionsOf(tx, a.partnership.id)
        expect(`${inside.partnership}.${inside.installation}`).toBe(a1)
        throw new Error('rolled back')
      }),
    ).rejects.toThrow('rolled back')
    expect(await version(a.partnership.id)).toBe(a1)

    // Several changes in one transaction: at least one step, each partnership counted.
    await change(a.partnership.id)
    const a2 = await version(a.partnership.id)
    expect(a2).not.toBe(a1)
    expect(await version(b.partnership.id)).toBe(b0)
  })

  it('moves for every partnership when an installation-wide change commits', async () => {
    const a = await seedPartnership(t().services)
    const b = await seedPartnership(t().services)
    const [a0, b0] = [await version(a.partnership.id), await version(b.partnership.id)]
    await change(null)
    expect(await version(a.partnership.id)).not.toBe(a0)
    expect(await version(b.partnership.id)).not.toBe(b0)
  })
})
