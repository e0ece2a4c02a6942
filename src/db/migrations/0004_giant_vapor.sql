CREATE TABLE "assessments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"partnership_id" uuid NOT NULL,
	"target_id" uuid NOT NULL,
	"indicator_id" uuid NOT NULL,
	"place_id" uuid NOT NULL,
	"period" text NOT NULL,
	"period_start" date NOT NULL,
	"value" numeric,
	"value_source" text,
	"target_value" numeric,
	"status" text NOT NULL,
	"direction" text NOT NULL,
	"direction_baseline" text NOT NULL,
	"forecast_value" numeric,
	"forecast_status" text NOT NULL,
	"reward_share" numeric,
	"reward_payable" numeric,
	"needs_plan" boolean DEFAULT false NOT NULL,
	"provisional" boolean DEFAULT false NOT NULL,
	"valid_from" timestamp with time zone NOT NULL,
	"valid_to" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "assessments" ADD CONSTRAINT "assessments_partnership_id_partnerships_id_fk" FOREIGN KEY ("partnership_id") REFERENCES "public"."partnerships"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessments" ADD CONSTRAINT "assessments_target_id_targets_id_fk" FOREIGN KEY ("target_id") REFERENCES "public"."targets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessments" ADD CONSTRAINT "assessments_indicator_id_indicators_id_fk" FOREIGN KEY ("indicator_id") REFERENCES "public"."indicators"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessments" ADD CONSTRAINT "assessments_place_id_places_id_fk" FOREIGN KEY ("place_id") REFERENCES "public"."places"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "assessments_current_key" ON "assessments" USING btree ("target_id","place_id","period") WHERE "assessments"."valid_to" is null;--> statement-breakpoint
CREATE INDEX "assessments_partnership_idx" ON "assessments" USING btree ("partnership_id","valid_from");--> statement-breakpoint
CREATE INDEX "assessments_target_idx" ON "assessments" USING btree ("target_id","valid_from");