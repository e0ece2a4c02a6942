CREATE TABLE "collection_rounds" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"partnership_id" uuid NOT NULL,
	"period" text NOT NULL,
	"period_type" text NOT NULL,
	"opens_on" date NOT NULL,
	"due_on" date NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"archived_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "data_value_versions" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"value_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"value" numeric,
	"numerator" numeric,
	"denominator" numeric,
	"commentary" text,
	"status" text NOT NULL,
	"action" text NOT NULL,
	"reason" text,
	"late" boolean DEFAULT false NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	"recorded_by_user_id" uuid,
	"recorded_by" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "data_values" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"partnership_id" uuid NOT NULL,
	"indicator_id" uuid NOT NULL,
	"place_id" uuid NOT NULL,
	"period" text NOT NULL,
	"period_type" text NOT NULL,
	"round_id" uuid,
	"organisation_id" uuid,
	"value" numeric,
	"numerator" numeric,
	"denominator" numeric,
	"commentary" text,
	"source" text,
	"status" text DEFAULT 'draft' NOT NULL,
	"status_reason" text,
	"late" boolean DEFAULT false NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_by_user_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"archived_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "outbox" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"partnership_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"dedupe_key" text,
	"to_address" text NOT NULL,
	"subject" text NOT NULL,
	"body" text NOT NULL,
	"round_id" uuid,
	"organisation_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone,
	"last_error" text
);
--> statement-breakpoint
CREATE TABLE "round_exceptions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"round_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"granted_until" date NOT NULL,
	"reason" text NOT NULL,
	"granted_by_user_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "collection_rounds" ADD CONSTRAINT "collection_rounds_partnership_id_partnerships_id_fk" FOREIGN KEY ("partnership_id") REFERENCES "public"."partnerships"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "data_value_versions" ADD CONSTRAINT "data_value_versions_value_id_data_values_id_fk" FOREIGN KEY ("value_id") REFERENCES "public"."data_values"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "data_values" ADD CONSTRAINT "data_values_partnership_id_partnerships_id_fk" FOREIGN KEY ("partnership_id") REFERENCES "public"."partnerships"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "data_values" ADD CONSTRAINT "data_values_indicator_id_indicators_id_fk" FOREIGN KEY ("indicator_id") REFERENCES "public"."indicators"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "data_values" ADD CONSTRAINT "data_values_place_id_places_id_fk" FOREIGN KEY ("place_id") REFERENCES "public"."places"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "data_values" ADD CONSTRAINT "data_values_round_id_collection_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."collection_rounds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "data_values" ADD CONSTRAINT "data_values_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outbox" ADD CONSTRAINT "outbox_partnership_id_partnerships_id_fk" FOREIGN KEY ("partnership_id") REFERENCES "public"."partnerships"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "round_exceptions" ADD CONSTRAINT "round_exceptions_round_id_collection_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."collection_rounds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "round_exceptions" ADD CONSTRAINT "round_exceptions_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "collection_rounds_partnership_period_key" ON "collection_rounds" USING btree ("partnership_id","period") WHERE "collection_rounds"."archived_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "data_value_versions_value_version_key" ON "data_value_versions" USING btree ("value_id","version");--> statement-breakpoint
CREATE INDEX "data_value_versions_recorded_idx" ON "data_value_versions" USING btree ("value_id","recorded_at");--> statement-breakpoint
CREATE UNIQUE INDEX "data_values_key" ON "data_values" USING btree ("partnership_id","indicator_id","place_id","period");--> statement-breakpoint
CREATE INDEX "data_values_round_idx" ON "data_values" USING btree ("round_id","organisation_id");--> statement-breakpoint
CREATE INDEX "data_values_partnership_period_idx" ON "data_values" USING btree ("partnership_id","period");--> statement-breakpoint
CREATE UNIQUE INDEX "outbox_dedupe_key" ON "outbox" USING btree ("partnership_id","dedupe_key");--> statement-breakpoint
CREATE INDEX "outbox_partnership_created_idx" ON "outbox" USING btree ("partnership_id","created_at");--> statement-breakpoint
CREATE INDEX "round_exceptions_round_idx" ON "round_exceptions" USING btree ("round_id","organisation_id");