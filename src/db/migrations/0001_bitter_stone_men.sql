CREATE TABLE "consultation_comments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"partnership_id" uuid NOT NULL,
	"version_id" uuid NOT NULL,
	"node_id" uuid,
	"author_name" text NOT NULL,
	"author_user_id" uuid,
	"organisation_id" uuid,
	"body" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"response" text,
	"responded_by" text,
	"responded_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"archived_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "directory_entries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"partnership_id" uuid NOT NULL,
	"node_id" uuid NOT NULL,
	"role" text NOT NULL,
	"person_id" uuid,
	"organisation_id" uuid,
	"lead_partnership_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"archived_at" timestamp with time zone,
	CONSTRAINT "directory_entries_one_party" CHECK (num_nonnulls("directory_entries"."person_id", "directory_entries"."organisation_id", "directory_entries"."lead_partnership_id") = 1)
);
--> statement-breakpoint
CREATE TABLE "strategy_links" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"partnership_id" uuid NOT NULL,
	"version_id" uuid NOT NULL,
	"from_node_id" uuid NOT NULL,
	"to_node_id" uuid NOT NULL,
	"note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"archived_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "strategy_node_tags" (
	"node_id" uuid NOT NULL,
	"tag_id" uuid NOT NULL,
	CONSTRAINT "strategy_node_tags_node_id_tag_id_pk" PRIMARY KEY("node_id","tag_id")
);
--> statement-breakpoint
CREATE TABLE "strategy_nodes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"partnership_id" uuid NOT NULL,
	"version_id" uuid NOT NULL,
	"key" uuid DEFAULT gen_random_uuid() NOT NULL,
	"parent_id" uuid,
	"kind" text NOT NULL,
	"ref" text NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"title" text NOT NULL,
	"statement" text,
	"rationale" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"archived_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "strategy_signoffs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"partnership_id" uuid NOT NULL,
	"version_id" uuid NOT NULL,
	"body" text NOT NULL,
	"organisation_id" uuid,
	"due_on" date,
	"signed_on" date,
	"notes" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"archived_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "strategy_tags" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"partnership_id" uuid NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"archived_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "strategy_versions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"partnership_id" uuid NOT NULL,
	"number" integer NOT NULL,
	"title" text NOT NULL,
	"status" text DEFAULT 'draft_1' NOT NULL,
	"vision" text,
	"narrative" text,
	"based_on_id" uuid,
	"status_changed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"signed_off_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"archived_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "timetable_stages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"partnership_id" uuid NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"starts_on" date,
	"ends_on" date,
	"deadline" date,
	"owner_person_id" uuid,
	"owner_organisation_id" uuid,
	"status" text DEFAULT 'not_started' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"archived_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "consultation_comments" ADD CONSTRAINT "consultation_comments_partnership_id_partnerships_id_fk" FOREIGN KEY ("partnership_id") REFERENCES "public"."partnerships"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consultation_comments" ADD CONSTRAINT "consultation_comments_version_id_strategy_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."strategy_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consultation_comments" ADD CONSTRAINT "consultation_comments_node_id_strategy_nodes_id_fk" FOREIGN KEY ("node_id") REFERENCES "public"."strategy_nodes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consultation_comments" ADD CONSTRAINT "consultation_comments_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "directory_entries" ADD CONSTRAINT "directory_entries_partnership_id_partnerships_id_fk" FOREIGN KEY ("partnership_id") REFERENCES "public"."partnerships"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "directory_entries" ADD CONSTRAINT "directory_entries_node_id_strategy_nodes_id_fk" FOREIGN KEY ("node_id") REFERENCES "public"."strategy_nodes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "directory_entries" ADD CONSTRAINT "directory_entries_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "directory_entries" ADD CONSTRAINT "directory_entries_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "directory_entries" ADD CONSTRAINT "directory_entries_lead_partnership_id_partnerships_id_fk" FOREIGN KEY ("lead_partnership_id") REFERENCES "public"."partnerships"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "strategy_links" ADD CONSTRAINT "strategy_links_partnership_id_partnerships_id_fk" FOREIGN KEY ("partnership_id") REFERENCES "public"."partnerships"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "strategy_links" ADD CONSTRAINT "strategy_links_version_id_strategy_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."strategy_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "strategy_links" ADD CONSTRAINT "strategy_links_from_node_id_strategy_nodes_id_fk" FOREIGN KEY ("from_node_id") REFERENCES "public"."strategy_nodes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "strategy_links" ADD CONSTRAINT "strategy_links_to_node_id_strategy_nodes_id_fk" FOREIGN KEY ("to_node_id") REFERENCES "public"."strategy_nodes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "strategy_node_tags" ADD CONSTRAINT "strategy_node_tags_node_id_strategy_nodes_id_fk" FOREIGN KEY ("node_id") REFERENCES "public"."strategy_nodes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "strategy_node_tags" ADD CONSTRAINT "strategy_node_tags_tag_id_strategy_tags_id_fk" FOREIGN KEY ("tag_id") REFERENCES "public"."strategy_tags"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "strategy_nodes" ADD CONSTRAINT "strategy_nodes_partnership_id_partnerships_id_fk" FOREIGN KEY ("partnership_id") REFERENCES "public"."partnerships"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "strategy_nodes" ADD CONSTRAINT "strategy_nodes_version_id_strategy_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."strategy_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "strategy_nodes" ADD CONSTRAINT "strategy_nodes_parent_id_strategy_nodes_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."strategy_nodes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "strategy_signoffs" ADD CONSTRAINT "strategy_signoffs_partnership_id_partnerships_id_fk" FOREIGN KEY ("partnership_id") REFERENCES "public"."partnerships"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "strategy_signoffs" ADD CONSTRAINT "strategy_signoffs_version_id_strategy_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."strategy_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "strategy_signoffs" ADD CONSTRAINT "strategy_signoffs_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "strategy_tags" ADD CONSTRAINT "strategy_tags_partnership_id_partnerships_id_fk" FOREIGN KEY ("partnership_id") REFERENCES "public"."partnerships"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "strategy_versions" ADD CONSTRAINT "strategy_versions_partnership_id_partnerships_id_fk" FOREIGN KEY ("partnership_id") REFERENCES "public"."partnerships"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "strategy_versions" ADD CONSTRAINT "strategy_versions_based_on_id_strategy_versions_id_fk" FOREIGN KEY ("based_on_id") REFERENCES "public"."strategy_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "timetable_stages" ADD CONSTRAINT "timetable_stages_partnership_id_partnerships_id_fk" FOREIGN KEY ("partnership_id") REFERENCES "public"."partnerships"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "timetable_stages" ADD CONSTRAINT "timetable_stages_owner_person_id_people_id_fk" FOREIGN KEY ("owner_person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "timetable_stages" ADD CONSTRAINT "timetable_stages_owner_organisation_id_organisations_id_fk" FOREIGN KEY ("owner_organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "consultation_comments_version_idx" ON "consultation_comments" USING btree ("version_id");--> statement-breakpoint
CREATE INDEX "consultation_comments_node_idx" ON "consultation_comments" USING btree ("node_id");--> statement-breakpoint
CREATE UNIQUE INDEX "directory_entries_node_role_key" ON "directory_entries" USING btree ("node_id","role") WHERE "directory_entries"."archived_at" is null;--> statement-breakpoint
CREATE INDEX "directory_entries_person_idx" ON "directory_entries" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "strategy_links_version_idx" ON "strategy_links" USING btree ("version_id");--> statement-breakpoint
CREATE UNIQUE INDEX "strategy_links_pair_key" ON "strategy_links" USING btree ("from_node_id","to_node_id") WHERE "strategy_links"."archived_at" is null;--> statement-breakpoint
CREATE INDEX "strategy_node_tags_tag_idx" ON "strategy_node_tags" USING btree ("tag_id");--> statement-breakpoint
CREATE UNIQUE INDEX "strategy_nodes_version_ref_key" ON "strategy_nodes" USING btree ("version_id","ref") WHERE "strategy_nodes"."archived_at" is null;--> statement-breakpoint
CREATE INDEX "strategy_nodes_version_idx" ON "strategy_nodes" USING btree ("version_id");--> statement-breakpoint
CREATE INDEX "strategy_nodes_partnership_key_idx" ON "strategy_nodes" USING btree ("partnership_id","key");--> statement-breakpoint
CREATE INDEX "strategy_nodes_parent_idx" ON "strategy_nodes" USING btree ("parent_id");--> statement-breakpoint
CREATE INDEX "strategy_signoffs_version_idx" ON "strategy_signoffs" USING btree ("version_id");--> statement-breakpoint
CREATE UNIQUE INDEX "strategy_signoffs_version_body_key" ON "strategy_signoffs" USING btree ("version_id",lower("body")) WHERE "strategy_signoffs"."archived_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "strategy_tags_partnership_name_key" ON "strategy_tags" USING btree ("partnership_id",lower("name")) WHERE "strategy_tags"."archived_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "strategy_versions_partnership_number_key" ON "strategy_versions" USING btree ("partnership_id","number");--> statement-breakpoint
CREATE INDEX "timetable_stages_partnership_idx" ON "timetable_stages" USING btree ("partnership_id","position");