CREATE TABLE "allocation_versions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"allocation_id" uuid NOT NULL,
	"amount_pence" bigint NOT NULL,
	"recipient_id" uuid NOT NULL,
	"target_id" uuid,
	"outcome_key" uuid,
	"action_id" uuid,
	"profile" jsonb,
	"recorded_at" timestamp with time zone NOT NULL,
	"superseded_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "allocation_versions" ADD CONSTRAINT "allocation_versions_allocation_id_allocations_id_fk" FOREIGN KEY ("allocation_id") REFERENCES "public"."allocations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "allocation_versions" ADD CONSTRAINT "allocation_versions_recipient_id_organisations_id_fk" FOREIGN KEY ("recipient_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "allocation_versions_current_key" ON "allocation_versions" USING btree ("allocation_id") WHERE "allocation_versions"."superseded_at" is null;--> statement-breakpoint
CREATE INDEX "allocation_versions_allocation_idx" ON "allocation_versions" USING btree ("allocation_id","recorded_at");--> statement-breakpoint
-- The allocations made before versions were kept: one version each, as they stand, from when they were made.
INSERT INTO "allocation_versions" ("allocation_id", "amount_pence", "recipient_id", "target_id", "outcome_key", "action_id", "profile", "recorded_at")
SELECT "id", "amount_pence", "recipient_id", "target_id", "outcome_key", "action_id", "profile", "created_at" FROM "allocations";
