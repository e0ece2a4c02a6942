CREATE TABLE "indicators" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"partnership_id" uuid NOT NULL,
	"code" text NOT NULL,
	"title" text,
	"set" text NOT NULL,
	"theme" text,
	"definition" text,
	"numerator" text,
	"denominator" text,
	"unit" text,
	"rate_per" integer,
	"polarity" text,
	"frequency" text,
	"combine" text DEFAULT 'none' NOT NULL,
	"data_source" text,
	"lag_months" integer,
	"responsible_organisation_id" uuid,
	"source_url" text,
	"source_notes" text,
	"source_title_kind" text,
	"from_reference" boolean DEFAULT false NOT NULL,
	"incomplete" boolean DEFAULT false NOT NULL,
	"withdrawn" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"archived_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "agreements" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"partnership_id" uuid NOT NULL,
	"name" text NOT NULL,
	"start_year" integer NOT NULL,
	"end_year" integer NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"status_changed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"signed_on" date,
	"signed_by" text,
	"sign_off_notes" text,
	"description" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"archived_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "target_comments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"partnership_id" uuid NOT NULL,
	"target_id" uuid NOT NULL,
	"kind" text DEFAULT 'comment' NOT NULL,
	"body" text NOT NULL,
	"evidence_url" text,
	"author_user_id" uuid,
	"author_name" text NOT NULL,
	"author_role" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"archived_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "target_outcomes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"target_id" uuid NOT NULL,
	"outcome_key" uuid NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL,
	"superseded_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "target_trajectories" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"target_id" uuid NOT NULL,
	"place_id" uuid,
	"period" text NOT NULL,
	"period_type" text NOT NULL,
	"period_start" date NOT NULL,
	"value" numeric NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL,
	"superseded_at" timestamp with time zone,
	"recorded_by" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "target_versions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"target_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"kind" text NOT NULL,
	"status" text NOT NULL,
	"placeholder_elements" text,
	"baseline_period" text,
	"baseline_value" numeric,
	"tolerance_percent" numeric DEFAULT 5 NOT NULL,
	"without_reward_value" numeric,
	"stretch_value" numeric,
	"reward_grant" numeric,
	"notes" text,
	"reason" text,
	"is_revision" boolean DEFAULT false NOT NULL,
	"agreed_by" text,
	"agreed_by_user_id" uuid,
	"agreed_on" date,
	"recorded_at" timestamp with time zone NOT NULL,
	"superseded_at" timestamp with time zone,
	"recorded_by_user_id" uuid,
	"recorded_by" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "targets" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"partnership_id" uuid NOT NULL,
	"agreement_id" uuid NOT NULL,
	"indicator_id" uuid NOT NULL,
	"place_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"archived_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "indicators" ADD CONSTRAINT "indicators_partnership_id_partnerships_id_fk" FOREIGN KEY ("partnership_id") REFERENCES "public"."partnerships"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "indicators" ADD CONSTRAINT "indicators_responsible_organisation_id_organisations_id_fk" FOREIGN KEY ("responsible_organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agreements" ADD CONSTRAINT "agreements_partnership_id_partnerships_id_fk" FOREIGN KEY ("partnership_id") REFERENCES "public"."partnerships"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "target_comments" ADD CONSTRAINT "target_comments_partnership_id_partnerships_id_fk" FOREIGN KEY ("partnership_id") REFERENCES "public"."partnerships"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "target_comments" ADD CONSTRAINT "target_comments_target_id_targets_id_fk" FOREIGN KEY ("target_id") REFERENCES "public"."targets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "target_outcomes" ADD CONSTRAINT "target_outcomes_target_id_targets_id_fk" FOREIGN KEY ("target_id") REFERENCES "public"."targets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "target_trajectories" ADD CONSTRAINT "target_trajectories_target_id_targets_id_fk" FOREIGN KEY ("target_id") REFERENCES "public"."targets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "target_trajectories" ADD CONSTRAINT "target_trajectories_place_id_places_id_fk" FOREIGN KEY ("place_id") REFERENCES "public"."places"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "target_versions" ADD CONSTRAINT "target_versions_target_id_targets_id_fk" FOREIGN KEY ("target_id") REFERENCES "public"."targets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "targets" ADD CONSTRAINT "targets_partnership_id_partnerships_id_fk" FOREIGN KEY ("partnership_id") REFERENCES "public"."partnerships"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "targets" ADD CONSTRAINT "targets_agreement_id_agreements_id_fk" FOREIGN KEY ("agreement_id") REFERENCES "public"."agreements"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "targets" ADD CONSTRAINT "targets_indicator_id_indicators_id_fk" FOREIGN KEY ("indicator_id") REFERENCES "public"."indicators"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "targets" ADD CONSTRAINT "targets_place_id_places_id_fk" FOREIGN KEY ("place_id") REFERENCES "public"."places"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "indicators_partnership_code_key" ON "indicators" USING btree ("partnership_id",lower("code")) WHERE "indicators"."archived_at" is null;--> statement-breakpoint
CREATE INDEX "indicators_partnership_idx" ON "indicators" USING btree ("partnership_id","set");--> statement-breakpoint
CREATE UNIQUE INDEX "agreements_partnership_name_key" ON "agreements" USING btree ("partnership_id",lower("name")) WHERE "agreements"."archived_at" is null;--> statement-breakpoint
CREATE INDEX "agreements_partnership_idx" ON "agreements" USING btree ("partnership_id","start_year");--> statement-breakpoint
CREATE INDEX "target_comments_target_idx" ON "target_comments" USING btree ("target_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "target_outcomes_current_key" ON "target_outcomes" USING btree ("target_id","outcome_key") WHERE "target_outcomes"."superseded_at" is null;--> statement-breakpoint
CREATE INDEX "target_outcomes_key_idx" ON "target_outcomes" USING btree ("outcome_key");--> statement-breakpoint
CREATE UNIQUE INDEX "target_trajectories_current_key" ON "target_trajectories" USING btree ("target_id",coalesce("place_id", '00000000-0000-0000-0000-000000000000'::uuid),"period") WHERE "target_trajectories"."superseded_at" is null;--> statement-breakpoint
CREATE INDEX "target_trajectories_target_idx" ON "target_trajectories" USING btree ("target_id","recorded_at");--> statement-breakpoint
CREATE UNIQUE INDEX "target_versions_target_version_key" ON "target_versions" USING btree ("target_id","version");--> statement-breakpoint
CREATE UNIQUE INDEX "target_versions_current_key" ON "target_versions" USING btree ("target_id") WHERE "target_versions"."superseded_at" is null;--> statement-breakpoint
CREATE INDEX "target_versions_recorded_idx" ON "target_versions" USING btree ("target_id","recorded_at");--> statement-breakpoint
CREATE UNIQUE INDEX "targets_agreement_indicator_key" ON "targets" USING btree ("agreement_id","indicator_id") WHERE "targets"."archived_at" is null;--> statement-breakpoint
CREATE INDEX "targets_partnership_idx" ON "targets" USING btree ("partnership_id");