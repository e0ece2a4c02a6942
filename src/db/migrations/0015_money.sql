CREATE TABLE "allocations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"partnership_id" uuid NOT NULL,
	"ref" text,
	"stream_id" uuid NOT NULL,
	"year" text NOT NULL,
	"recipient_id" uuid NOT NULL,
	"amount_pence" bigint NOT NULL,
	"parent_allocation_id" uuid,
	"target_id" uuid,
	"outcome_key" uuid,
	"action_id" uuid,
	"title" text,
	"notes" text,
	"profile" jsonb,
	"awarded_on" date,
	"released_at" timestamp with time zone,
	"released_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"archived_at" timestamp with time zone,
	CONSTRAINT "allocations_amount_nonnegative" CHECK ("allocations"."amount_pence" >= 0),
	CONSTRAINT "allocations_one_subject" CHECK (num_nonnulls("allocations"."target_id", "allocations"."outcome_key", "allocations"."action_id") <= 1)
);
--> statement-breakpoint
CREATE TABLE "commissioning_decisions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"partnership_id" uuid NOT NULL,
	"service" text NOT NULL,
	"provider_id" uuid,
	"stream_id" uuid,
	"allocation_id" uuid,
	"outcome_key" uuid,
	"decision" text NOT NULL,
	"notice_months" integer,
	"notice_ends_on" date,
	"reason" text NOT NULL,
	"decided_on" date NOT NULL,
	"decided_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"archived_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "finance_settings" (
	"partnership_id" uuid PRIMARY KEY NOT NULL,
	"amber_percent" numeric(6, 2) DEFAULT '2' NOT NULL,
	"red_percent" numeric(6, 2) DEFAULT '5' NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "funding_streams" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"partnership_id" uuid NOT NULL,
	"ref" text NOT NULL,
	"name" text NOT NULL,
	"source" text NOT NULL,
	"kind" text NOT NULL,
	"ring_fenced" boolean DEFAULT false NOT NULL,
	"spend_type" text,
	"parent_id" uuid,
	"accountable_organisation_id" uuid,
	"purpose" text,
	"notes" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"archived_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "protocol_signatures" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"partnership_id" uuid NOT NULL,
	"protocol_version_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"signed_by_name" text NOT NULL,
	"signed_by_user_id" uuid,
	"signed_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "protocol_versions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"partnership_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"text" text NOT NULL,
	"published_at" timestamp with time zone NOT NULL,
	"published_by" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "spend_returns" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"partnership_id" uuid NOT NULL,
	"stream_id" uuid NOT NULL,
	"recipient_id" uuid NOT NULL,
	"period" text NOT NULL,
	"round_id" uuid,
	"actual_pence" bigint NOT NULL,
	"forecast_pence" bigint,
	"explanation" text,
	"status" text DEFAULT 'draft' NOT NULL,
	"status_reason" text,
	"decision" text,
	"decided_with" text,
	"decided_at" timestamp with time zone,
	"overspend_responsibility" text,
	"recorded_at" timestamp with time zone NOT NULL,
	"recorded_by" text NOT NULL,
	"superseded_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "stream_budgets" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"partnership_id" uuid NOT NULL,
	"stream_id" uuid NOT NULL,
	"year" text NOT NULL,
	"amount_pence" bigint NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL,
	"recorded_by" text NOT NULL,
	"superseded_at" timestamp with time zone,
	CONSTRAINT "stream_budgets_amount_nonnegative" CHECK ("stream_budgets"."amount_pence" >= 0)
);
--> statement-breakpoint
ALTER TABLE "allocations" ADD CONSTRAINT "allocations_partnership_id_partnerships_id_fk" FOREIGN KEY ("partnership_id") REFERENCES "public"."partnerships"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "allocations" ADD CONSTRAINT "allocations_stream_id_funding_streams_id_fk" FOREIGN KEY ("stream_id") REFERENCES "public"."funding_streams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "allocations" ADD CONSTRAINT "allocations_recipient_id_organisations_id_fk" FOREIGN KEY ("recipient_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "allocations" ADD CONSTRAINT "allocations_target_id_targets_id_fk" FOREIGN KEY ("target_id") REFERENCES "public"."targets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "allocations" ADD CONSTRAINT "allocations_action_id_actions_id_fk" FOREIGN KEY ("action_id") REFERENCES "public"."actions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "commissioning_decisions" ADD CONSTRAINT "commissioning_decisions_partnership_id_partnerships_id_fk" FOREIGN KEY ("partnership_id") REFERENCES "public"."partnerships"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "commissioning_decisions" ADD CONSTRAINT "commissioning_decisions_provider_id_organisations_id_fk" FOREIGN KEY ("provider_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "commissioning_decisions" ADD CONSTRAINT "commissioning_decisions_stream_id_funding_streams_id_fk" FOREIGN KEY ("stream_id") REFERENCES "public"."funding_streams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "commissioning_decisions" ADD CONSTRAINT "commissioning_decisions_allocation_id_allocations_id_fk" FOREIGN KEY ("allocation_id") REFERENCES "public"."allocations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "finance_settings" ADD CONSTRAINT "finance_settings_partnership_id_partnerships_id_fk" FOREIGN KEY ("partnership_id") REFERENCES "public"."partnerships"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_streams" ADD CONSTRAINT "funding_streams_partnership_id_partnerships_id_fk" FOREIGN KEY ("partnership_id") REFERENCES "public"."partnerships"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_streams" ADD CONSTRAINT "funding_streams_accountable_organisation_id_organisations_id_fk" FOREIGN KEY ("accountable_organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "protocol_signatures" ADD CONSTRAINT "protocol_signatures_partnership_id_partnerships_id_fk" FOREIGN KEY ("partnership_id") REFERENCES "public"."partnerships"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "protocol_signatures" ADD CONSTRAINT "protocol_signatures_protocol_version_id_protocol_versions_id_fk" FOREIGN KEY ("protocol_version_id") REFERENCES "public"."protocol_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "protocol_signatures" ADD CONSTRAINT "protocol_signatures_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "protocol_versions" ADD CONSTRAINT "protocol_versions_partnership_id_partnerships_id_fk" FOREIGN KEY ("partnership_id") REFERENCES "public"."partnerships"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "spend_returns" ADD CONSTRAINT "spend_returns_partnership_id_partnerships_id_fk" FOREIGN KEY ("partnership_id") REFERENCES "public"."partnerships"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "spend_returns" ADD CONSTRAINT "spend_returns_stream_id_funding_streams_id_fk" FOREIGN KEY ("stream_id") REFERENCES "public"."funding_streams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "spend_returns" ADD CONSTRAINT "spend_returns_recipient_id_organisations_id_fk" FOREIGN KEY ("recipient_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "spend_returns" ADD CONSTRAINT "spend_returns_round_id_collection_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."collection_rounds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stream_budgets" ADD CONSTRAINT "stream_budgets_partnership_id_partnerships_id_fk" FOREIGN KEY ("partnership_id") REFERENCES "public"."partnerships"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stream_budgets" ADD CONSTRAINT "stream_budgets_stream_id_funding_streams_id_fk" FOREIGN KEY ("stream_id") REFERENCES "public"."funding_streams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "allocations_stream_idx" ON "allocations" USING btree ("stream_id","year");--> statement-breakpoint
CREATE INDEX "allocations_recipient_idx" ON "allocations" USING btree ("partnership_id","recipient_id");--> statement-breakpoint
CREATE INDEX "commissioning_decisions_partnership_idx" ON "commissioning_decisions" USING btree ("partnership_id","decided_on");--> statement-breakpoint
CREATE UNIQUE INDEX "funding_streams_ref_key" ON "funding_streams" USING btree ("partnership_id",regexp_replace(lower("ref"), '\s+', '', 'g')) WHERE "funding_streams"."archived_at" is null;--> statement-breakpoint
CREATE INDEX "funding_streams_parent_idx" ON "funding_streams" USING btree ("parent_id");--> statement-breakpoint
CREATE UNIQUE INDEX "protocol_signatures_key" ON "protocol_signatures" USING btree ("protocol_version_id","organisation_id");--> statement-breakpoint
CREATE UNIQUE INDEX "protocol_versions_key" ON "protocol_versions" USING btree ("partnership_id","version");--> statement-breakpoint
CREATE UNIQUE INDEX "spend_returns_current_key" ON "spend_returns" USING btree ("stream_id","recipient_id","period") WHERE "spend_returns"."superseded_at" is null;--> statement-breakpoint
CREATE INDEX "spend_returns_partnership_idx" ON "spend_returns" USING btree ("partnership_id","period");--> statement-breakpoint
CREATE UNIQUE INDEX "stream_budgets_current_key" ON "stream_budgets" USING btree ("stream_id","year") WHERE "stream_budgets"."superseded_at" is null;