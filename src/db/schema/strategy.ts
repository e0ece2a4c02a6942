import { sql } from 'drizzle-orm'
import {
  check,
  date,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
  type AnyPgColumn,
} from 'drizzle-orm/pg-core'
import { id, timestamps } from './common.ts'
import { organisations, partnerships, people } from './partnerships.ts'

/**
 * One version of the Sustainable Community Strategy. Versions are numbered per partnership; the
 * latest non-archived one is current. A new version copies its source's tree (002 §3: draft 1 →
 * draft 2 → penultimate → final → signed off).
 */
export const strategyVersions = pgTable(
  'strategy_versions',
  {
    id: id(),
    partnershipId: uuid('partnership_id')
      .notNull()
      .references(() => partnerships.id),
    number: integer('number').notNull(),
    title: text('title').notNull(),
    /** draft_1 | draft_2 | penultimate | final | signed_off */
    status: text('status').notNull().default('draft_1'),
    /** The long-term vision in a sentence or two. */
    vision: text('vision'),
    /** "Telling the story" (002 §18): from the place's starting point to the priorities. */
    narrative: text('narrative'),
    /** The version this one was copied from. */
    basedOnId: uuid('based_on_id').references((): AnyPgColumn => strategyVersions.id),
    statusChangedAt: timestamp('status_changed_at', { withTimezone: true }).notNull().defaultNow(),
    signedOffAt: timestamp('signed_off_at', { withTimezone: true }),
    /**
     * Residents may comment on this draft on the public site from this day to `publicClosesOn`
     * (dates in England, inclusive); null: not open to the public.
     */
    publicOpensOn: date('public_opens_on'),
    publicClosesOn: date('public_closes_on'),
    ...timestamps,
  },
  (t) => [uniqueIndex('strategy_versions_partnership_number_key').on(t.partnershipId, t.number)],
)

/**
 * A theme (block), outcome or sub-outcome. `key` is the node's identity across versions: a copy
 * into a new version keeps it, so targets and comparisons follow "the same" outcome.
 */
export const strategyNodes = pgTable(
  'strategy_nodes',
  {
    id: id(),
    partnershipId: uuid('partnership_id')
      .notNull()
      .references(() => partnerships.id),
    versionId: uuid('version_id')
      .notNull()
      .references(() => strategyVersions.id),
    key: uuid('key')
      .notNull()
      .default(sql`gen_random_uuid()`),
    parentId: uuid('parent_id').references((): AnyPgColumn => strategyNodes.id),
    /** theme | outcome | sub_outcome */
    kind: text('kind').notNull(),
    /** `1`, `1.7`, `1.7.2`: unique among the version's live nodes. */
    ref: text('ref').notNull(),
    /** Order among siblings. */
    position: integer('position').notNull().default(0),
    title: text('title').notNull(),
    statement: text('statement'),
    rationale: text('rationale'),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('strategy_nodes_version_ref_key')
      .on(t.versionId, t.ref)
      .where(sql`${t.archivedAt} is null`),
    index('strategy_nodes_version_idx').on(t.versionId),
    index('strategy_nodes_partnership_key_idx').on(t.partnershipId, t.key),
    index('strategy_nodes_parent_idx').on(t.parentId),
  ],
)

/** A partnership's own cross-cutting tags: equality, rural proofing, prevention… */
export const strategyTags = pgTable(
  'strategy_tags',
  {
    id: id(),
    partnershipId: uuid('partnership_id')
      .notNull()
      .references(() => partnerships.id),
    name: text('name').notNull(),
    description: text('description'),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('strategy_tags_partnership_name_key')
      .on(t.partnershipId, sql`lower(${t.name})`)
      .where(sql`${t.archivedAt} is null`),
  ],
)

export const strategyNodeTags = pgTable(
  'strategy_node_tags',
  {
    nodeId: uuid('node_id')
      .notNull()
      .references(() => strategyNodes.id),
    tagId: uuid('tag_id')
      .notNull()
      .references(() => strategyTags.id),
  },
  (t) => [primaryKey({ columns: [t.nodeId, t.tagId] }), index('strategy_node_tags_tag_idx').on(t.tagId)],
)

/** A related outcome in another theme (cross-cutting work). Stored once; shown from both ends. */
export const strategyLinks = pgTable(
  'strategy_links',
  {
    id: id(),
    partnershipId: uuid('partnership_id')
      .notNull()
      .references(() => partnerships.id),
    versionId: uuid('version_id')
      .notNull()
      .references(() => strategyVersions.id),
    fromNodeId: uuid('from_node_id')
      .notNull()
      .references(() => strategyNodes.id),
    toNodeId: uuid('to_node_id')
      .notNull()
      .references(() => strategyNodes.id),
    note: text('note'),
    ...timestamps,
  },
  (t) => [
    index('strategy_links_version_idx').on(t.versionId),
    uniqueIndex('strategy_links_pair_key')
      .on(t.fromNodeId, t.toNodeId)
      .where(sql`${t.archivedAt} is null`),
  ],
)

/**
 * The Partnership Directory (003 §9): one row per outcome and role. The lead partnership names an
 * organisation or a partnership; the other roles name a person of the partnership.
 */
export const directoryEntries = pgTable(
  'directory_entries',
  {
    id: id(),
    partnershipId: uuid('partnership_id')
      .notNull()
      .references(() => partnerships.id),
    nodeId: uuid('node_id')
      .notNull()
      .references(() => strategyNodes.id),
    /** lead_partnership | board_champion | executive_officer | outcome_lead */
    role: text('role').notNull(),
    personId: uuid('person_id').references(() => people.id),
    organisationId: uuid('organisation_id').references(() => organisations.id),
    leadPartnershipId: uuid('lead_partnership_id').references(() => partnerships.id),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('directory_entries_node_role_key')
      .on(t.nodeId, t.role)
      .where(sql`${t.archivedAt} is null`),
    index('directory_entries_person_idx').on(t.personId),
    check(
      'directory_entries_one_party',
      sql`num_nonnulls(${t.personId}, ${t.organisationId}, ${t.leadPartnershipId}) = 1`,
    ),
  ],
)

/** A stage of the development timetable (000 §11-12): dates, deadline, owner, status. */
export const timetableStages = pgTable(
  'timetable_stages',
  {
    id: id(),
    partnershipId: uuid('partnership_id')
      .notNull()
      .references(() => partnerships.id),
    position: integer('position').notNull().default(0),
    name: text('name').notNull(),
    description: text('description'),
    startsOn: date('starts_on'),
    endsOn: date('ends_on'),
    deadline: date('deadline'),
    ownerPersonId: uuid('owner_person_id').references(() => people.id),
    ownerOrganisationId: uuid('owner_organisation_id').references(() => organisations.id),
    /** not_started | in_progress | complete | cancelled */
    status: text('status').notNull().default('not_started'),
    ...timestamps,
  },
  (t) => [index('timetable_stages_partnership_idx').on(t.partnershipId, t.position)],
)

/** A partner body whose sign-off a strategy version needs, and when it signed (002 §3). */
export const strategySignoffs = pgTable(
  'strategy_signoffs',
  {
    id: id(),
    partnershipId: uuid('partnership_id')
      .notNull()
      .references(() => partnerships.id),
    versionId: uuid('version_id')
      .notNull()
      .references(() => strategyVersions.id),
    /** The body that signs: "County Council Cabinet", "Leicestershire Together Board". */
    body: text('body').notNull(),
    organisationId: uuid('organisation_id').references(() => organisations.id),
    dueOn: date('due_on'),
    signedOn: date('signed_on'),
    notes: text('notes'),
    ...timestamps,
  },
  (t) => [
    index('strategy_signoffs_version_idx').on(t.versionId),
    uniqueIndex('strategy_signoffs_version_body_key')
      .on(t.versionId, sql`lower(${t.body})`)
      .where(sql`${t.archivedAt} is null`),
  ],
)

/** A partner's comment on a draft, or on one node of it, and the partnership's response. */
export const consultationComments = pgTable(
  'consultation_comments',
  {
    id: id(),
    partnershipId: uuid('partnership_id')
      .notNull()
      .references(() => partnerships.id),
    versionId: uuid('version_id')
      .notNull()
      .references(() => strategyVersions.id),
    /** Null: a comment on the whole draft. */
    nodeId: uuid('node_id').references(() => strategyNodes.id),
    authorName: text('author_name').notNull(),
    authorUserId: uuid('author_user_id'),
    organisationId: uuid('organisation_id').references(() => organisations.id),
    body: text('body').notNull(),
    /** open | accepted | rejected | noted */
    status: text('status').notNull().default('open'),
    response: text('response'),
    respondedBy: text('responded_by'),
    respondedAt: timestamp('responded_at', { withTimezone: true }),
    ...timestamps,
  },
  (t) => [
    index('consultation_comments_version_idx').on(t.versionId),
    index('consultation_comments_node_idx').on(t.nodeId),
  ],
)

/**
 * A resident's comment on a draft strategy's outcome (004: the duty to involve), made on the
 * public site without an account. The email is only for confirming the comment and is never
 * shown; nothing shows until the address is confirmed and the partnership publishes the comment.
 */
export const publicComments = pgTable(
  'public_comments',
  {
    id: id(),
    partnershipId: uuid('partnership_id')
      .notNull()
      .references(() => partnerships.id),
    versionId: uuid('version_id')
      .notNull()
      .references(() => strategyVersions.id),
    /** The outcome commented on; null: the draft as a whole. */
    nodeId: uuid('node_id').references(() => strategyNodes.id),
    /** Optional: shown as given, or "A resident". */
    authorName: text('author_name'),
    email: text('email').notNull(),
    /** SHA-256 of the confirmation link's token; cleared once confirmed. */
    confirmTokenHash: text('confirm_token_hash'),
    confirmedAt: timestamp('confirmed_at', { withTimezone: true }),
    body: text('body').notNull(),
    /** unconfirmed | pending (awaiting moderation) | published | rejected */
    status: text('status').notNull().default('unconfirmed'),
    moderatedBy: text('moderated_by'),
    moderatedAt: timestamp('moderated_at', { withTimezone: true }),
    /** Why a comment was not published (kept for the partnership, never shown). */
    moderationNote: text('moderation_note'),
    /** The partnership's response, published beside the comment. */
    response: text('response'),
    respondedBy: text('responded_by'),
    respondedAt: timestamp('responded_at', { withTimezone: true }),
    ...timestamps,
  },
  (t) => [
    index('public_comments_version_idx').on(t.versionId, t.status),
    uniqueIndex('public_comments_confirm_key').on(t.confirmTokenHash),
  ],
)
