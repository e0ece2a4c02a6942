import { sql } from 'drizzle-orm'
import { customType } from 'drizzle-orm/pg-core'
import {
  boolean,
  index,
  integer,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
  type AnyPgColumn,
} from 'drizzle-orm/pg-core'
import { id, timestamps } from './common.ts'

/** Binary data: a Buffer in TypeScript, `bytea` in SQL. */
export const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (v) => (Buffer.isBuffer(v) ? v : Buffer.from(v)),
})

/** The tenant: a Local Strategic Partnership, a district LSP or a thematic partnership. */
export const partnerships = pgTable(
  'partnerships',
  {
    id: id(),
    slug: text('slug').notNull(),
    name: text('name').notNull(),
    /** county | district | thematic | other */
    kind: text('kind').notNull().default('county'),
    parentId: uuid('parent_id').references((): AnyPgColumn => partnerships.id),
    /** The organisation acting as accountable body (usually the upper-tier council). */
    accountableBodyId: uuid('accountable_body_id').references((): AnyPgColumn => organisations.id),
    /** The partnership's area: the default place of its targets and values. */
    areaPlaceId: uuid('area_place_id').references((): AnyPgColumn => places.id),
    description: text('description'),
    /** Let whoever entered or last changed a value approve it too (off: a second person approves). */
    allowSelfApproval: boolean('allow_self_approval').notNull().default(false),
    /** The partnership's logo (PNG or JPEG), shown in the header beside its name. */
    logoData: bytea('logo_data'),
    logoType: text('logo_type'),
    logoUpdatedAt: timestamp('logo_updated_at', { withTimezone: true }),
    /** Publishes its public site (/public/<slug>): published targets, approved figures, open data. */
    publicSite: boolean('public_site').notNull().default(false),
    /** The contact the partnership chooses to show the public (an address or mailbox); no one else's. */
    publicContact: text('public_contact'),
    ...timestamps,
  },
  (t) => [uniqueIndex('partnerships_slug_key').on(t.slug)],
)

/** A partner body. Organisations belong to one partnership's list of partners. */
export const organisations = pgTable(
  'organisations',
  {
    id: id(),
    partnershipId: uuid('partnership_id')
      .notNull()
      .references(() => partnerships.id),
    name: text('name').notNull(),
    /** council | police | health | fire | probation | vcs | business | government | other */
    type: text('type').notNull(),
    /** A named partner under the statutory duty to co-operate (000 §4d). */
    dutyToCooperate: boolean('duty_to_cooperate').notNull().default(false),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('organisations_partnership_name_key')
      .on(t.partnershipId, sql`lower(${t.name})`)
      .where(sql`${t.archivedAt} is null`),
  ],
)

/** Shared geography: area (county) → district → neighbourhood, identified by ONS GSS codes. */
export const places = pgTable(
  'places',
  {
    id: id(),
    gssCode: text('gss_code').notNull(),
    name: text('name').notNull(),
    /** area | district | neighbourhood */
    type: text('type').notNull(),
    parentId: uuid('parent_id').references((): AnyPgColumn => places.id),
    /** Materialised path of ancestor ids and own id, `/a/b/c/`, for subtree queries. */
    path: text('path').notNull(),
    depth: integer('depth').notNull().default(0),
    /** Flagged for geographic targeting (001 §9, 002 §19). */
    priority: boolean('priority').notNull().default(false),
    ...timestamps,
  },
  (t) => [uniqueIndex('places_gss_code_key').on(t.gssCode), index('places_path_idx').on(t.path)],
)

/** An officer or member known to a partnership (directory entries, contacts, leads). */
export const people = pgTable(
  'people',
  {
    id: id(),
    partnershipId: uuid('partnership_id')
      .notNull()
      .references(() => partnerships.id),
    name: text('name').notNull(),
    email: text('email'),
    organisationId: uuid('organisation_id').references(() => organisations.id),
    jobTitle: text('job_title'),
    phone: text('phone'),
    /** Set when this person can sign in. */
    userId: uuid('user_id'),
    ...timestamps,
  },
  (t) => [
    index('people_partnership_idx').on(t.partnershipId),
    uniqueIndex('people_partnership_email_key')
      .on(t.partnershipId, sql`lower(${t.email})`)
      .where(sql`${t.archivedAt} is null and ${t.email} is not null`),
  ],
)
